/**
 * Shared types of the embedded kube-apiserver: options, limits, the per-request operation
 * context and the pluggable log source.
 */
import type { KubeObject } from "../api/types";
import type { Clock } from "../clock";
import type { ResourceDefinition, RegistryContext } from "../registry/types";
import type { Store } from "../store/types";
import type { Trace } from "../trace";

export interface ApiServerLimits {
  /** objects stored in the cluster, all kinds together (403 beyond it) */
  maxObjects: number;
  /** request body bytes (413 beyond it); upstream's default is 3 MiB */
  maxBodyBytes: number;
  /** open watch streams (429 beyond it) */
  maxWatches: number;
  /** sustained requests per second of cluster time (token bucket refill rate; 429 when empty) */
  requestsPerSecond: number;
  /** token bucket size */
  burst: number;
}

export const DEFAULT_LIMITS: ApiServerLimits = {
  maxObjects: 5000,
  maxBodyBytes: 3 * 1024 * 1024,
  maxWatches: 200,
  requestsPerSecond: 200,
  burst: 400,
};

export interface UserInfo {
  username: string;
  uid: string;
  groups: string[];
}

/** kubeadm's admin user (admin.conf) */
export const CLUSTER_ADMIN: UserInfo = {
  username: "kubernetes-admin",
  uid: "",
  groups: ["kubeadm:cluster-admins", "system:authenticated"],
};

/** Options of `GET pods/x/log`, already parsed. */
export interface LogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

export interface LogSink {
  write(chunk: string): void;
  end(): void;
}

/**
 * Where container logs come from (the kubelets, later). `open` either throws a StatusError
 * (container not started, unknown container…), or writes to `sink` — synchronously or over time
 * when following — and returns a handle the server stops when the client goes away.
 */
export interface LogSource {
  open(pod: KubeObject, opts: LogOptions, sink: LogSink): { stop(): void };
}

/** One request's identity and options, threaded through admission, validation and storage. */
export interface OpContext {
  /** e.g. "req-12"; the trace's `cause` */
  requestId: string;
  user: UserInfo;
  dryRun: boolean;
  /** the manager recorded in managedFields */
  fieldManager: string;
  /** `Warning` headers to send */
  warnings: string[];
}

export interface ServerCore {
  store: Store;
  clock: Clock;
  trace: Trace;
  limits: ApiServerLimits;
  logSource: LogSource;
  random: () => number;
  newUid: () => string;
  registryContext: RegistryContext;
  resolve(group: string, resource: string): ResourceDefinition | undefined;
  resolveKind(group: string, kind: string): ResourceDefinition | undefined;
}

/** A parsed `pods/x/exec` or `pods/x/attach` request (PodExecOptions / PodAttachOptions). */
export interface StreamRequest {
  kind: "exec" | "attach";
  pod: KubeObject;
  container: string;
  /** exec only */
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** How a session ends: the command's exit code, or the kubelet's error (upstream's text). */
export type StreamExit = { code: number } | { error: string };

/** The client's end of a session, as the protocol server offers it to the container side. */
export interface StreamSink {
  stdout(data: string): void;
  /** ignored when the session has a TTY (stderr is merged into stdout by the terminal) */
  stderr(data: string): void;
  /** the process ended: the server sends the final status and closes; call once */
  exit(result: StreamExit): void;
}

/** The container's end of a running session. */
export interface StreamSession {
  /** bytes from the client's stdin */
  stdin(data: string): void;
  /** the client closed stdin (v5 `[255, 0]`, SPDY stdin stream FIN) */
  closeStdin(): void;
  resize(width: number, height: number): void;
  /** the client went away: stop the exec'd process (attach leaves the main process running) */
  close(): void;
}

/**
 * Where exec/attach sessions run (the kubelets' container runtimes). `open` validates the
 * request against the node (container running, etc.) and throws a StatusError before any
 * upgrade happens; `start` then runs the session, writing to `sink` over time.
 */
export interface StreamSource {
  open(req: StreamRequest): { start(sink: StreamSink): StreamSession };
}
