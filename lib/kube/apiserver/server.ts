/**
 * `createApiServer`: one cluster's kube-apiserver as a plain Node request handler, mountable
 * under a path prefix, with an `upgrade` hook for streaming subresources.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { errors } from "../api/errors";
import type { Clock } from "../clock";
import type { RegistryContext } from "../registry/types";
import type { Store } from "../store/types";
import type { Trace } from "../trace";
import { DEFAULT_PLUGINS, type AdmissionPlugin } from "./admission";
import { TokenAuthenticator } from "./auth";
import { isVirtual, lookupKind, lookupResource, servedResources } from "./builtin-resources";
import type { ServerState } from "./context";
import { KUBE_VERSION, type VersionInfo } from "./discovery";
import { TokenBucket } from "./limits";
import { createLoopback, type Loopback } from "./loopback";
import { storageKey, storagePrefix } from "./meta";
import { handleRequest, stripPrefix } from "./router";
import { writeError } from "./responses";
import { DEFAULT_LIMITS, type ApiServerLimits, type LogSource, type ServerCore, type StreamSource } from "./types";
import { handleStreamUpgrade } from "./streaming";

export interface ApiServerOptions {
  store: Store;
  clock: Clock;
  trace: Trace;
  /** the cluster admin's bearer token */
  token: string;
  /** path prefix the server is mounted under, e.g. "/sandboxes/abc/k8s" (default "") */
  prefix?: string;
  limits?: Partial<ApiServerLimits>;
  /** where pod logs come from (default: containers have not started) */
  logSource?: LogSource;
  /** where exec/attach sessions run (the kubelets); default: no container can be reached */
  streamSource?: StreamSource;
  admissionPlugins?: readonly AdmissionPlugin[];
  version?: VersionInfo;
  /** randomness for generated names (default Math.random) */
  random?: () => number;
  /** uid generator (default crypto.randomUUID) */
  newUid?: () => string;
}

export interface ApiServer {
  (req: IncomingMessage, res: ServerResponse): void;
  /** for `upgrade` events (exec/attach/port-forward WebSockets and SPDY) */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** true when `url` (path) falls under this server's prefix */
  owns(url: string): boolean;
  /** in-process client going through the same admission, validation and storage path */
  readonly loopback: Loopback;
  readonly prefix: string;
  readonly core: ServerCore;
  /** open watch streams */
  watchCount(): number;
  /** ends every open watch stream; later requests get 503 ServiceUnavailable */
  close(): void;
}

/** Until kubelets exist: a scheduled pod's containers are still being created. */
export const waitingLogSource: LogSource = {
  open(pod, opts) {
    const statuses = (pod.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses ?? [];
    const reason = statuses.find((s) => s.name === opts.container)?.state?.waiting?.reason ?? "ContainerCreating";
    throw errors.badRequest(`container "${opts.container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  },
};

export function createApiServer(opts: ApiServerOptions): ApiServer {
  const limits: ApiServerLimits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
  const prefix = (opts.prefix ?? "").replace(/\/+$/, "");
  const store = opts.store;
  const registryContext: RegistryContext = {
    now: () => opts.clock.now(),
    get(resource, namespace, name) {
      const def = lookupResource("", resource) ?? findAnyGroup(resource);
      return def ? store.get(storageKey(def, namespace ?? "", name)) : undefined;
    },
    list(resource, namespace) {
      const def = lookupResource("", resource) ?? findAnyGroup(resource);
      return def ? store.list(storagePrefix(def, namespace ?? "")).items : [];
    },
  };
  const core: ServerCore = {
    store,
    clock: opts.clock,
    trace: opts.trace,
    limits,
    logSource: opts.logSource ?? waitingLogSource,
    random: opts.random ?? Math.random,
    newUid: opts.newUid ?? randomUUID,
    registryContext,
    resolve: (group, resource) => lookupResource(group, resource),
    resolveKind: (group, kind) => lookupKind(group, kind),
  };
  const state: ServerState = { core, plugins: opts.admissionPlugins ?? DEFAULT_PLUGINS, watches: { active: new Set() }, version: opts.version ?? KUBE_VERSION, prefix };
  const authn = new TokenAuthenticator(opts.token);
  const router = { state, authn, bucket: new TokenBucket(opts.clock, limits.requestsPerSecond, limits.burst) };

  let closed = false;
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    if (closed) {
      writeError(res, errors.serviceUnavailable("the cluster has been shut down"));
      return;
    }
    handleRequest(router, req, res);
  }) as ApiServer;
  const loopback = createLoopback(state);
  Object.defineProperties(handler, {
    loopback: { value: loopback },
    prefix: { value: prefix },
    core: { value: core },
  });
  handler.owns = (url) => stripPrefix(prefix, url.split("?")[0] ?? "") !== undefined;
  handler.watchCount = () => state.watches.active.size;
  handler.close = () => {
    closed = true;
    for (const w of [...state.watches.active]) w.close();
  };
  handler.upgrade = (req, socket, head) => {
    if (closed) {
      socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    handleStreamUpgrade(state, authn, opts.streamSource, req, socket, head);
  };
  return handler;
}

/** `resource` in whichever group serves it (RegistryContext names resources without groups; core wins) */
function findAnyGroup(resource: string) {
  return servedResources().find((d) => d.resource === resource && !isVirtual(d));
}
