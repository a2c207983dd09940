/**
 * Test helpers for the group definitions: object builders, a RegistryContext over an
 * in-memory list, and upstream-style error text (what kubectl prints after "is invalid: ").
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, formatFieldError } from "../../api/field-errors";
import type { RegistryContext, ResourceDefinition } from "../types";

export const T0 = Date.parse("2026-01-01T00:00:00Z");

export function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown> = {}, meta: Partial<KubeObject["metadata"]> = {}): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: "default", uid: "11111111-2222-3333-4444-555555555555", creationTimestamp: new Date(T0).toISOString(), ...meta },
    ...structuredClone(body),
  };
}

export function ctx(objects: { resource: string; obj: KubeObject }[] = [], now = T0): RegistryContext {
  return {
    now: () => now,
    get: (resource, namespace, name) =>
      objects.find((o) => o.resource === resource && o.obj.metadata.namespace === namespace && o.obj.metadata.name === name)?.obj,
    list: (resource, namespace) => objects.filter((o) => o.resource === resource && (namespace === undefined || o.obj.metadata.namespace === namespace)).map((o) => o.obj),
  };
}

/** runs defaults + prepareForCreate + validateCreate as the API server does on create */
export function create(def: ResourceDefinition, o: KubeObject, c = ctx()): { obj: KubeObject; errors: string[] } {
  const copy = structuredClone(o);
  def.defaults?.(copy);
  def.prepareForCreate?.(copy, c);
  return { obj: copy, errors: (def.validateCreate?.(copy, c) ?? []).map(formatFieldError) };
}

/** runs defaults + prepareForUpdate + validateUpdate as the API server does on update */
export function update(def: ResourceDefinition, o: KubeObject, old: KubeObject, c = ctx()): { obj: KubeObject; errors: string[] } {
  const copy = structuredClone(o);
  def.defaults?.(copy);
  def.prepareForUpdate?.(copy, old, c);
  return { obj: copy, errors: (def.validateUpdate?.(copy, old, c) ?? []).map(formatFieldError) };
}

export function messages(errs: FieldError[]): string[] {
  return errs.map(formatFieldError);
}

/** a minimal valid pod template with the given labels */
export function podTemplate(labels: Record<string, string>, extraSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return { metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1.27" }], ...extraSpec } };
}
