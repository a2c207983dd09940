/**
 * Contracts of the sandbox layer: what a cluster backend must offer (the embedded cluster is the
 * first implementation; a real-cluster backend can be added behind the same interfaces), what a
 * sandbox handle gives the rest of the platform, the starting state of a lesson and the limits.
 */
import type { GradingTarget } from "../grading/types";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { KubeClient } from "../kube/client/types";

/** A fault a lesson starts with. */
export type SandboxFault = { stopNode: string };

/**
 * What a sandbox looks like right after creation or reset (from a lesson's `sandbox:` block).
 * `objects` are complete manifests (apiVersion, kind, metadata.name) applied in order.
 */
export interface StartingState {
  /** the lesson this state comes from ("<course>/<module>/<lesson>"), remembered for later resets */
  lessonId?: string;
  /** total nodes including the control plane */
  nodes: number;
  objects: Record<string, unknown>[];
  faults: SandboxFault[];
}

export const EMPTY_STARTING_STATE: StartingState = { nodes: 3, objects: [], faults: [] };

/** Per-sandbox limits; beyond them the API answers like kube-apiserver does (Status 403/413/429). */
export interface SandboxLimits {
  /** stored objects, all kinds together (403 Forbidden on create beyond it) */
  maxObjects: number;
  /** pods outside kube-system (403 Forbidden on pod create beyond it; controllers report FailedCreate events) */
  maxPods: number;
  /** sustained requests per second (429 TooManyRequests when the burst is used up) */
  requestsPerSecond: number;
  burst: number;
  /** open watch streams (429) */
  maxWatches: number;
  /** request body bytes (413 RequestEntityTooLarge) */
  maxBodyBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  maxObjects: 2000,
  maxPods: 60,
  requestsPerSecond: 50,
  burst: 150,
  maxWatches: 40,
  maxBodyBytes: 1024 * 1024,
};

/** What a backend needs to start (or restore) one sandbox's cluster. */
export interface InstanceSpec {
  /** the sandbox id */
  id: string;
  /** path prefix the cluster's API is mounted under, e.g. "/k8s/<id>" */
  prefix: string;
  /** the bearer token the cluster itself accepts (internal; never shown to a learner) */
  token: string;
  /** PEM of the CA clients trust (kube-root-ca.crt, cluster-info) */
  caPem: string;
  /** the URL clients use, including the prefix (cluster-info) */
  server: string;
  limits: SandboxLimits;
}

/**
 * One running cluster. Guarantees:
 * - `handle`/`upgrade` serve the Kubernetes API under `spec.prefix` and accept only `spec.token`;
 * - `client` is an in-process client with cluster-admin rights, going through the same
 *   admission, validation and storage as HTTP requests;
 * - `snapshot()` captures everything needed to continue later (objects with their revisions,
 *   events, container logs, faults in force) as opaque bytes that `restore` of the same backend accepts;
 * - after `close()` the instance holds no timers, sockets or watch streams.
 */
export interface SandboxInstance {
  readonly client: KubeClient;
  /** node names, control plane first */
  readonly nodes: readonly string[];
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * applies manifests (in order) and faults; throws the first StatusError. Resolves once the
   * objects are stored — the components act on them afterwards (see `settle`)
   */
  apply(state: StartingState): Promise<void>;
  /** faults currently in force */
  faults(): SandboxFault[];
  /**
   * what the grader reads: the same admin client (reads only) plus the backend's traffic probe
   * (an HTTP GET from inside a pod through the cluster's network) and a way to let time pass
   */
  gradingTarget(): GradingTarget;
  /** open watch streams (HTTP) */
  watchCount(): number;
  /** resolves when the cluster's components have no work left (tests) */
  settle(): Promise<void>;
  snapshot(): Promise<Uint8Array>;
  close(): void;
}

/** Creates and restores clusters. Implementations must be safe to call concurrently for different ids. */
export interface SandboxBackend {
  /** e.g. "embedded" */
  readonly kind: string;
  /** a fresh cluster with `nodes` nodes (not yet in any starting state: the manager applies it) */
  create(spec: InstanceSpec, nodes: number): Promise<SandboxInstance>;
  /** a cluster continuing from `snapshot` (bytes from `SandboxInstance.snapshot()` of this backend) */
  restore(spec: InstanceSpec, snapshot: Uint8Array): Promise<SandboxInstance>;
}

/**
 * A live sandbox as the rest of the platform sees it (terminal, editor, live view, API routes).
 * Guarantees: `client`, `nodes` always refer to the CURRENT cluster (a reset swaps it underneath);
 * the handle is valid until the sandbox hibernates — after a "hibernated" event, call
 * `SandboxManager.get(id)` again (it restores). `kubeconfigPath` is a server-side file (mode 0600,
 * outside `workspaceDir`) for kubectl processes run by the platform: it targets `apiUrl` with an
 * internal token and the platform CA, and is rewritten whenever that token changes.
 */
export interface SandboxHandle {
  readonly id: string;
  readonly userId: string;
  readonly courseSlug: string;
  /** the learner's files (editor, terminal `ls`/`cat`, kubectl -f); created on first use; survives reset and hibernation */
  readonly workspaceDir: string;
  readonly kubeconfigPath: string;
  /** this sandbox's API as reached from the server itself, e.g. https://127.0.0.1:3000/k8s/<id> */
  readonly apiUrl: string;
  /** in-process admin client of the current cluster */
  readonly client: KubeClient;
  /** grading target of the current cluster (see SandboxInstance.gradingTarget) */
  gradingTarget(): GradingTarget;
  readonly nodes: readonly string[];
  /** ms since the epoch of the last activity (touch) */
  readonly lastActivity: number;
}

export type SandboxEvent =
  | { type: "created" | "restored" | "reset" | "hibernated"; id: string }
  | { type: "deleted"; id: string };
