/**
 * The REST resources the OpenAPI documents describe. By default these are the API server's
 * served resources (registry + the server's own virtual ones), so the documents, discovery and
 * routing always agree; callers (tests) may pass another list.
 */
import { servedResources } from "../apiserver/builtin-resources";
import type { ResourceDefinition } from "../registry/types";

/** The part of a `ResourceDefinition` the OpenAPI documents need. */
export type ResourceInfo = Pick<ResourceDefinition, "group" | "version" | "resource" | "kind" | "namespaced" | "verbs" | "subresources">;

/**
 * Subresources whose request/response bodies are API objects with an OpenAPI schema. Connect
 * subresources (exec, attach, portforward, proxy, log) take query parameters and stream bytes,
 * so upstream documents no schema for them and neither do we.
 */
export const SCHEMA_SUBRESOURCES: ReadonlySet<string> = new Set([
  "status",
  "scale",
  "binding",
  "eviction",
  "ephemeralcontainers",
  "resize",
  "token",
  "finalize",
]);

/** the API server's served resources (computed once per process by the server) */
export function defaultResources(): readonly ResourceInfo[] {
  return servedResources();
}

/** "api/v1" or "apis/apps/v1" */
export function groupVersionPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}
