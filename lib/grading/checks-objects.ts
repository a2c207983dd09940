/**
 * Evaluators for checks on objects themselves: exists, absent, field, count, cordoned, event.
 * Each reads through the round's `Reader` and returns a learner-facing message.
 */
import type { KubeObject } from "../kube/api/types";
import { resolveKind } from "./kinds";
import { compact, effective, expectation, plural, satisfies, show } from "./operators";
import { getPath, parsePath } from "./paths";
import { isLive, type Reader } from "./reader";
import type { CheckSpec, Operators } from "./schema";
import type { GradingTarget, KindInfo } from "./types";

export interface Outcome {
  passed: boolean;
  message: string;
  observed?: unknown;
}

export interface EvalContext {
  reader: Reader;
  target: GradingTarget;
  pathTypes: Record<string, string | undefined>;
}

export const DEFAULT_NAMESPACE = "default";

export function kindOf(kind: string): KindInfo {
  const info = resolveKind(kind);
  if (!info) throw new Error(`unknown kind "${kind}" (the exercise was not validated)`);
  return info;
}

export function nsOf(info: KindInfo, ns: string | undefined): string | undefined {
  return info.namespaced ? (ns ?? DEFAULT_NAMESPACE) : undefined;
}

export function describeObject(info: KindInfo, name: string, _ns?: string): string {
  return `${info.kind} \`${name}\``;
}

export function notFound(info: KindInfo, name: string, ns: string | undefined): string {
  return info.namespaced
    ? `there is no ${info.kind} named \`${name}\` in namespace \`${ns}\``
    : `there is no ${info.kind} named \`${name}\``;
}

export async function evalExists(s: CheckSpec<"exists">, c: EvalContext): Promise<Outcome> {
  const info = kindOf(s.kind);
  const ns = nsOf(info, s.namespace);
  const o = await c.reader.get(info, ns, s.name);
  if (!o) return { passed: false, message: notFound(info, s.name, ns), observed: false };
  if (!isLive(o))
    return { passed: false, message: `${describeObject(info, s.name, ns)} exists but is being deleted`, observed: "deleting" };
  return { passed: true, message: `found ${describeObject(info, s.name, ns)}`, observed: true };
}

export async function evalAbsent(s: CheckSpec<"absent">, c: EvalContext): Promise<Outcome> {
  const info = kindOf(s.kind);
  const ns = nsOf(info, s.namespace);
  if (s.name !== undefined) {
    const o = await c.reader.get(info, ns, s.name);
    if (!o) return { passed: true, message: `${describeObject(info, s.name, ns)} is gone`, observed: false };
    return {
      passed: false,
      message: `${describeObject(info, s.name, ns)} still exists${isLive(o) ? "" : " (it is being deleted)"}`,
      observed: true,
    };
  }
  const items = (await c.reader.list(info, ns, s.selector)).filter(isLive);
  if (items.length === 0) return { passed: true, message: `no ${info.kind} matches \`${s.selector}\``, observed: [] };
  return {
    passed: false,
    message: `${plural(items.length, info.kind)} still ${items.length === 1 ? "matches" : "match"} \`${s.selector}\`: ${names(items)}`,
    observed: items.map((i) => i.metadata.name),
  };
}

export async function evalField(s: CheckSpec<"field">, c: EvalContext): Promise<Outcome> {
  const info = kindOf(s.kind);
  const ns = nsOf(info, s.namespace);
  const o = await c.reader.get(info, ns, s.name);
  if (!o) return { passed: false, message: notFound(info, s.name, ns) };
  const raw = getPath(o, parsePath(s.path));
  const v = effective(raw, c.pathTypes[s.path]);
  const passed = satisfies(v, s, raw);
  const found = s.label ? foundWithLabel(v, s.label) : `\`${s.path}\` of ${describeObject(info, s.name, ns)} is ${show(v)}`;
  return { passed, message: passed ? found : `${found}, expected ${expectation(s)}`, observed: compact(v) };
}

