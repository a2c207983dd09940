/**
 * Pod helpers from pkg/controller/controller_utils.go and pkg/api/v1/pod: activity, readiness,
 * availability, the deletion ranking (ActivePodsWithRanks), slow-start batching and pods
 * from templates.
 */
import type { KubeObject, OwnerReference } from "../../../api/types";
import { deepCopy } from "../../../api/types";
import type { Condition, Pod, PodTemplate } from "./types";
import { parseTime } from "./refs";

export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
/** SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH = 1;

export function podPhase(p: KubeObject): string {
  return (p as Pod).status?.phase ?? "";
}

export function podCondition(p: KubeObject, type: string): Condition | undefined {
  return (p as Pod).status?.conditions?.find((c) => c.type === type);
}

/** IsPodActive: not Succeeded/Failed and not being deleted */
export function isPodActive(p: KubeObject): boolean {
  const ph = podPhase(p);
  return ph !== "Succeeded" && ph !== "Failed" && !p.metadata.deletionTimestamp;
}

/** IsPodTerminating: being deleted but not finished */
export function isPodTerminating(p: KubeObject): boolean {
  const ph = podPhase(p);
  return !!p.metadata.deletionTimestamp && ph !== "Succeeded" && ph !== "Failed";
}

export function isPodReady(p: KubeObject): boolean {
  return podCondition(p, "Ready")?.status === "True";
}

/** IsPodAvailable: ready for at least minReadySeconds */
export function isPodAvailable(p: KubeObject, minReadySeconds: number, now: number): boolean {
  const c = podCondition(p, "Ready");
  if (c?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = parseTime(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** ms until a ready pod becomes available (0 when it already is or never will be on its own) */
export function msUntilAvailable(p: KubeObject, minReadySeconds: number, now: number): number {
  const c = podCondition(p, "Ready");
  if (c?.status !== "True" || minReadySeconds <= 0 || p.metadata.deletionTimestamp) return 0;
  const since = parseTime(c.lastTransitionTime);
  if (since === undefined) return 0;
  return Math.max(0, since + minReadySeconds * 1000 - now);
}

const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: KubeObject): number {
  const v = p.metadata.annotations?.[POD_DELETION_COST];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

function restarts(p: KubeObject): number {
  return ((p as Pod).status?.containerStatuses ?? []).reduce((m, c) => Math.max(m, c.restartCount ?? 0), 0);
}

/** logarithmic bucket of a time span (LogarithmicScaleDown): pods within the same power of two compare equal */
function logBucket(now: number, t: number | undefined): number {
  if (t === undefined) return -1;
  const d = Math.max(0, Math.floor((now - t) / 1000));
  return d === 0 ? 0 : Math.floor(Math.log2(d)) + 1;
}

/**
 * ActivePodsWithRanks.Less: the pod earlier in the order is deleted first.
 * unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower deletion cost;
 * more co-located pods (rank) first; ready more recently first; more restarts first; newer first.
 */
export function deletionOrder(now: number, rank: (p: KubeObject) => number) {
  return (a: KubeObject, b: KubeObject): number => {
    const na = (a as Pod).spec?.nodeName ?? "";
    const nb = (b as Pod).spec?.nodeName ?? "";
    if ((na === "") !== (nb === "")) return na === "" ? -1 : 1;
    const pa = phaseRank[podPhase(a)] ?? 0;
    const pb = phaseRank[podPhase(b)] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = isPodReady(a);
    const rb = isPodReady(b);
    if (ra !== rb) return ra ? 1 : -1;
    const ca = deletionCost(a);
    const cb = deletionCost(b);
    if (ca !== cb) return ca - cb;
    const ka = rank(a);
    const kb = rank(b);
    if (ka !== kb) return kb - ka;
    if (ra && rb) {
      const ta = logBucket(now, parseTime(podCondition(a, "Ready")?.lastTransitionTime));
      const tb = logBucket(now, parseTime(podCondition(b, "Ready")?.lastTransitionTime));
      if (ta !== tb) return ta - tb;
    }
    const xa = restarts(a);
    const xb = restarts(b);
    if (xa !== xb) return xb - xa;
    const ga = logBucket(now, parseTime(a.metadata.creationTimestamp));
    const gb = logBucket(now, parseTime(b.metadata.creationTimestamp));
    if (ga !== gb) return ga - gb;
    return (a.metadata.uid ?? "") < (b.metadata.uid ?? "") ? -1 : (a.metadata.uid ?? "") > (b.metadata.uid ?? "") ? 1 : 0;
  };
}

/** getPodsToDelete: ranks by how many related pods share the node, then takes the first `diff` */
export function podsToDelete(pods: KubeObject[], related: KubeObject[], diff: number, now: number): KubeObject[] {
  if (diff >= pods.length) return pods.slice();
  const perNode = new Map<string, number>();
  for (const p of related) {
    const n = (p as Pod).spec?.nodeName;
    if (n && isPodActive(p)) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: KubeObject) => {
    const n = (p as Pod).spec?.nodeName;
    return n ? (perNode.get(n) ?? 0) : 0;
  };
  return pods.slice().sort(deletionOrder(now, rank)).slice(0, diff);
}

/**
 * slowStartBatch: calls `fn` `count` times in batches of 1, 2, 4, ... stopping after the first
 * batch with an error. Returns how many calls succeeded and the first error.
 */
export async function slowStartBatch(count: number, initial: number, fn: (i: number) => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initial); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn(index++)));
    const failed = results.find((r) => r.status === "rejected");
    successes += results.filter((r) => r.status === "fulfilled").length;
    if (failed) return { successes, error: (failed as PromiseRejectedResult).reason };
    remaining -= batch;
  }
  return { successes };
}

/** GetPodFromTemplate: the template's labels, annotations, finalizers and spec, owned by `ref` */
export function podFromTemplate(template: PodTemplate | undefined, ownerName: string, ref: OwnerReference | undefined): Pod {
  const t = template ?? {};
  const meta: KubeObject["metadata"] = { generateName: `${ownerName}-` };
  if (t.metadata?.labels) meta.labels = { ...t.metadata.labels };
  if (t.metadata?.annotations) meta.annotations = { ...t.metadata.annotations };
  if (t.metadata?.finalizers) meta.finalizers = [...t.metadata.finalizers];
  if (ref) meta.ownerReferences = [ref];
  return { apiVersion: "v1", kind: "Pod", metadata: meta, spec: deepCopy(t.spec ?? {}) };
}
