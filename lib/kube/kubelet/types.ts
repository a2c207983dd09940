/**
 * Kubelet configuration (timings as data, like kwok's stage delays) and the internal seam the
 * kubelet's parts share.
 */
import type { KubeObject } from "../api/types";
import type { KubeClient, EventRecorder } from "../client";
import type { Clock } from "../clock";
import type { NodeRuntime } from "../runtime";

/** Durations in cluster milliseconds. Defaults are realistic but short (see DEFAULT_TIMINGS). */
export interface KubeletTimings {
  /** RunPodSandbox (network setup, pause container) */
  sandboxMs: number;
  /** CreateContainer */
  createMs: number;
  /** StartContainer */
  startMs: number;
  /** after ErrImagePull, the next sync (which reports ImagePullBackOff) */
  imageResyncMs: number;
  /** image and container restart back-off: initial, cap; reset after 2×cap without a failure */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Lease renewal (nodeLeaseDurationSeconds 40 × 0.25) */
  leaseRenewMs: number;
  leaseDurationSeconds: number;
  /** node status is written when it changes, and at least this often (nodeStatusReportFrequency) */
  nodeStatusReportMs: number;
  /** minimum time given to a container after its preStop hook */
  minGraceAfterPreStopMs: number;
}

export const DEFAULT_TIMINGS: KubeletTimings = {
  sandboxMs: 250,
  createMs: 40,
  startMs: 60,
  imageResyncMs: 1500,
  backoffInitialMs: 10_000,
  backoffMaxMs: 300_000,
  leaseRenewMs: 10_000,
  leaseDurationSeconds: 40,
  nodeStatusReportMs: 300_000,
  minGraceAfterPreStopMs: 2000,
};

export interface KubeletCore {
  readonly node: string;
  readonly rt: NodeRuntime;
  readonly clock: Clock;
  readonly client: KubeClient;
  readonly recorder: EventRecorder;
  readonly timings: KubeletTimings;
  /** queues the pod key for a sync, optionally after a delay */
  enqueue(key: string, afterMs?: number): void;
  kubeletVersion: string;
  /** records what the kubelet did in the cluster trace (component `kubelet/<node>`) */
  trace(action: string, pod: KubeObject, detail?: string): void;
}

export const podsRef = { group: "", version: "v1", resource: "pods" };
export const nodesRef = { group: "", version: "v1", resource: "nodes" };
export const leasesRef = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
export const configMapsRef = { group: "", version: "v1", resource: "configmaps" };
export const secretsRef = { group: "", version: "v1", resource: "secrets" };
