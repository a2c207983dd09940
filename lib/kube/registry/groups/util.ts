/**
 * Small helpers shared by the named-group resource definitions: reading and writing the
 * untyped JSON objects the registry works on, upstream's recurring validators
 * (`ValidateNonnegativeField`, `ValidateImmutableField`, int-or-percent) and Go-like value
 * rendering for error messages.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";

export type Json = Record<string, unknown>;

/** `v` as a plain JSON object, or undefined when it is not one */
export function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
}

/** `v` as an array, or [] */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `v` as a string map (labels, selectors), or undefined */
export function asStringMap(v: unknown): Record<string, string> | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) if (typeof val === "string") out[k] = val;
  return out;
}

/** the object under `key`, created (as {}) when missing or not an object */
export function child(parent: Json, key: string): Json {
  const existing = asObject(parent[key]);
  if (existing) return existing;
  const created: Json = {};
  parent[key] = created;
  return created;
}

/** reads a dotted path ("spec.template.spec") without creating anything */
export function getPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split(".")) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[part];
  }
  return cur;
}

export function spec(obj: KubeObject): Json {
  return child(obj, "spec");
}

export function specOf(obj: KubeObject): Json {
  return asObject(obj.spec) ?? {};
}

export function statusOf(obj: KubeObject): Json {
  return asObject(obj.status) ?? {};
}

/** a number field, or `fallback` when absent or not a number */
export function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

export function setDefault(o: Json, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** JSON-level deep equality (apiequality.Semantic.DeepEqual for our plain objects) */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Json;
  const bo = b as Json;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

/** apivalidation.ValidateNonnegativeField */
export function validateNonnegative(value: unknown, path: string): FieldError[] {
  return typeof value === "number" && value < 0 ? [fieldError.invalid(path, value, "must be greater than or equal to 0")] : [];
}

/** apivalidation.ValidateImmutableField; `shown` is the value as upstream prints it */
export function validateImmutable(newVal: unknown, oldVal: unknown, path: string, shown: unknown = newVal): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [fieldError.invalid(path, shown === undefined ? null : shown, "field is immutable")];
}

/** layoutContainerCells: container names and images, comma-joined */
export function containerCells(template: unknown): [string, string] {
  const containers = asArray(getPath(template, "spec.containers")).map((c) => asObject(c) ?? {});
  return [containers.map((c) => String(c.name ?? "")).join(","), containers.map((c) => String(c.image ?? "")).join(",")];
}
