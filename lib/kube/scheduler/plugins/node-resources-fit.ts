/**
 * NodeResourcesFit (plugins/noderesources/fit.go): the pod's requests must fit in the node's
 * allocatable minus what bound and assumed pods already request; scores by LeastAllocated
 * (the default strategy): more free CPU and memory after placing the pod scores higher.
 */
import type { FilterPlugin, ScorePlugin } from "../framework/types";
import { MAX_NODE_SCORE } from "../framework/types";
import { Code, status, type Result } from "../framework/status";
import type { NodeInfo } from "../framework/node-info";
import type { PodInfo } from "../framework/pod-info";

export const NODE_RESOURCES_FIT = "NodeResourcesFit";

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** the node could never hold it, even empty: preemption cannot help */
  unresolvable: boolean;
}

/** fitsRequest: every resource the pod does not fit, in upstream's order */
export function insufficientResources(pod: PodInfo, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const a = node.allocatable;
  if (node.pods.length + 1 > a.pods) out.push({ resource: "pods", reason: "Too many pods", requested: 1, used: node.pods.length, capacity: a.pods, unresolvable: false });
  const r = pod.requests;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !r.scalar?.size) return out;
  if (r.milliCPU > 0 && r.milliCPU > a.milliCPU - node.requestedMilliCPU)
    out.push({ resource: "cpu", reason: "Insufficient cpu", requested: r.milliCPU, used: node.requestedMilliCPU, capacity: a.milliCPU, unresolvable: r.milliCPU > a.milliCPU });
  if (r.memory > 0 && r.memory > a.memory - node.requestedMemory)
    out.push({ resource: "memory", reason: "Insufficient memory", requested: r.memory, used: node.requestedMemory, capacity: a.memory, unresolvable: r.memory > a.memory });
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > a.ephemeralStorage - node.requestedEphemeral)
    out.push({ resource: "ephemeral-storage", reason: "Insufficient ephemeral-storage", requested: r.ephemeralStorage, used: node.requestedEphemeral, capacity: a.ephemeralStorage, unresolvable: r.ephemeralStorage > a.ephemeralStorage });
  for (const [name, want] of r.scalar ?? []) {
    if (want === 0) continue;
    const cap = a.scalar.get(name) ?? 0;
    const used = node.requestedScalar.get(name) ?? 0;
    if (want > cap - used) out.push({ resource: name, reason: `Insufficient ${name}`, requested: want, used, capacity: cap, unresolvable: want > cap });
  }
  return out;
}

export function fitsFilter(pod: PodInfo, node: NodeInfo): Result {
  const a = node.allocatable;
  const r = pod.requests;
  // fast path: the common case allocates nothing
  if (
    node.pods.length + 1 <= a.pods &&
    r.milliCPU <= a.milliCPU - node.requestedMilliCPU &&
    r.memory <= a.memory - node.requestedMemory &&
    r.ephemeralStorage <= a.ephemeralStorage - node.requestedEphemeral &&
    !r.scalar?.size
  )
    return null;
  const missing = insufficientResources(pod, node);
  if (missing.length === 0) return null;
  return status(missing.some((m) => m.unresolvable) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, ...missing.map((m) => m.reason));
}

/** leastRequestedScore: (capacity - requested) * 100 / capacity, 0 when over capacity */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** LeastAllocated over cpu and memory (weight 1 each), using non-zero requests */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  const a = node.allocatable;
  let sum = 0;
  let weights = 0;
  if (a.milliCPU !== 0) {
    sum += leastRequestedScore(node.nonZeroMilliCPU + pod.non0CPU, a.milliCPU);
    weights++;
  }
  if (a.memory !== 0) {
    sum += leastRequestedScore(node.nonZeroMemory + pod.non0Mem, a.memory);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(sum / weights);
}

export function newNodeResourcesFit(): FilterPlugin & ScorePlugin {
  return {
    name: NODE_RESOURCES_FIT,
    events: ["AssignedPodDelete", "AssignedPodUpdate", "NodeAdd", "NodeUpdateAllocatable"],
    filter: (_s, pod, node) => fitsFilter(pod, node),
    score: (_s, pod, node) => leastAllocatedScore(pod, node),
    scoreNodes(_s, pod, nodes, out) {
      for (let i = 0; i < nodes.length; i++) out[i] = leastAllocatedScore(pod, nodes[i]!);
    },
  };
}
