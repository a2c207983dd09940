/**
 * The embedded kube-apiserver. `createApiServer(opts)` returns a Node request handler (with an
 * `upgrade` hook and an in-process `loopback` client) serving the Kubernetes REST API for one
 * cluster's store, under an optional path prefix.
 *
 * A request passes the stages of kube-apiserver's handler chain, each recorded in the cluster
 * Trace: authentication (bearer token) -> rate limit -> authorization -> mutating admission
 * (NamespaceLifecycle, LimitRanger, ServiceAccount, DefaultTolerationSeconds) -> validation
 * (registry hooks; strict unknown fields) -> validating admission (ResourceQuota) -> storage.
 *
 * Layout: router.ts (chain + dispatch), request-info.ts, negotiation.ts, discovery.ts,
 * handlers/ (one file per verb family and subresource), rest/ (the generic registry: create,
 * update, delete, read), watch.ts, table.ts, admission/, auth.ts, limits.ts, loopback.ts,
 * storage-codec.ts, deps.ts (the seam to selectors/patch/openapi/protobuf).
 */
export { createApiServer, waitingLogSource, type ApiServer, type ApiServerOptions } from "./server";
export { DEFAULT_LIMITS, CLUSTER_ADMIN, type ApiServerLimits, type LogSource, type LogSink, type LogOptions, type UserInfo, type StreamSource, type StreamRequest, type StreamSink, type StreamSession, type StreamExit } from "./types";
export { KUBE_VERSION, type VersionInfo } from "./discovery";
export { DEFAULT_PLUGINS, type AdmissionPlugin, type AdmissionAttributes } from "./admission";
export { LOOPBACK_USER, type Loopback } from "./loopback";
export { storageKey, storagePrefix } from "./meta";
