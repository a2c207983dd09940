/**
 * TaintToleration (plugins/tainttoleration): NoSchedule/NoExecute taints must be tolerated;
 * nodes with fewer untolerated PreferNoSchedule taints score higher.
 */
import type { FilterPlugin, ScorePlugin } from "../framework/types";
import { unresolvable } from "../framework/status";
import { defaultNormalizeScore, findUntoleratedTaint, toleratesTaint } from "../framework/helpers";
import type { Taint, Toleration } from "../framework/api";

export const TAINT_TOLERATION = "TaintToleration";

/** getAllTolerationPreferNoSchedule */
const preferNoSchedule = (tols: readonly Toleration[] | undefined): Toleration[] => (tols ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");

/** countIntolerableTaintsPreferNoSchedule */
function untolerated(tols: readonly Toleration[], soft: readonly Taint[]): number {
  let n = 0;
  for (const taint of soft) if (!tols.some((t) => toleratesTaint(t, taint))) n++;
  return n;
}

export function newTaintToleration(): FilterPlugin & ScorePlugin {
  return {
    name: TAINT_TOLERATION,
    events: ["NodeAdd", "NodeUpdateTaint"],
    filter(_s, pod, node) {
      if (node.hardTaints.length === 0) return null;
      const taint = findUntoleratedTaint(node.hardTaints, pod.spec.tolerations);
      return taint ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`) : null;
    },
    score(_s, pod, node) {
      if (node.softTaints.length === 0) return 0;
      return untolerated(preferNoSchedule(pod.spec.tolerations), node.softTaints);
    },
    scoreNodes(_s, pod, nodes, out) {
      let tols: Toleration[] | undefined;
      for (let i = 0; i < nodes.length; i++) {
        const soft = nodes[i]!.softTaints;
        out[i] = soft.length === 0 ? 0 : untolerated((tols ??= preferNoSchedule(pod.spec.tolerations)), soft);
      }
    },
    normalizeScore: (_s, _p, scores) => defaultNormalizeScore(scores, true),
  };
}
