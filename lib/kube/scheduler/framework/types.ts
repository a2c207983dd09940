/**
 * The scheduling framework's extension points (upstream pkg/scheduler/framework/interface.go),
 * cut down to what the embedded scheduler runs: PreFilter, Filter, PreScore, Score (+
 * NormalizeScore). Every plugin is tiny: a name constant, upstream's reason strings, and pure
 * functions of (cycle state, pod, node).
 *
 * Guarantees and obligations:
 * - a scheduling cycle is synchronous: the node infos a plugin sees do not change under it;
 * - plugins MUST NOT modify a PodInfo, a NodeInfo or any informer object;
 * - a Filter returns `null` for a fit, else a Status whose reasons are upstream's strings;
 * - a PreFilter/PreScore returning `SKIP` turns that plugin's Filter/Score off for the cycle;
 * - Score returns 0..MAX_NODE_SCORE after NormalizeScore (which may rescale in place).
 */
import type { KubeObject } from "../../api/types";
import type { Labels } from "../../api/selectors";
import type { NodeInfo } from "./node-info";
import type { PodInfo } from "./pod-info";
import type { Result } from "./status";

export const MAX_NODE_SCORE = 100;

/**
 * one score per node (integers). A plain array of doubles: a typed array this size lives off
 * the JS heap, and allocating one cost more than the whole scoring loop.
 */
export type Scores = number[];

/**
 * a zeroed Scores of length n, with unboxed double elements (filled with a non-integer first),
 * so the garbage collector copies it as raw memory while the cycle history holds it
 */
export function newScores(n: number): Scores {
  const s = new Array<number>(n).fill(0.5);
  for (let i = 0; i < n; i++) s[i] = 0;
  return s;
}

/** a cluster change that may make a rejected pod schedulable (upstream ClusterEvent, simplified) */
export type ClusterEvent =
  | "NodeAdd"
  | "NodeDelete"
  | "NodeUpdateAllocatable"
  | "NodeUpdateLabel"
  | "NodeUpdateTaint"
  | "NodeUpdateImages"
  | "AssignedPodAdd"
  | "AssignedPodUpdate"
  | "AssignedPodDelete"
  | "NamespaceChange"
  | "UnschedulableTimeout";

/** per-cycle scratch space, keyed by plugin name (upstream CycleState) */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** plugins whose PreFilter returned Skip */
  readonly skipFilter = new Set<string>();
  /** plugins whose PreScore returned Skip */
  readonly skipScore = new Set<string>();
  write(key: string, v: unknown): void {
    this.data.set(key, v);
  }
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
}

/** what plugins may read beyond the pod and node: the cache's view of the cluster */
export interface FrameworkHandle {
  /** every node known to the scheduler, in scheduling order */
  nodes(): readonly NodeInfo[];
  /** namespace labels (for namespaceSelector in pod affinity terms) */
  namespaceLabels(ns: string): Labels;
  /** whether any bound or assumed pod has pod (anti-)affinity terms / required anti-affinity (fast skips) */
  affinityPods?(): { withAffinity: number; withRequiredAntiAffinity: number };
  /** Services, ReplicationControllers, ReplicaSets, StatefulSets selecting a pod (default spreading) */
  ownerSelectors?(pod: PodInfo): import("../../api/selectors").LabelSelector | undefined;
}

export interface Plugin {
  readonly name: string;
  /** events that may make a pod this plugin rejected schedulable (EventsToRegister) */
  readonly events: readonly ClusterEvent[];
}
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
}
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Result;
}
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, feasible: readonly NodeInfo[]): Result;
}
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional batch form of `score`: sets `out[i]` to what `score(state, pod, nodes[i])` returns,
   * for every i (one tight loop per plugin instead of one call per node and plugin).
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Scores): void;
  /** rescales `scores` (aligned with `nodes`) in place to 0..MAX_NODE_SCORE */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Scores, nodes: readonly NodeInfo[]): void;
}

export type AnyPlugin = Plugin & Partial<PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin>;
export type PluginFactory = (handle: FrameworkHandle) => AnyPlugin;

export const isPreFilter = (p: AnyPlugin): p is AnyPlugin & PreFilterPlugin => typeof p.preFilter === "function";
export const isFilter = (p: AnyPlugin): p is AnyPlugin & FilterPlugin => typeof p.filter === "function";
export const isPreScore = (p: AnyPlugin): p is AnyPlugin & PreScorePlugin => typeof p.preScore === "function";
export const isScore = (p: AnyPlugin): p is AnyPlugin & ScorePlugin => typeof p.score === "function";

/** an enabled plugin with its score weight (upstream's default profile weights) */
export interface PluginConfig {
  name: string;
  weight?: number;
}

export type { KubeObject };
