/**
 * PodTopologySpread (plugins/podtopologyspread): keeps matching pods evenly spread over
 * topology domains. DoNotSchedule constraints filter (skew = matching pods in the node's
 * domain + self - the global minimum must stay <= maxSkew); ScheduleAnyway constraints score.
 * Pods without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5,
 * ScheduleAnyway) over the selector of the Services/ReplicaSets/StatefulSets owning them.
 */
import type { CycleState, FilterPlugin, FrameworkHandle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../framework/types";
import { MAX_NODE_SCORE } from "../framework/types";
import { SKIP, unresolvable, unschedulable } from "../framework/status";
import { LabelSelector, labelSelectorAsSelector, newRequirement } from "../../api/selectors";
import { LABEL_HOSTNAME, LABEL_ZONE, type TopologySpreadConstraint } from "../framework/api";
import type { NodeInfo } from "../framework/node-info";
import type { PodInfo } from "../framework/pod-info";
import { findUntoleratedTaint } from "../framework/helpers";
import { requiredNodeAffinity } from "./node-affinity";

export const POD_TOPOLOGY_SPREAD = "PodTopologySpread";
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = ERR_REASON_CONSTRAINTS_NOT_MATCH + " (missing required label)";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelector;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorTaints: boolean;
}

export const SYSTEM_DEFAULT_CONSTRAINTS = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_ZONE, maxSkew: 5 },
] as const;

function compile(pod: PodInfo, c: TopologySpreadConstraint): Constraint {
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(c.labelSelector ?? null);
    const extra = (c.matchLabelKeys ?? []).filter((k) => pod.labels?.[k] !== undefined).map((k) => newRequirement(k, "in", [pod.labels![k]!]));
    if (extra.length) selector = selector.add(...extra);
  } catch {
    selector = LabelSelector.nothing();
  }
  return { maxSkew: c.maxSkew, topologyKey: c.topologyKey, selector, minDomains: c.minDomains ?? 1, honorNodeAffinity: c.nodeAffinityPolicy !== "Ignore", honorTaints: c.nodeTaintsPolicy === "Honor" };
}

export function countMatching(pods: readonly PodInfo[], selector: LabelSelector, namespace: string): number {
  let n = 0;
  for (const p of pods) if (!p.terminating && p.namespace === namespace && selector.matches(p.labels)) n++;
  return n;
}

const hasAllKeys = (node: NodeInfo, cs: readonly Constraint[]) => cs.every((c) => node.labels?.[c.topologyKey] !== undefined);

function inclusion(pod: PodInfo): (c: Constraint, node: NodeInfo) => boolean {
  const affinity = requiredNodeAffinity(pod);
  return (c, node) => {
    if (c.honorNodeAffinity && affinity && !affinity(node)) return false;
    if (c.honorTaints && findUntoleratedTaint(node.hardTaints, pod.spec.tolerations)) return false;
    return true;
  };
}

interface FilterState {
  constraints: Constraint[];
  /** per constraint: domain value -> matching pods */
  counts: Map<string, number>[];
}

interface ScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  pairCounts: Map<string, number>;
  weights: number[];
}

