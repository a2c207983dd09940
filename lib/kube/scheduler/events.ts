/** Which cluster events an informer update amounts to (the queue moves pods on these). */
import type { KubeObject } from "../api/types";
import type { ClusterEvent } from "./framework/types";

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function nodeEvents(old: KubeObject, n: KubeObject): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  const os = (old.status ?? {}) as { allocatable?: unknown; images?: unknown };
  const ns = (n.status ?? {}) as { allocatable?: unknown; images?: unknown };
  const osp = (old.spec ?? {}) as { taints?: unknown; unschedulable?: boolean };
  const nsp = (n.spec ?? {}) as { taints?: unknown; unschedulable?: boolean };
  if (!same(os.allocatable, ns.allocatable)) out.push("NodeUpdateAllocatable");
  if (!same(old.metadata.labels, n.metadata.labels)) out.push("NodeUpdateLabel");
  if (!same(osp.taints, nsp.taints) || !!osp.unschedulable !== !!nsp.unschedulable) out.push("NodeUpdateTaint");
  if (!same(os.images, ns.images)) out.push("NodeUpdateImages");
  return out;
}

/** an assigned pod changed in a way other pods' scheduling can depend on (labels, requests) */
export function podChanged(old: KubeObject, p: KubeObject): boolean {
  if (!same(old.metadata.labels, p.metadata.labels)) return true;
  const res = (o: KubeObject) => ((o.spec as { containers?: { resources?: unknown }[] } | undefined)?.containers ?? []).map((c) => c.resources);
  return !same(res(old), res(p)) || !!old.metadata.deletionTimestamp !== !!p.metadata.deletionTimestamp;
}

/** isPodUpdated: a pending pod changed beyond status, resourceVersion and managedFields */
export function pendingPodUpdated(old: KubeObject, p: KubeObject): boolean {
  return !same(old.spec, p.spec) || !same(old.metadata.labels, p.metadata.labels) || !same(old.metadata.annotations, p.metadata.annotations);
}
