/**
 * The framework runtime for one profile (upstream frameworkruntime + schedule_one.go's
 * schedulePod): PreFilter, Filter over a round-robin window of nodes (percentageOfNodesToScore),
 * PreScore/Score/NormalizeScore with weights, and selectHost with reservoir sampling for ties.
 *
 * A cycle is synchronous and allocation-light: a fitting node costs no Status object, raw
 * scores live in one array per plugin, and nothing is deep-copied.
 */
import { Code, SKIP, codeName, type Status } from "./status";
import { CycleState, newScores, isFilter, isPreFilter, isPreScore, isScore, MAX_NODE_SCORE, type AnyPlugin, type FilterPlugin, type FrameworkHandle, type PluginConfig, type PluginFactory, type PreFilterPlugin, type ScorePlugin, type Scores } from "./types";
import type { NodeInfo } from "./node-info";
import type { PodInfo } from "./pod-info";
import { newDiagnosis, NO_PREEMPTION_VICTIMS, preemptionFailureMessage, type Diagnosis } from "./fit-error";

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind with the adaptive default percentage (50 - nodes/125, at least 5%) */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  if (pct >= 100) return numAllNodes;
  return Math.max(MIN_FEASIBLE_NODES_TO_FIND, Math.trunc((numAllNodes * pct) / 100));
}

export interface PluginScores {
  plugin: string;
  weight: number;
  /** aligned with ScheduleResult.feasible; undefined when the plugin skipped this pod */
  raw?: Scores;
  normalized?: Scores;
}

export interface ScheduleResult {
  /** the chosen node, or undefined when the pod fits nowhere */
  node?: NodeInfo;
  numAllNodes: number;
  /** nodes the filters looked at (a window of the node list, computed on demand) */
  readonly evaluated: readonly NodeInfo[];
  /** how many nodes the filters looked at */
  numEvaluated: number;
  feasible: readonly NodeInfo[];
  diagnosis: Diagnosis;
  /** per-plugin raw and normalized scores (empty when scoring was skipped: one feasible node) */
  scores: PluginScores[];
  /** weighted sum per feasible node */
  totals: ArrayLike<number>;
  preFilterSkipped: string[];
  preScoreSkipped: string[];
  /** a node where evicting lower-priority pods would make room (preemption is not performed) */
  preemptionCandidate?: string;
  /**
   * every filter's verdict on every evaluated node (small clusters only, for lessons): the
   * decision still uses the first rejection, as upstream; this shows what else would have failed
   */
  allVerdicts?: Map<string, PluginVerdict[]>;
}

export interface PluginVerdict {
  plugin: string;
  /** null: passed */
  status: Status | null;
}

export class Framework {
  readonly plugins: readonly AnyPlugin[];
  private readonly preFilters: (PreFilterPlugin & AnyPlugin)[];
  private readonly filters: (FilterPlugin & AnyPlugin)[];
  private readonly scorers: { plugin: ScorePlugin & AnyPlugin; weight: number }[];
  private nextStartNodeIndex = 0;

  constructor(
    registry: Readonly<Record<string, PluginFactory>>,
    config: readonly PluginConfig[],
    handle: FrameworkHandle,
    private readonly percentageOfNodesToScore = 0,
    /** record every filter's verdict per node when the cluster has at most this many nodes */
    private readonly allVerdictsUpTo = 16,
  ) {
    const weights = new Map<string, number>();
    this.plugins = config.map((c) => {
      const f = registry[c.name];
      if (!f) throw new Error(`scheduler plugin ${JSON.stringify(c.name)} is not registered`);
      weights.set(c.name, c.weight ?? 1);
      return f(handle);
    });
    this.preFilters = this.plugins.filter(isPreFilter);
    this.filters = this.plugins.filter(isFilter);
    this.scorers = this.plugins.filter(isScore).map((p) => ({ plugin: p, weight: weights.get(p.name) ?? 1 }));
  }

  plugin(name: string): AnyPlugin | undefined {
    return this.plugins.find((p) => p.name === name);
  }

  /** RunFilterPlugins: the first rejecting plugin's status (tagged with its name), or null */
  runFilters(state: CycleState, pod: PodInfo, node: NodeInfo, filters = this.activeFilters(state)): Status | null {
    for (const p of filters) {
      const st = p.filter(state, pod, node);
      if (st && st.code !== Code.Success) {
        st.plugin = p.name;
        return st;
      }
    }
    return null;
  }

  private activeFilters(state: CycleState): (FilterPlugin & AnyPlugin)[] {
    return state.skipFilter.size === 0 ? this.filters : this.filters.filter((p) => !state.skipFilter.has(p.name));
  }

