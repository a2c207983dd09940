/**
 * Go's `omitempty` on the stored object: upstream decodes every request into typed structs and
 * serializes them again, so an empty map or slice in an optional field (`metadata.labels: {}`
 * after `kubectl label x app-`) is never stored or returned. This drops, in place, every empty
 * map (a schema with `additionalProperties` and no `properties`) and every empty array that the
 * schema does not list as `required` — openapi-gen marks exactly the fields without
 * `omitempty`/`+optional` as required, so required ones keep their `[]`/`{}`.
 *
 * Structs (`securityContext: {}`), strings and numbers are left alone: pointers to empty structs
 * and to zero values do serialize in Go, and the schema cannot tell a pointer from a value.
 */
import type { SchemaNode } from "./types";
import { schemaSource } from "./load";

/** Drops empty optional maps and arrays from `obj` (mutated) per the kind's schema; a kind without a schema is left as is. */
export function dropEmptyOptional(gvk: { group: string; version: string; kind: string }, obj: unknown): void {
  const schema = schemaSource.forKind(gvk);
  if (schema) prune(schema, obj);
}

function isEmptyContainer(v: unknown, child: SchemaNode): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v === null || typeof v !== "object") return false;
  const isMap = !child.properties && child.additionalProperties !== undefined && child.additionalProperties !== false;
  return isMap && Object.keys(v).length === 0;
}

function prune(node: SchemaNode, value: unknown): void {
  if (value === null || typeof value !== "object" || node.preserveUnknownFields) return;
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) for (const v of value) prune(items, v);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (node.properties) {
    const required = node.required ?? [];
    for (const [key, v] of Object.entries(obj)) {
      const child = node.properties[key];
      if (!child) continue;
      prune(child, v);
      if (!required.includes(key) && isEmptyContainer(v, child)) delete obj[key];
    }
    return;
  }
  const ap = node.additionalProperties;
  if (ap && typeof ap === "object") for (const v of Object.values(obj)) prune(ap, v);
}
