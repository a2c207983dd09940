/**
 * Evaluators for relations between objects (selects, owns, spread, placement, endpoints) and for
 * traffic through the cluster network (http).
 */
import type { KubeObject } from "../kube/api/types";
import { selectorFromSet } from "../kube/api/selectors";
import { DEFAULT_NAMESPACE, describeObject, kindOf, names, notFound, nsOf, type EvalContext, type Outcome } from "./checks-objects";
import { expectation, plural, satisfies } from "./operators";
import { isLive, type Reader } from "./reader";
import type { CheckSpec, Operators } from "./schema";
import type { KindInfo } from "./types";

/** kinds whose pods/objects are owned through an intermediate object */
const INTERMEDIATE: Record<string, string> = { Deployment: "ReplicaSet", CronJob: "Job" };

/** objects of `kind` in `ns` owned by `owner`, directly or through its ReplicaSets/Jobs */
async function ownedBy(
  reader: Reader,
  owner: KubeObject,
  ownerKind: string,
  kind: KindInfo,
  ns: string | undefined,
): Promise<KubeObject[]> {
  const uids = new Set([owner.metadata.uid]);
  const mid = INTERMEDIATE[ownerKind];
  if (mid && mid !== kind.kind) {
    for (const o of await reader.list(kindOf(mid), ns))
      if (o.metadata.ownerReferences?.some((r) => uids.has(r.uid))) uids.add(o.metadata.uid);
  }
  return (await reader.list(kind, ns)).filter((o) => isLive(o) && o.metadata.ownerReferences?.some((r) => uids.has(r.uid)));
}

export async function evalSelects(s: CheckSpec<"selects">, c: EvalContext): Promise<Outcome> {
  const ns = s.namespace ?? DEFAULT_NAMESPACE;
  const svcInfo = kindOf("Service");
  const wInfo = kindOf(s.workload.kind);
  const svc = await c.reader.get(svcInfo, ns, s.service);
  if (!svc) return { passed: false, message: notFound(svcInfo, s.service, ns) };
  const workload = await c.reader.get(wInfo, ns, s.workload.name);
  if (!workload) return { passed: false, message: notFound(wInfo, s.workload.name, ns) };
  const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!sel || Object.keys(sel).length === 0)
    return { passed: false, message: `Service \`${s.service}\` has no selector, so it selects no pods` };
  const podInfo = kindOf("Pod");
  const selector = selectorFromSet(sel);
  const selected = (await c.reader.list(podInfo, ns)).filter((p) => isLive(p) && selector.matches(p.metadata.labels ?? {}));
  const owned = await ownedBy(c.reader, workload, wInfo.kind, podInfo, ns);
  const ownedNames = new Set(owned.map((p) => p.metadata.name));
  const extra = selected.filter((p) => !ownedNames.has(p.metadata.name));
  const selectedNames = new Set(selected.map((p) => p.metadata.name));
  const missing = owned.filter((p) => !selectedNames.has(p.metadata.name));
  const observed = { selected: selected.map((p) => p.metadata.name), owned: owned.map((p) => p.metadata.name) };
  const selText = Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const w = describeObject(wInfo, s.workload.name, ns);
  if (owned.length === 0) return { passed: false, message: `${w} has no pods yet`, observed };
  if (selected.length === 0)
    return {
      passed: false,
      message: `Service \`${s.service}\` (selector \`${selText}\`) selects no pods; ${w} has ${plural(owned.length, "pod")}`,
      observed,
    };
  if (missing.length > 0)
    return {
      passed: false,
      message: `Service \`${s.service}\` (selector \`${selText}\`) misses ${plural(missing.length, "pod")} of ${w}: ${names(missing)}`,
      observed,
    };
  if (extra.length > 0)
    return {
      passed: false,
      message: `Service \`${s.service}\` (selector \`${selText}\`) also selects ${plural(extra.length, "pod")} that ${extra.length === 1 ? "is" : "are"} not part of ${w}: ${names(extra)}`,
      observed,
    };
  return { passed: true, message: `Service \`${s.service}\` selects exactly the ${plural(owned.length, "pod")} of ${w}`, observed };
}

export async function evalOwns(s: CheckSpec<"owns">, c: EvalContext): Promise<Outcome> {
  const oInfo = kindOf(s.owner.kind);
  const ns = nsOf(oInfo, s.namespace);
  const owner = await c.reader.get(oInfo, ns, s.owner.name);
  if (!owner) return { passed: false, message: notFound(oInfo, s.owner.name, ns) };
  const kind = kindOf(s.kind);
  const owned = await ownedBy(c.reader, owner, oInfo.kind, kind, kind.namespaced ? (ns ?? DEFAULT_NAMESPACE) : undefined);
  const ops: Operators = hasCount(s) ? s : { gte: 1 };
  const passed = satisfies(owned.length, ops);
  const found = `${describeObject(oInfo, s.owner.name, ns)} owns ${plural(owned.length, kind.kind)}`;
  return { passed, message: passed ? found : `${found}, expected ${expectation(ops)}`, observed: owned.map((o) => o.metadata.name) };
}

function hasCount(o: Operators): boolean {
  return [o.equals, o.notEquals, o.gte, o.gt, o.lte, o.lt, o.oneOf].some((x) => x !== undefined);
}

