/** test helpers for core definitions (not exported from index) */
import type { KubeObject } from "../../api/types";
import type { RegistryContext, ResourceDefinition } from "../types";

export const NOW = Date.parse("2024-05-01T12:00:00Z");
export const CREATED = "2024-05-01T11:00:00Z";

export function ctx(objects: Record<string, KubeObject[]> = {}): RegistryContext {
  return {
    now: () => NOW,
    get: (resource, namespace, name) => (objects[resource] ?? []).find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === namespace),
    list: (resource, namespace) => (objects[resource] ?? []).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
  };
}

/** `namespace` null for cluster-scoped objects */
export function obj(kind: string, name: string, body: Record<string, unknown> = {}, namespace: string | null = "default"): KubeObject {
  return { apiVersion: "v1", kind, metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: CREATED }, ...body };
}

/** defaults + prepareForCreate, as the API server does before validateCreate */
export function created(def: ResourceDefinition, o: KubeObject, c: RegistryContext = ctx()): KubeObject {
  def.defaults?.(o);
  def.prepareForCreate?.(o, c);
  return o;
}
