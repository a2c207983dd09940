/**
 * Contracts of the grader: what an exercise's checks look like once validated (`Exercise`), what
 * the grader reads (`GradingTarget`) and what it answers (`GradeResult`).
 *
 * Guarantees of `grade` (see grade.ts):
 * - it only reads (get/list through the Kubernetes API); it never writes to the target;
 * - messages are written for a learner and describe what was found and what was expected by the
 *   task, never a command or manifest that would solve it;
 * - `score` is the sum of the points of the checks that passed (partial credit); `total` their sum;
 * - `evidence` is a compact snapshot of the objects read (kind, namespace, name, resourceVersion)
 *   and the values observed per check, small enough to store with every attempt.
 */
import type { KubeClient, ResourceRef } from "../kube/client/types";
import type { Check } from "./schema";

export type { Check, CheckSpec, ExerciseSpec, Operators } from "./schema";

/** A validated exercise as the grader runs it (from the lesson's `*.exercises.yaml`). */
export interface Exercise {
  id: string;
  /** score a fresh sandbox in the lesson's starting state gets (usually 0; the solution test asserts it) */
  startingScore: number;
  hints: string[];
  checks: Check[];
  /** sum of the checks' points */
  total: number;
}

export interface PodRef {
  namespace: string;
  name: string;
}

export type ProbeOutcome = "connected" | "refused" | "timeout" | "unresolved";

export interface HttpProbeResult {
  outcome: ProbeOutcome;
  /** HTTP status when connected */
  status?: number;
  body?: string;
  /** the client-side error text ("Connection refused", "Could not resolve host: web") */
  message: string;
}

/**
 * Optional capability of a target: an HTTP GET from inside a pod, through the cluster's network
 * exactly as `kubectl exec <pod> -- wget -qO- <url>` would go (DNS, Service rules, NetworkPolicy).
 * The embedded cluster implements it with its simulated data path; a real-cluster backend may
 * exec into the pod or run a probe pod.
 */
export interface TrafficProbe {
  httpGet(from: PodRef, url: string): Promise<HttpProbeResult> | HttpProbeResult;
}

/** What the grader grades: reads through the Kubernetes API, plus optional capabilities. */
export interface GradingTarget {
  client: Pick<KubeClient, "get" | "list">;
  traffic?: TrafficProbe;
  /**
   * lets cluster time pass (for checks with `within`); real backends sleep, tests advance a
   * FakeClock. Without it, "eventually" checks are evaluated once.
   */
  wait?(ms: number): Promise<void>;
}

export interface CheckResult {
  id: string;
  /** learner-facing: what the check asks, e.g. "Deployment `web` has 3 ready replicas" */
  title: string;
  passed: boolean;
  points: number;
  earned: number;
  /** learner-facing: what was found, e.g. "found 2 ready replicas, expected at least 3" */
  message: string;
}

export interface EvidenceObject {
  kind: string;
  namespace?: string;
  name: string;
  resourceVersion?: string;
}

export interface Evidence {
  /** every object the checks read, once each */
  objects: EvidenceObject[];
  /** check id → the value(s) observed (numbers, short strings, name lists) */
  observed: Record<string, unknown>;
}

export interface GradeResult {
  exerciseId: string;
  score: number;
  total: number;
  passed: boolean;
  checks: CheckResult[];
  evidence: Evidence;
}

/** kind → REST resource, resolved at validation time */
export interface KindInfo extends ResourceRef {
  kind: string;
  namespaced: boolean;
}