export function newPodTopologySpread(handle: FrameworkHandle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const constraintsFor = (pod: PodInfo, when: string) => (pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === when).map((c) => compile(pod, c));
  return {
    name: POD_TOPOLOGY_SPREAD,
    events: ["AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete", "NodeAdd", "NodeUpdateLabel", "NodeUpdateTaint", "NodeDelete"],
    preFilter(s, pod, nodes) {
      const constraints = constraintsFor(pod, "DoNotSchedule");
      if (constraints.length === 0) return SKIP;
      const include = inclusion(pod);
      const counts = constraints.map(() => new Map<string, number>());
      for (const node of nodes) {
        if (!node.node || !hasAllKeys(node, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!include(c, node)) return;
          const v = node.labels![c.topologyKey]!;
          counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countMatching(node.pods, c.selector, pod.namespace));
        });
      }
      s.write(POD_TOPOLOGY_SPREAD, { constraints, counts } satisfies FilterState);
      return null;
    },
    filter(s, pod, node) {
      const st = s.read<FilterState>(POD_TOPOLOGY_SPREAD);
      if (!st) return null;
      for (let i = 0; i < st.constraints.length; i++) {
        const c = st.constraints[i]!;
        const v = node.labels?.[c.topologyKey];
        if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        const domains = st.counts[i]!;
        let min = domains.size < c.minDomains ? 0 : Number.MAX_SAFE_INTEGER;
        if (min !== 0) for (const n of domains.values()) if (n < min) min = n;
        const self = c.selector.matches(pod.labels) ? 1 : 0;
        if ((domains.get(v) ?? 0) + self - min > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
      }
      return null;
    },
    preScore(s, pod, feasible) {
      let constraints = constraintsFor(pod, "ScheduleAnyway");
      const own = (pod.spec.topologySpreadConstraints ?? []).length > 0;
      if (!own) {
        const sel = handle.ownerSelectors?.(pod);
        if (!sel || sel.empty() || sel.isNothing) return SKIP;
        constraints = SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({ ...d, selector: sel, minDomains: 1, honorNodeAffinity: true, honorTaints: false }));
      }
      if (constraints.length === 0) return SKIP;
      const st: ScoreState = { constraints, ignored: new Set(), pairCounts: new Map(), weights: [] };
      const sizes = constraints.map(() => 0);
      for (const node of feasible) {
        if (own && !hasAllKeys(node, constraints)) {
          st.ignored.add(node.name);
          continue;
        }
        constraints.forEach((c, i) => {
          if (c.topologyKey === LABEL_HOSTNAME) return;
          const p = `${c.topologyKey}\u0000${node.labels?.[c.topologyKey] ?? ""}`;
          if (!st.pairCounts.has(p)) {
            st.pairCounts.set(p, 0);
            sizes[i]!++;
          }
        });
      }
      st.weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? feasible.length - st.ignored.size : sizes[i]!) + 2));
      const include = inclusion(pod);
      for (const node of handle.nodes()) {
        if (own && !hasAllKeys(node, constraints)) continue;
        for (const c of constraints) {
          if (c.topologyKey === LABEL_HOSTNAME || !include(c, node)) continue;
          const p = `${c.topologyKey}\u0000${node.labels?.[c.topologyKey] ?? ""}`;
          const cur = st.pairCounts.get(p);
          if (cur === undefined) continue;
          st.pairCounts.set(p, cur + countMatching(node.pods, c.selector, pod.namespace));
        }
      }
      s.write(`${POD_TOPOLOGY_SPREAD}/score`, st);
      return null;
    },
    score(s: CycleState, pod, node) {
      const st = s.read<ScoreState>(`${POD_TOPOLOGY_SPREAD}/score`);
      if (!st || st.ignored.has(node.name)) return 0;
      let score = 0;
      st.constraints.forEach((c, i) => {
        const v = node.labels?.[c.topologyKey];
        if (v === undefined) return;
        const cnt = c.topologyKey === LABEL_HOSTNAME ? countMatching(node.pods, c.selector, pod.namespace) : (st.pairCounts.get(`${c.topologyKey}\u0000${v}`) ?? 0);
        score += cnt * st.weights[i]! + (c.maxSkew - 1);
      });
      return Math.round(score);
    },
    normalizeScore(s, _pod, scores, nodes) {
      const st = s.read<ScoreState>(`${POD_TOPOLOGY_SPREAD}/score`);
      if (!st) return;
      let min = Number.MAX_SAFE_INTEGER;
      let max = 0;
      scores.forEach((x, i) => {
        if (st.ignored.has(nodes[i]!.name)) return;
        if (x < min) min = x;
        if (x > max) max = x;
      });
      for (let i = 0; i < scores.length; i++) {
        if (st.ignored.has(nodes[i]!.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
      }
    },
  };
}