function nodeOf(p: KubeObject): string | undefined {
  return (p.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

export async function evalSpread(s: CheckSpec<"spread">, c: EvalContext): Promise<Outcome> {
  const ns = s.namespace ?? DEFAULT_NAMESPACE;
  const pods = (await c.reader.list(kindOf("Pod"), ns, s.selector)).filter(isLive);
  const nodes = [...new Set(pods.map(nodeOf).filter((n): n is string => !!n))].sort();
  const passed = satisfies(nodes.length, s);
  const found =
    pods.length === 0
      ? `no pods match \`${s.selector}\``
      : `the ${plural(pods.length, "pod")} matching \`${s.selector}\` run on ${plural(nodes.length, "node")}${nodes.length ? ` (${nodes.join(", ")})` : ""}`;
  return { passed, message: passed ? found : `${found}, expected ${expectation(s)} distinct nodes`, observed: nodes };
}

export async function evalPlacement(s: CheckSpec<"placement">, c: EvalContext): Promise<Outcome> {
  const ns = s.namespace ?? DEFAULT_NAMESPACE;
  const pods = (await c.reader.list(kindOf("Pod"), ns, s.selector)).filter(isLive);
  if (pods.length === 0) return { passed: false, message: `no pods match \`${s.selector}\``, observed: {} };
  const allowed =
    s.nodeSelector !== undefined
      ? new Set((await c.reader.list(kindOf("Node"), undefined, s.nodeSelector)).map((n) => n.metadata.name))
      : undefined;
  const where = [
    s.nodeSelector !== undefined ? `a node labelled \`${s.nodeSelector}\`` : "",
    s.node !== undefined ? `node \`${s.node}\`` : "",
  ]
    .filter(Boolean)
    .join(" that is ");
  const observed: Record<string, string | null> = {};
  const pending: string[] = [];
  const wrong: string[] = [];
  for (const p of pods) {
    const n = nodeOf(p);
    const name = p.metadata.name ?? "";
    observed[name] = n ?? null;
    if (!n) pending.push(name);
    else if ((allowed && !allowed.has(n)) || (s.node !== undefined && n !== s.node)) wrong.push(`\`${name}\` is on \`${n}\``);
  }
  if (wrong.length > 0) return { passed: false, message: `${wrong.slice(0, 5).join(", ")}, not on ${where}`, observed };
  if (pending.length > 0)
    return {
      passed: false,
      message: `${plural(pending.length, "pod")} matching \`${s.selector}\` ${pending.length === 1 ? "is" : "are"} not scheduled yet (Pending)`,
      observed,
    };
  return { passed: true, message: `all ${plural(pods.length, "pod")} matching \`${s.selector}\` run on ${where}`, observed };
}

interface SliceShape {
  endpoints?: Array<{ addresses?: string[]; conditions?: { ready?: boolean } }>;
}

export async function evalEndpoints(s: CheckSpec<"endpoints">, c: EvalContext): Promise<Outcome> {
  const ns = s.namespace ?? DEFAULT_NAMESPACE;
  const svcInfo = kindOf("Service");
  if (!(await c.reader.get(svcInfo, ns, s.service))) return { passed: false, message: notFound(svcInfo, s.service, ns) };
  const slices = (await c.reader.list(kindOf("EndpointSlice"), ns, `kubernetes.io/service-name=${s.service}`)) as Array<
    KubeObject & SliceShape
  >;
  const ready = new Set<string>();
  for (const sl of slices)
    for (const e of sl.endpoints ?? []) if (e.conditions?.ready !== false) for (const a of e.addresses ?? []) ready.add(a);
  const n = ready.size;
  const passed = satisfies(n, s);
  const found = `Service \`${s.service}\` has ${plural(n, "ready endpoint")}`;
  return { passed, message: passed ? found : `${found}, expected ${expectation(s)}`, observed: [...ready].sort() };
}

export async function evalHttp(s: CheckSpec<"http">, c: EvalContext): Promise<Outcome> {
  const traffic = c.target.traffic;
  if (!traffic) return { passed: false, message: "this cluster cannot test traffic from a pod, so this check could not run" };
  const ns = s.from?.namespace ?? DEFAULT_NAMESPACE;
  const podInfo = kindOf("Pod");
  let from: KubeObject | undefined;
  if (s.from?.pod !== undefined) {
    from = await c.reader.get(podInfo, ns, s.from.pod);
    if (!from) return { passed: false, message: notFound(podInfo, s.from.pod, ns) };
    if (!running(from)) return { passed: false, message: `Pod \`${s.from.pod}\` is not running, so it cannot send the request` };
  } else {
    const pods = (await c.reader.list(podInfo, ns, s.from?.selector)).filter(isLive);
    from = pods.find(running);
    if (!from)
      return {
        passed: false,
        message:
          s.from?.selector !== undefined
            ? `no running pod matches \`${s.from.selector}\` to send the request from`
            : `no running pod in namespace \`${ns}\` to send the request from`,
      };
  }
  const who = `Pod \`${from.metadata.name}\``;
  const r = await traffic.httpGet({ namespace: ns, name: from.metadata.name ?? "" }, s.url);
  const observed = { from: from.metadata.name, outcome: r.outcome, ...(r.status !== undefined ? { status: r.status } : {}) };
  if (r.outcome !== "connected" || r.status === undefined)
    return { passed: false, message: `GET ${s.url} from ${who} failed: ${r.message}`, observed };
  if (r.status !== s.status)
    return { passed: false, message: `GET ${s.url} from ${who} answered ${r.status}, expected ${s.status}`, observed };
  if (s.body !== undefined && !new RegExp(s.body).test(r.body ?? ""))
    return { passed: false, message: `GET ${s.url} from ${who} answered ${r.status}, but not with the expected page`, observed };
  return { passed: true, message: `GET ${s.url} from ${who} answered ${r.status}`, observed };
}

function running(p: KubeObject): boolean {
  return isLive(p) && (p.status as { phase?: string } | undefined)?.phase === "Running";
}