  /** one scheduling attempt over `nodes` (the cache's schedulable nodes, in order) */
  schedule(pod: PodInfo, nodes: readonly NodeInfo[], random: () => number): ScheduleResult {
    const state = new CycleState();
    const diagnosis = newDiagnosis();
    let window = { start: 0, count: 0 };
    const result: ScheduleResult = {
      numAllNodes: nodes.length,
      get evaluated() {
        return Array.from({ length: window.count }, (_, i) => nodes[(window.start + i) % nodes.length]!);
      },
      numEvaluated: 0,
      feasible: [],
      diagnosis,
      scores: [],
      totals: [],
      preFilterSkipped: [],
      preScoreSkipped: [],
    };
    if (nodes.length === 0) return result;
    for (const p of this.preFilters) {
      const st = p.preFilter(state, pod, nodes);
      if (!st) continue;
      if (st.code === Code.Skip) {
        state.skipFilter.add(p.name);
        result.preFilterSkipped.push(p.name);
        continue;
      }
      st.plugin = p.name;
      diagnosis.preFilterMsg = st.reasons.join(", ");
      diagnosis.unschedulablePlugins.add(p.name);
      for (const n of nodes) diagnosis.nodeToStatus.set(n.name, st);
      return result;
    }
    // Filter, starting where the last cycle stopped, until enough feasible nodes are found
    const filters = this.activeFilters(state);
    const want = numFeasibleNodesToFind(nodes.length, this.percentageOfNodesToScore);
    const n = nodes.length;
    // sized once (at most `want` nodes are kept), trimmed below
    const feasible = new Array<NodeInfo>(Math.min(want, n));
    let found = 0;
    const start = this.nextStartNodeIndex % n;
    let processed = 0;
    for (let i = start; processed < n && found < want; processed++) {
      const node = nodes[i]!;
      if (++i === n) i = 0;
      const st = this.runFilters(state, pod, node, filters);
      if (!st) feasible[found++] = node;
      else {
        diagnosis.nodeToStatus.set(node.name, st);
        if (st.plugin) diagnosis.unschedulablePlugins.add(st.plugin);
      }
    }
    feasible.length = found;
    this.nextStartNodeIndex = (start + processed) % n;
    window = { start, count: processed };
    result.numEvaluated = processed;
    if (n <= this.allVerdictsUpTo) result.allVerdicts = this.verdicts(state, pod, result.evaluated);
    result.feasible = feasible;
    if (feasible.length === 0) {
      const pf = this.postFilter(state, pod, nodes, diagnosis);
      diagnosis.postFilterMsg = pf.message;
      if (pf.candidate) result.preemptionCandidate = pf.candidate;
      return result;
    }
    if (feasible.length === 1) {
      result.node = feasible[0]!;
      return result;
    }
    this.prioritize(state, pod, feasible, result);
    result.node = selectHost(feasible, result.totals, random);
    return result;
  }

  private verdicts(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Map<string, PluginVerdict[]> {
    const out = new Map<string, PluginVerdict[]>();
    for (const node of nodes)
      out.set(
        node.name,
        this.filters.map((p) => ({ plugin: p.name, status: state.skipFilter.has(p.name) ? SKIP : p.filter(state, pod, node) })),
      );
    return out;
  }

  private prioritize(state: CycleState, pod: PodInfo, feasible: NodeInfo[], result: ScheduleResult): void {
    const n = feasible.length;
    const totals = newScores(n);
    for (const { plugin, weight } of this.scorers) {
      const entry: PluginScores = { plugin: plugin.name, weight };
      result.scores.push(entry);
      if (isPreScore(plugin)) {
        const st = plugin.preScore(state, pod, feasible);
        if (st?.code === Code.Skip) {
          result.preScoreSkipped.push(plugin.name);
          continue;
        }
      }
      const raw = newScores(n);
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, feasible, raw);
      else for (let i = 0; i < n; i++) raw[i] = plugin.score(state, pod, feasible[i]!);
      // without NormalizeScore the raw scores are final: share the array
      const normalized = plugin.normalizeScore ? raw.slice() : raw;
      plugin.normalizeScore?.(state, pod, normalized, feasible);
      for (let i = 0; i < n; i++) {
        const v = normalized[i]!;
        totals[i]! += (v < 0 ? 0 : v > MAX_NODE_SCORE ? MAX_NODE_SCORE : v) * weight;
      }
      entry.raw = raw;
      entry.normalized = normalized;
    }
    result.totals = totals;
  }

  /**
   * The default preemption PostFilter's diagnosis, without evicting anything: a node where
   * removing every lower-priority pod would let the pod fit is a candidate; otherwise the
   * message says why preemption cannot help.
   */
  private postFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], d: Diagnosis): { message: string; candidate?: string } {
    if (pod.spec.preemptionPolicy === "Never") return { message: "preemption: not eligible due to preemptionPolicy=Never." };
    const statuses = new Map<string, Status>();
    for (const node of nodes) {
      const st = d.nodeToStatus.get(node.name);
      if (!st || st.code !== Code.Unschedulable) continue;
      const victims = node.pods.filter((p) => p.priority < pod.priority);
      if (victims.length === 0) {
        statuses.set(node.name, { code: Code.UnschedulableAndUnresolvable, reasons: [NO_PREEMPTION_VICTIMS] });
        continue;
      }
      const what = node.clone();
      for (const v of victims) what.removePod(v.key);
      const again = this.runFilters(state, pod, what);
      if (!again) return { message: "", candidate: node.name };
      statuses.set(node.name, again);
    }
    return { message: preemptionFailureMessage(nodes.length, statuses) };
  }
}

/** selectHost: the highest total; ties broken uniformly at random (reservoir sampling) */
export function selectHost(nodes: readonly NodeInfo[], totals: ArrayLike<number>, random: () => number): NodeInfo {
  let best = 0;
  let count = 1;
  for (let i = 1; i < nodes.length; i++) {
    const s = totals[i]!;
    if (s > totals[best]!) {
      best = i;
      count = 1;
    } else if (s === totals[best]!) {
      count++;
      if (Math.floor(random() * count) === 0) best = i;
    }
  }
  return nodes[best]!;
}

export { SKIP, codeName };
