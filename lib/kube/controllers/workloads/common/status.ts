/** Status writes through the status subresource, skipped when nothing changed (as upstream). */
import type { KubeObject } from "../../../api/types";
import type { ResourceRef } from "../../../client";
import type { ControllerEnv } from "./base";
import { canonicalJSON } from "./hash";
import type { Condition } from "./types";
import { rfc3339 } from "./refs";

export async function writeStatus(env: ControllerEnv, ref: ResourceRef, obj: KubeObject, status: Record<string, unknown>, cause: string): Promise<KubeObject> {
  if (canonicalJSON(obj.status ?? {}) === canonicalJSON(status)) return obj;
  const next: KubeObject = { ...obj, status };
  const out = await env.ctx.client.update(ref, obj.metadata.namespace, next, { subresource: "status" });
  env.trace("update status", out, cause, "written", summarize(status));
  return out;
}

function summarize(status: Record<string, unknown>): string {
  return Object.entries(status)
    .filter(([, v]) => typeof v === "number" || typeof v === "string")
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}

/** SetCondition-style: replaces the condition of the same type; keeps lastTransitionTime when status is unchanged */
export function setCondition(conds: Condition[] | undefined, c: Condition, now: number, withUpdateTime = false): Condition[] {
  const list = (conds ?? []).slice();
  const i = list.findIndex((x) => x.type === c.type);
  const ts = rfc3339(now);
  const prev = i >= 0 ? list[i] : undefined;
  const next: Condition = { ...c };
  if (withUpdateTime) next.lastUpdateTime = ts;
  next.lastTransitionTime = prev && prev.status === c.status ? (prev.lastTransitionTime ?? ts) : ts;
  if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message && withUpdateTime) next.lastUpdateTime = prev.lastUpdateTime ?? ts;
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

export function removeCondition(conds: Condition[] | undefined, type: string): Condition[] {
  return (conds ?? []).filter((c) => c.type !== type);
}

export function getCondition(conds: Condition[] | undefined, type: string): Condition | undefined {
  return (conds ?? []).find((c) => c.type === type);
}

/** Go's `omitempty` on int32 status fields: zeros vanish from the JSON, except `keep` */
export function omitZero(status: Record<string, unknown>, keep: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) if (v !== 0 || keep.includes(k)) out[k] = v;
  return out;
}
