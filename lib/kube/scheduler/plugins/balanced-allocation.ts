/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): favours
 * nodes whose CPU and memory fractions stay close after placing the pod:
 * score = (1 - |cpuFraction - memFraction| / 2) * 100. Skipped for best-effort pods.
 */
import type { PreScorePlugin, ScorePlugin } from "../framework/types";
import { MAX_NODE_SCORE } from "../framework/types";
import { SKIP } from "../framework/status";
import type { NodeInfo } from "../framework/node-info";
import type { PodInfo } from "../framework/pod-info";

export const BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

export function balancedScore(pod: PodInfo, node: NodeInfo): number {
  const a = node.allocatable;
  // with one resource (the other's allocatable is 0) the deviation is 0
  if (a.milliCPU === 0 || a.memory === 0) return MAX_NODE_SCORE;
  const cpu = Math.min(1, (node.requestedMilliCPU + pod.requests.milliCPU) / a.milliCPU);
  const mem = Math.min(1, (node.requestedMemory + pod.requests.memory) / a.memory);
  const std = Math.abs((cpu - mem) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function newBalancedAllocation(): PreScorePlugin & ScorePlugin {
  return {
    name: BALANCED_ALLOCATION,
    events: ["AssignedPodDelete", "NodeAdd", "NodeUpdateAllocatable"],
    preScore: (_s, pod) => (pod.requests.milliCPU === 0 && pod.requests.memory === 0 ? SKIP : null),
    score: (_s, pod, node) => balancedScore(pod, node),
    scoreNodes(_s, pod, nodes, out) {
      for (let i = 0; i < nodes.length; i++) out[i] = balancedScore(pod, nodes[i]!);
    },
  };
}