function foundWithLabel(v: unknown, label: string): string {
  if (typeof v === "number") return `found ${v} ${label}`;
  if (v === undefined) return `${label}: not set`;
  return `found ${label} ${show(v)}`;
}

export async function evalCount(s: CheckSpec<"count">, c: EvalContext): Promise<Outcome> {
  const info = kindOf(s.kind);
  const ns = nsOf(info, s.namespace);
  const items = (await c.reader.list(info, ns, s.selector)).filter(isLive);
  const where = s.where ?? [];
  const matching = items.filter((o) =>
    where.every((w) => {
      const raw = getPath(o, parsePath(w.path));
      return satisfies(effective(raw, c.pathTypes[w.path]), w, raw);
    }),
  );
  const n = matching.length;
  const passed = satisfies(n, s);
  const what =
    s.label ??
    `${info.kind}${n === 1 ? "" : "s"}${s.selector ? ` matching \`${s.selector}\`` : ""}${where.length ? ` with ${where.map(condition).join(" and ")}` : ""}`;
  const found = `found ${n} ${what}`;
  return { passed, message: passed ? found : `${found}, expected ${expectation(s)}`, observed: matching.map((o) => o.metadata.name) };
}

function condition(w: Operators & { path: string }): string {
  return `\`${w.path}\` ${expectation(w)}`;
}

export async function evalCordoned(s: CheckSpec<"cordoned">, c: EvalContext): Promise<Outcome> {
  const info = kindOf("Node");
  const node = await c.reader.get(info, undefined, s.node);
  if (!node) return { passed: false, message: notFound(info, s.node, undefined) };
  const cordoned = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  const passed = cordoned === s.value;
  const state = cordoned
    ? `Node \`${s.node}\` is cordoned (SchedulingDisabled)`
    : `Node \`${s.node}\` is not cordoned: the scheduler may place new pods on it`;
  return { passed, message: state, observed: cordoned };
}

interface EventShape {
  reason?: string;
  type?: string;
  message?: string;
  note?: string;
  count?: number;
  series?: { count?: number };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  regarding?: { kind?: string; name?: string };
}

export async function evalEvent(s: CheckSpec<"event">, c: EvalContext): Promise<Outcome> {
  const info = kindOf("Event");
  const ns = s.namespace ?? DEFAULT_NAMESPACE;
  const events = (await c.reader.list(info, ns)) as Array<KubeObject & EventShape>;
  const re = s.message !== undefined ? new RegExp(s.message) : undefined;
  let n = 0;
  for (const e of events) {
    const about = e.involvedObject ?? e.regarding ?? {};
    if (e.reason !== s.reason) continue;
    if (s.type !== undefined && e.type !== s.type) continue;
    if (s.kind !== undefined && about.kind !== s.kind) continue;
    if (s.name !== undefined && about.name !== s.name) continue;
    if (re && !re.test(e.message ?? e.note ?? "")) continue;
    n += Math.max(1, e.count ?? e.series?.count ?? 1);
  }
  const ops: Operators = hasAny(s) ? s : { gte: 1 };
  const passed = satisfies(n, ops);
  const about = s.kind ? ` for ${s.kind}${s.name ? ` \`${s.name}\`` : "s"}` : s.name ? ` for \`${s.name}\`` : "";
  const found = n === 0 ? `no \`${s.reason}\` event${about} in namespace \`${ns}\`` : `found ${plural(n, `\`${s.reason}\` event`)}${about}`;
  return { passed, message: passed || n === 0 ? found : `${found}, expected ${expectation(ops)}`, observed: n };
}

function hasAny(o: Operators): boolean {
  return (
    o.equals !== undefined ||
    o.gte !== undefined ||
    o.gt !== undefined ||
    o.lte !== undefined ||
    o.lt !== undefined ||
    o.oneOf !== undefined ||
    o.notEquals !== undefined
  );
}

export function names(items: KubeObject[]): string {
  const list = items.slice(0, 5).map((i) => `\`${i.metadata.name ?? ""}\``);
  return items.length > 5 ? `${list.join(", ")} and ${items.length - 5} more` : list.join(", ");
}
