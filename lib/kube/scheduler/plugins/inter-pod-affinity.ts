/**
 * InterPodAffinity (plugins/interpodaffinity): required pod affinity / anti-affinity by
 * topology domain, the existing pods' anti-affinity towards the incoming pod, and preferred
 * terms (both ways) as a score.
 */
import type { CycleState, FilterPlugin, FrameworkHandle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../framework/types";
import { MAX_NODE_SCORE } from "../framework/types";
import { SKIP, unresolvable, unschedulable } from "../framework/status";
import type { NodeInfo } from "../framework/node-info";
import { termMatches, type AffinityTerm, type PodInfo } from "../framework/pod-info";

export const INTER_POD_AFFINITY = "InterPodAffinity";
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
/** hardPodAffinityWeight default */
const HARD_POD_AFFINITY_WEIGHT = 1;

type Counts = Map<string, number>;
const pair = (k: string, v: string) => `${k}\u0000${v}`;

interface PreFilterState {
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

function bump(m: Counts, node: NodeInfo, key: string, by: number): void {
  const v = node.labels?.[key];
  if (v === undefined) return;
  const p = pair(key, v);
  const n = (m.get(p) ?? 0) + by;
  if (n === 0) m.delete(p);
  else m.set(p, n);
}

export function newInterPodAffinity(handle: FrameworkHandle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const ns = (n: string) => handle.namespaceLabels(n);
  const matchesAll = (terms: readonly AffinityTerm[], p: PodInfo) => terms.every((t) => termMatches(t, p, ns));
  return {
    name: INTER_POD_AFFINITY,
    events: ["AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete", "NodeAdd", "NodeUpdateLabel", "NamespaceChange"],
    preFilter(s, pod, nodes) {
      const st: PreFilterState = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
      const hasOwn = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
      if (!hasOwn && handle.affinityPods?.().withRequiredAntiAffinity === 0) return SKIP;
      for (const node of nodes) {
        for (const existing of node.podsWithRequiredAntiAffinity)
          for (const t of existing.requiredAntiAffinityTerms) if (termMatches(t, pod, ns)) bump(st.existingAnti, node, t.topologyKey, 1);
        if (!hasOwn) continue;
        for (const existing of node.pods) {
          if (pod.requiredAffinityTerms.length && matchesAll(pod.requiredAffinityTerms, existing))
            for (const t of pod.requiredAffinityTerms) bump(st.affinity, node, t.topologyKey, 1);
          for (const t of pod.requiredAntiAffinityTerms) if (termMatches(t, existing, ns)) bump(st.anti, node, t.topologyKey, 1);
        }
      }
      if (!hasOwn && st.existingAnti.size === 0) return SKIP;
      s.write(INTER_POD_AFFINITY, st);
      return null;
    },
    filter(s, pod, node) {
      const st = s.read<PreFilterState>(INTER_POD_AFFINITY);
      if (!st) return null;
      const labels = node.labels ?? {};
      // satisfyPodAffinity
      if (pod.requiredAffinityTerms.length) {
        let podsExist = true;
        for (const t of pod.requiredAffinityTerms) {
          const v = labels[t.topologyKey];
          if (v === undefined) return unresolvable(ERR_REASON_AFFINITY);
          if ((st.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
        }
        if (!podsExist && !(st.affinity.size === 0 && matchesAll(pod.requiredAffinityTerms, pod))) return unresolvable(ERR_REASON_AFFINITY);
      }
      // satisfyPodAntiAffinity
      if (st.anti.size > 0)
        for (const t of pod.requiredAntiAffinityTerms) {
          const v = labels[t.topologyKey];
          if (v !== undefined && (st.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return unschedulable(ERR_REASON_ANTI_AFFINITY);
        }
      // satisfyExistingPodsAntiAffinity
      if (st.existingAnti.size > 0)
        for (const [k, v] of Object.entries(labels)) if ((st.existingAnti.get(pair(k, v)) ?? 0) > 0) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
      return null;
    },
    preScore(s, pod) {
      const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (!hasConstraints && handle.affinityPods?.().withAffinity === 0) return SKIP;
      const scores = new Map<string, Map<string, number>>();
      const add = (t: AffinityTerm, weight: number, target: PodInfo, node: NodeInfo, mult: number) => {
        if (!termMatches(t, target, ns)) return;
        const v = node.labels?.[t.topologyKey];
        if (v === undefined) return;
        let m = scores.get(t.topologyKey);
        if (!m) scores.set(t.topologyKey, (m = new Map()));
        m.set(v, (m.get(v) ?? 0) + weight * mult);
      };
      for (const node of handle.nodes()) {
        const pods = hasConstraints ? node.pods : node.podsWithAffinity;
        if (pods.length === 0 || !node.labels) continue;
        for (const existing of pods) {
          for (const t of pod.preferredAffinityTerms) add(t, t.weight, existing, node, 1);
          for (const t of pod.preferredAntiAffinityTerms) add(t, t.weight, existing, node, -1);
          for (const t of existing.requiredAffinityTerms) add(t, HARD_POD_AFFINITY_WEIGHT, pod, node, 1);
          for (const t of existing.preferredAffinityTerms) add(t, t.weight, pod, node, 1);
          for (const t of existing.preferredAntiAffinityTerms) add(t, t.weight, pod, node, -1);
        }
      }
      if (scores.size === 0) return SKIP;
      s.write(`${INTER_POD_AFFINITY}/score`, scores);
      return null;
    },
    score(s: CycleState, _pod, node) {
      const scores = s.read<Map<string, Map<string, number>>>(`${INTER_POD_AFFINITY}/score`);
      if (!scores) return 0;
      let total = 0;
      for (const [k, values] of scores) {
        const v = node.labels?.[k];
        if (v !== undefined) total += values.get(v) ?? 0;
      }
      return total;
    },
    normalizeScore(_s, _pod, scores) {
      if (scores.length === 0) return;
      let min = Infinity;
      let max = -Infinity;
      for (const x of scores) {
        if (x < min) min = x;
        if (x > max) max = x;
      }
      const diff = max - min;
      for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
    },
  };
}
