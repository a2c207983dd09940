/**
 * TaintToleration (plugins/tainttoleration): NoSchedule/NoExecute taints must be tolerated;
 * nodes with fewer untolerated PreferNoSchedule taints score higher.
 */
import type { FilterPlugin, ScorePlugin } from "../framework/types";
import { unresolvable } from "../framework/status";
import { defaultNormalizeScore, findUntoleratedTaint, toleratesTaint } from "../framework/helpers";

export const TAINT_TOLERATION = "TaintToleration";

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
      const tols = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
      let n = 0;
      for (const taint of node.softTaints) if (!tols.some((t) => toleratesTaint(t, taint))) n++;
      return n;
    },
    normalizeScore: (_s, _p, scores) => defaultNormalizeScore(scores, true),
  };
}
