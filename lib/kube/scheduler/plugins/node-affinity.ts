/**
 * NodeAffinity (plugins/nodeaffinity): spec.nodeSelector and required node affinity must
 * match; each matching preferred term adds its weight to the score.
 */
import type { CycleState, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../framework/types";
import { SKIP, unresolvable } from "../framework/status";
import type { NodeSelectorTerm } from "../framework/api";
import type { PodInfo } from "../framework/pod-info";
import type { NodeInfo } from "../framework/node-info";
import { defaultNormalizeScore, nodeSelectorMatches, nodeSelectorTermMatches } from "../framework/helpers";

export const NODE_AFFINITY = "NodeAffinity";
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

/** the pod's hard node constraints (nodeSelector AND required terms), or undefined when none */
export function requiredNodeAffinity(pod: PodInfo): ((node: NodeInfo) => boolean) | undefined {
  const sel = pod.spec.nodeSelector;
  const selEntries = sel ? Object.entries(sel) : [];
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (selEntries.length === 0 && !terms) return undefined;
  return (node) => {
    for (const [k, v] of selEntries) if (node.labels?.[k] !== v) return false;
    return !terms || nodeSelectorMatches(terms, node.labels, node.name);
  };
}

type Preferred = { weight: number; preference: NodeSelectorTerm }[];

export function newNodeAffinity(): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const prefs = (s: CycleState) => s.read<Preferred>(`${NODE_AFFINITY}/preferred`) ?? [];
  return {
    name: NODE_AFFINITY,
    events: ["NodeAdd", "NodeUpdateLabel"],
    preFilter(s, pod) {
      const match = requiredNodeAffinity(pod);
      if (!match) return SKIP;
      s.write(`${NODE_AFFINITY}/match`, match);
      return null;
    },
    filter(s, _pod, node) {
      const match = s.read<(n: NodeInfo) => boolean>(`${NODE_AFFINITY}/match`);
      return !match || match(node) ? null : unresolvable(ERR_REASON_POD);
    },
    preScore(s, pod) {
      const p = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
      if (!p?.length) return SKIP;
      s.write(`${NODE_AFFINITY}/preferred`, p);
      return null;
    },
    score(s, _pod, node) {
      let total = 0;
      for (const t of prefs(s)) if (t.weight !== 0 && nodeSelectorTermMatches(t.preference, node.labels, node.name)) total += t.weight;
      return total;
    },
    normalizeScore: (_s, _p, scores) => defaultNormalizeScore(scores, false),
  };
}
