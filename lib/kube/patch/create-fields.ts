/**
 * A memo for the managedFields of a create (no stored object, no managedFields sent): the
 * field set a create records depends only on the new object's shape — which keys hold values,
 * the keys of associative-list items, the contents of atomic values — and on the schema, never
 * on the scalar values. Components create many objects of one shape (Events above all), so the
 * encoded FieldsV1 of a shape is computed once and shared (frozen) by every object of that shape.
 *
 * Guarantee: the result equals what `updateManagedFields` computes without the memo (the
 * signature distinguishes every input the comparison could tell apart).
 */
import type { SchemaNode } from "../openapi/types";
import { peKey } from "./fieldpath";
import { goJson, isObject } from "./go-format";
import { childSchema, isAtomicMap, listShape } from "./schema-meta";
import { listItemPE } from "./typed";

const MAX_SHAPES = 256;

/** schema -> (manager, apiVersion, shape) -> frozen FieldsV1, or null when nothing is owned */
const memo = new WeakMap<SchemaNode, Map<string, Readonly<Record<string, unknown>> | null>>();
/** objects without a schema */
const noSchema = new Map<string, Readonly<Record<string, unknown>> | null>();

/** Definitions Go embeds by value (never nil), so a new object already "has" them. */
export const VALUE_STRUCTS = new Set([
  "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
  "io.k8s.api.core.v1.PodTemplateSpec",
  "io.k8s.api.core.v1.PodSpec",
  "io.k8s.api.core.v1.ResourceRequirements",
  "io.k8s.api.core.v1.LoadBalancerStatus",
  "io.k8s.api.core.v1.NodeSystemInfo",
  "io.k8s.api.core.v1.NodeDaemonEndpoints",
  "io.k8s.api.core.v1.DaemonEndpoint",
  "io.k8s.api.apps.v1.DeploymentStrategy",
  "io.k8s.api.apps.v1.StatefulSetUpdateStrategy",
  "io.k8s.api.apps.v1.DaemonSetUpdateStrategy",
  "io.k8s.api.batch.v1.JobTemplateSpec",
  "io.k8s.api.batch.v1.JobSpec",
]);

/**
 * The shape signature of `v` as `compare(zeroSkeleton(v), v)` sees it: null and undefined
 * members are absent, scalars are always added; an atomic value is compared with the
 * skeleton's empty placeholder (so only its kind and emptiness matter) unless the skeleton
 * may hold more there (a by-value struct, a top-level member), where its JSON is included.
 */
export function shapeSignature(v: unknown, n: SchemaNode | undefined, top = true, byValue = false): string {
  if (isObject(v)) {
    if (isAtomicMap(n)) return atomic(v, n, byValue);
    let s = "{";
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x === null || x === undefined) continue;
      // a length-prefixed key is unambiguous whatever it contains
      s += `${k.length}:${k}${shapeSignature(x, childSchema(n, k), false, top && (k === "metadata" || k === "spec" || k === "status"))},`;
    }
    return `${s}}`;
  }
  if (Array.isArray(v)) {
    const shape = listShape(n);
    if (shape.kind === "atomic") return atomic(v, n, byValue);
    let s = "[";
    for (let i = 0; i < v.length; i++) s += `${peKey(listItemPE(shape, n?.items, v[i], i))}${shapeSignature(v[i], n?.items, false)},`;
    return `${s}]`;
  }
  return "s";
}

function atomic(v: Record<string, unknown> | unknown[], n: SchemaNode | undefined, topStruct: boolean): string {
  const list = Array.isArray(v);
  const empty = list ? v.length === 0 : Object.keys(v).every((k) => v[k] === undefined);
  const exact = topStruct || (n?.definition !== undefined && VALUE_STRUCTS.has(n.definition));
  return `=${list ? "[" : "{"}${empty ? 0 : 1}${exact ? goJson(v) : ""}`;
}

/**
 * The memoized FieldsV1 of a create by `manager`, computing it with `compute` (which returns
 * the encoded FieldsV1, or undefined when the manager owns nothing) on a miss.
 */
export function createFieldsV1(
  after: Record<string, unknown>,
  schema: SchemaNode | undefined,
  manager: string,
  apiVersion: string,
  compute: () => Record<string, unknown> | undefined,
): Readonly<Record<string, unknown>> | undefined {
  let table = schema ? memo.get(schema) : noSchema;
  if (!table) memo.set(schema!, (table = new Map()));
  const key = `${manager}\u0000${apiVersion}\u0000${shapeSignature(after, schema)}`;
  const hit = table.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const fields = compute();
  if (table.size >= MAX_SHAPES) table.clear();
  table.set(key, fields ? deepFreeze(fields) : null);
  return fields;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
