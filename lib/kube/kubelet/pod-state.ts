/**
 * What a kubelet remembers about one pod (by UID) between syncs: admission, its sandbox, the
 * reason cache (last failure per container), back-offs, probe results and termination.
 */
import type { KubeObject } from "../api/types";
import type { Sandbox } from "../runtime";

export interface Backoff {
  delayMs: number;
  /** when the back-off was last extended (flowcontrol's lastUpdate) */
  lastUpdate: number;
}

export interface PodState {
  uid: string;
  key: string;
  pod: KubeObject;
  startTime: number;
  admitted: boolean;
  rejected?: { reason: string; message: string };
  sandbox?: Sandbox;
  /** the sandbox was torn down (pod finished) */
  sandboxGone?: boolean;
  /** a sandbox/pull/create/start step is in flight */
  busy: boolean;
  /** the kubelet's reason cache: waiting reason per container name while it isn't running */
  waiting: Map<string, { reason: string; message?: string }>;
  restartBackoff: Map<string, Backoff>;
  imageBackoff: Map<string, Backoff>;
  /** the last pull error per image (for ImagePullBackOff's message) */
  lastPullError: Map<string, string>;
  /** a container whose start failed with a sync error is retried after this time (the pod worker's 10 s back-off) */
  retryAt: Map<string, number>;
  /** probe results by container id */
  ready: Map<string, boolean>;
  started: Map<string, boolean>;
  /** containers killed because their spec changed (restarted whatever the restart policy) */
  changed: Set<string>;
  /** container ids the kubelet is killing (liveness failure, deletion) */
  killing: Set<string>;
  /** back-off events already reported: `${name}/${attempt}` */
  reported: Set<string>;
  terminating?: { since: number };
  allStopped: boolean;
  /** the last status written, and its JSON */
  lastStatus?: string;
  lastStatusObj?: Record<string, unknown>;
  /** the pod object was deleted through the API by us */
  deleted?: boolean;
}

export function newPodState(pod: KubeObject, key: string, now: number): PodState {
  return {
    uid: pod.metadata.uid ?? "",
    key,
    pod,
    startTime: now,
    admitted: false,
    busy: false,
    waiting: new Map(),
    restartBackoff: new Map(),
    imageBackoff: new Map(),
    lastPullError: new Map(),
    retryAt: new Map(),
    ready: new Map(),
    started: new Map(),
    killing: new Set(),
    changed: new Set(),
    reported: new Set(),
    allStopped: false,
  };
}
