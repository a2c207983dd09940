/**
 * Unknown-field detection for `fieldValidation=Strict|Warn`, matching the API server's strict
 * JSON decoding (sigs.k8s.io/json UnmarshalStrict into the typed Go struct):
 *
 * - a key that is not a field of the struct is reported as `unknown field "<path>"`, where the
 *   path joins field names with "." and list positions as "[i]"
 *   (`spec.template.spec.containers[0].imagePullPolice`);
 * - the unknown key's value is skipped, not descended into;
 * - errors come in document order, deduplicated, at most 100
 *   (`saveStrictError` in sigs.k8s.io/json kubernetes_patch.go);
 * - map values are walked with the map key as a path segment; RawExtension-like objects (no
 *   declared fields) accept anything.
 */
import type { SchemaNode } from "./types";
import { schemaSource } from "./load";

const MAX_STRICT_ERRORS = 100;

/**
 * Paths of the fields in `obj` that the kind's schema does not know, in document order.
 * Returns [] for a kind without a schema (the caller decides what that means).
 */
export function findUnknownFields(gvk: { group: string; version: string; kind: string }, obj: unknown): string[] {
  const schema = schemaSource.forKind(gvk);
  if (!schema) return [];
  const out: string[] = [];
  walk(schema, obj, "", out);
  return out;
}

/** `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"` (runtime.NewStrictDecodingError) */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(", ")}`;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function walk(node: SchemaNode, value: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_STRICT_ERRORS || value === null || typeof value !== "object") return;
  if (node.preserveUnknownFields) return;
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return;
    value.forEach((v, i) => walk(items, v, `${path}[${i}]`, out));
    return;
  }
  const obj = value as Record<string, unknown>;
  if (node.properties) {
    for (const key of Object.keys(obj)) {
      const p = join(path, key);
      const child = node.properties[key];
      if (!child) {
        if (out.length < MAX_STRICT_ERRORS && !out.includes(p)) out.push(p);
        continue;
      }
      walk(child, obj[key], p, out);
    }
    return;
  }
  const ap = node.additionalProperties;
  if (ap && typeof ap === "object") {
    for (const key of Object.keys(obj)) walk(ap, obj[key], join(path, key), out);
  }
}
