/** Pod subresources and the legacy bindings resource: binding, eviction, log. */
import { errors } from "../../api/errors";
import type { KubeObject } from "../../api/types";
import { type HttpContext, decodeBodyFor } from "../context";
import { rfc3339, storageKey, traceStage } from "../meta";
import { storeError } from "../rest/common";
import { writeJSON } from "../responses";
import { deleteObject, type DeleteOptions } from "../rest/delete";
import { getObject } from "../rest/read";
import type { LogOptions, OpContext, ServerCore } from "../types";
import type { AdmissionPlugin } from "../admission";
import { isTrue } from "../request-info";
import { checkDisruptionBudgets } from "./eviction";

const POD = { group: "", resource: "pods" };
const successStatus = (code: number) => ({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code });

/** POST pods/x/binding or bindings: assigns spec.nodeName (pkg/registry/core/pod/storage BindingREST). */
export async function handleBinding(ctx: HttpContext, podName: string | undefined): Promise<void> {
  const binding = await decodeBodyFor(ctx, { group: "", version: "v1", kind: "Binding" });
  bindPod(ctx.state.core, ctx.op, ctx.namespace, podName, binding);
  writeJSON(ctx.res, 201, successStatus(201));
}

/** Assigns a pod to the Binding's target node (upstream BindingREST.Create + assignPod). */
export function bindPod(core: ServerCore, op: OpContext, namespace: string, podName: string | undefined, binding: KubeObject): void {
  const name = podName ?? binding.metadata.name ?? "";
  if (podName !== undefined && binding.metadata.name && binding.metadata.name !== podName) {
    throw errors.badRequest("name in URL does not match name in Binding object");
  }
  const target = binding.target as { kind?: string; name?: string } | undefined;
  if (!target?.name) throw errors.invalid("", "Binding", name, [{ type: "FieldValueRequired", field: "target.name", detail: "" }]);
  if (target.kind && target.kind !== "Node") {
    throw errors.invalid("", "Binding", name, [{ type: "FieldValueNotSupported", field: "target.kind", value: target.kind, detail: 'supported values: "Node", "<empty>"' }]);
  }
  const podDef = core.resolve("", "pods")!;
  // upstream's assignPod writes storage directly (a GuaranteedUpdate), bypassing the pod strategy
  const key = storageKey(podDef, namespace, name);
  const existing = core.store.get(key);
  if (!existing) throw errors.notFound(POD, name);
  if (existing.metadata.deletionTimestamp) {
    throw errors.conflict({ group: "", resource: "pods/binding" }, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  const nodeName = (existing.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName) throw errors.conflict({ group: "", resource: "pods/binding" }, name, `pod ${name} is already assigned to node "${nodeName}"`);
  // build the new pod from the stored one, changing only what binding changes, so the store
  // reuses the untouched frozen subtrees instead of copying and freezing the whole pod again
  // the new parts are frozen here: they hold only the stored pod's (frozen) members and
  // strings, so the store takes them as they are instead of copying them again
  const spec = Object.freeze({ ...(existing.spec as Record<string, unknown>), nodeName: target.name });
  const anns = binding.metadata.annotations;
  const metadata = anns ? { ...existing.metadata, annotations: { ...(existing.metadata.annotations ?? {}), ...anns } } : existing.metadata;
  type Cond = { type: string; status: string; lastProbeTime?: null; lastTransitionTime?: string };
  const oldStatus = (existing.status ?? {}) as { conditions?: Cond[] };
  const conds = [...(oldStatus.conditions ?? [])];
  const now = rfc3339(core.clock.now());
  const idx = conds.findIndex((c) => c.type === "PodScheduled");
  if (idx >= 0) conds[idx] = Object.freeze({ ...conds[idx]!, status: "True", lastTransitionTime: conds[idx]!.status === "True" ? conds[idx]!.lastTransitionTime : now });
  else conds.push(Object.freeze({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now }));
  const status = Object.freeze({ ...oldStatus, conditions: Object.freeze(conds) });
  const pod: KubeObject = { ...existing, metadata: { ...metadata }, spec, status };
  if (!op.dryRun) {
    try {
      const stored = core.store.update(key, pod, { expectedRevision: Number(existing.metadata.resourceVersion) });
      traceStage(core, op, "storage", "written", { object: stored, resourceVersion: stored.metadata.resourceVersion });
    } catch (e) {
      throw storeError(podDef, name, e);
    }
  }
  traceStage(core, op, "bind", "bound", { object: { kind: "Pod", namespace, name }, detail: `to node ${target.name}` });
}

/** POST pods/x/eviction (policy/v1 Eviction): deletes the pod with the eviction's DeleteOptions. */
export async function handleEviction(ctx: HttpContext): Promise<void> {
  const ev = await decodeBodyFor(ctx, { group: "policy", version: "v1", kind: "Eviction" });
  evictPod(ctx.state.core, ctx.state.plugins, ctx.op, ctx.namespace, ctx.info.name, ev);
  writeJSON(ctx.res, 201, successStatus(201));
}

/** Deletes a pod on behalf of an Eviction, if its PodDisruptionBudget allows. */
export function evictPod(core: ServerCore, plugins: readonly AdmissionPlugin[], op: OpContext, namespace: string, name: string, ev: KubeObject): void {
  if (ev.metadata?.name && ev.metadata.name !== name) throw errors.badRequest("name in URL does not match name in Eviction object");
  const podDef = core.resolve("", "pods")!;
  const pod = getObject(core, podDef, namespace, name);
  const opts = (ev.deleteOptions ?? {}) as DeleteOptions & { dryRun?: string[] };
  if (opts.dryRun?.includes("All")) op.dryRun = true;
  checkDisruptionBudgets(core, op, pod);
  deleteObject(core, plugins, op, podDef, namespace, name, opts);
}

interface ContainerSpec {
  name: string;
}

function parseLogOptions(ctx: HttpContext, pod: KubeObject): LogOptions {
  const q = ctx.query;
  const spec = pod.spec as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[]; ephemeralContainers?: ContainerSpec[] } | undefined;
  const containers = (spec?.containers ?? []).map((c) => c.name);
  const inits = (spec?.initContainers ?? []).map((c) => c.name);
  const ephemeral = (spec?.ephemeralContainers ?? []).map((c) => c.name);
  let container = q.get("container") ?? "";
  const podName = pod.metadata.name ?? "";
  if (!container) {
    if (containers.length === 1) container = containers[0]!;
    else {
      let msg = `a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`;
      if (inits.length) msg += ` or one of the init containers: [${inits.join(" ")}]`;
      if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(" ")}]`;
      throw errors.badRequest(msg);
    }
  } else if (![...containers, ...inits, ...ephemeral].includes(container)) {
    throw errors.badRequest(`container ${container} is not valid for pod ${podName}`);
  }
  const int = (k: string): number | undefined => {
    const v = q.get(k);
    if (v === null) return undefined;
    if (!/^-?\d+$/.test(v)) throw errors.badRequest(`${k}: Invalid value: "${v}"`);
    return Number(v);
  };
  const opts: LogOptions = { container, follow: isTrue(q.get("follow")), previous: isTrue(q.get("previous")), timestamps: isTrue(q.get("timestamps")) };
  const tail = int("tailLines");
  if (tail !== undefined) opts.tailLines = tail;
  const limitBytes = int("limitBytes");
  if (limitBytes !== undefined) opts.limitBytes = limitBytes;
  const since = int("sinceSeconds");
  if (since !== undefined) opts.sinceSeconds = since;
  const sinceTime = q.get("sinceTime");
  if (sinceTime) opts.sinceTime = sinceTime;
  return opts;
}

/** GET pods/x/log: text/plain from the cluster's LogSource; an unscheduled pod has no logs yet. */
export function handleLog(ctx: HttpContext): void {
  const core = ctx.state.core;
  const pod = getObject(core, ctx.def, ctx.namespace, ctx.info.name);
  const opts = parseLogOptions(ctx, pod);
  const res = ctx.res;
  if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": 0 });
    res.end();
    return;
  }
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    ctx.req.socket.setTimeout(0);
    res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
  };
  const handle = core.logSource.open(pod, opts, {
    write(chunk) {
      start();
      if (!res.writableEnded) res.write(chunk);
    },
    end() {
      start();
      if (!res.writableEnded) res.end();
    },
  });
  res.on("close", () => handle.stop());
}
