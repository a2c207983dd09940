/**
 * Schema-aware walks over JSON values, as structured-merge-diff's `typed` package does them:
 * ToFieldSet, Compare, Merge (apply semantics) and RemoveItems. Struct fields and map keys are
 * granular unless `x-kubernetes-map-type: atomic`; lists are associative (`map`), `set` or
 * atomic per `listShape`. Values without a schema are "deduced": maps granular, lists atomic.
 *
 * Guarantees: inputs are never modified; `null` is treated as "absent" (Go would store a zero
 * value, which the embedded API server omits anyway).
 */
import type { SchemaNode } from "../openapi/types";
import { FieldSet, makeKey, peKey, type Path, type PathElement } from "./fieldpath";
import { isObject, jsonEqual } from "./go-format";
import { childSchema, isAtomicMap, isDeclaredField, listShape, type ListShape } from "./schema-meta";

type JMap = Record<string, unknown>;

/** Upstream defaults that act as list-map keys when an item omits them (`protocol: TCP`). */
function keyDefault(itemNode: SchemaNode | undefined, key: string): unknown {
  const prop = itemNode?.properties?.[key] as (SchemaNode & { default?: unknown }) | undefined;
  if (prop?.default !== undefined) return prop.default;
  return key === "protocol" ? "TCP" : undefined;
}

/** The path element of a list item: `k:{...}` for associative lists, `v:` for sets, else `i:`. */
export function listItemPE(shape: ListShape, itemNode: SchemaNode | undefined, item: unknown, index: number): PathElement {
  if (shape.kind === "set") return { value: item };
  if (shape.kind === "map" && shape.keys.length > 0 && isObject(item)) {
    const fields: [string, unknown][] = [];
    for (const k of shape.keys) {
      const v = item[k] ?? keyDefault(itemNode, k);
      if (v !== undefined && v !== null) fields.push([k, v]);
    }
    return makeKey(fields);
  }
  return { index };
}

function indexList(node: SchemaNode | undefined, list: unknown[]): { pes: PathElement[]; byKey: Map<string, unknown> } {
  const shape = listShape(node);
  const pes: PathElement[] = [];
  const byKey = new Map<string, unknown>();
  list.forEach((item, i) => {
    const pe = listItemPE(shape, node?.items, item, i);
    pes.push(pe);
    const k = peKey(pe);
    if (!byKey.has(k)) byKey.set(k, item);
  });
  return { pes, byKey };
}

/** `TypedValue.ToFieldSet`: every leaf, list item and free-form map key the value sets. */
export function toFieldSet(value: unknown, node: SchemaNode | undefined): FieldSet {
  const paths: Path[] = [];
  const walk = (v: unknown, n: SchemaNode | undefined, path: Path): void => {
    if (isObject(v)) {
      if (isAtomicMap(n)) return void paths.push(path);
      for (const [k, x] of Object.entries(v)) {
        if (x === null || x === undefined) continue;
        const p = [...path, { field: k }];
        walk(x, childSchema(n, k), p);
        if (!isDeclaredField(n, k)) paths.push(p);
      }
    } else if (Array.isArray(v)) {
      const shape = listShape(n);
      if (shape.kind === "atomic") return void paths.push(path);
      v.forEach((item, i) => {
        const p = [...path, listItemPE(shape, n?.items, item, i)];
        walk(item, n?.items, p);
        paths.push(p);
      });
    } else {
      paths.push(path);
    }
  };
  walk(value, node, []);
  return FieldSet.of(...paths.filter((p) => p.length > 0));
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

/** `TypedValue.Compare`: paths added, removed and modified from `lhs` to `rhs`. */
export function compare(lhs: unknown, rhs: unknown, node: SchemaNode | undefined): Comparison {
  const added: Path[] = [];
  const removed: Path[] = [];
  const modified: Path[] = [];
  const walk = (l: unknown, r: unknown, n: SchemaNode | undefined, path: Path): void => {
    if (l === null) l = undefined;
    if (r === null) r = undefined;
    if (l === undefined && r === undefined) return;
    const granularMap = (isObject(l) || l === undefined) && (isObject(r) || r === undefined) && !isAtomicMap(n);
    const granularList = (Array.isArray(l) || l === undefined) && (Array.isArray(r) || r === undefined) && listShape(n).kind !== "atomic";
    if (granularMap && (isObject(l) || isObject(r))) {
      const lm = (l ?? {}) as JMap;
      const rm = (r ?? {}) as JMap;
      for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) walk(lm[k], rm[k], childSchema(n, k), [...path, { field: k }]);
    } else if (granularList && (Array.isArray(l) || Array.isArray(r))) {
      const li = indexList(n, (l ?? []) as unknown[]);
      const ri = indexList(n, (r ?? []) as unknown[]);
      const seen = new Set<string>();
      for (const pe of [...li.pes, ...ri.pes]) {
        const k = peKey(pe);
        if (seen.has(k)) continue;
        seen.add(k);
        walk(li.byKey.get(k), ri.byKey.get(k), n?.items, [...path, pe]);
      }
    } else {
      if (l === undefined) added.push(path);
      else if (r === undefined) removed.push(path);
      else if (!jsonEqual(l, r)) modified.push(path);
      return;
    }
    if (path.length > 0 && l === undefined) added.push(path);
    else if (path.length > 0 && r === undefined) removed.push(path);
  };
  walk(lhs, rhs, node, []);
  return { added: FieldSet.of(...added), removed: FieldSet.of(...removed), modified: FieldSet.of(...modified) };
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObject(v)) return v;
  const out: JMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
  return out;
}

/** Associative/set list merge with upstream's ordering (`mergingWalker.visitListItems`). */
function mergeList(l: unknown[], r: unknown[], n: SchemaNode | undefined): unknown[] {
  const li = indexList(n, l);
  const ri = indexList(n, r);
  const shared = ri.pes.filter((pe) => li.byKey.has(peKey(pe))).map(peKey);
  let nextShared = shared.shift();
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const item = (k: string) => {
    const m = mergeValues(li.byKey.get(k), ri.byKey.get(k), n?.items);
    if (m !== undefined) out.push(m);
  };
  let i = 0;
  let j = 0;
  while (i < li.pes.length || j < ri.pes.length) {
    if (i < li.pes.length && j < ri.pes.length) {
      const k = peKey(li.pes[i]!);
      if (k === peKey(ri.pes[j]!)) {
        mergedR.add(k);
        item(k);
        i++;
        j++;
        nextShared = shared.shift();
        continue;
      }
      if (ri.byKey.has(k) && nextShared !== undefined && nextShared !== k) {
        i++;
        continue;
      }
    }
    if (i < li.pes.length) {
      const k = peKey(li.pes[i]!);
      if (!ri.byKey.has(k)) {
        const m = mergeValues(l[i], undefined, n?.items);
        if (m !== undefined) out.push(m);
        i++;
        continue;
      }
      if (mergedR.has(k)) {
        i++;
        continue;
      }
    }
    if (j < ri.pes.length) {
      const k = peKey(ri.pes[j]!);
      mergedR.add(k);
      item(k);
      j++;
      if (nextShared !== undefined && nextShared === k) nextShared = shared.shift();
    }
  }
  return out;
}

/** `TypedValue.Merge`: `rhs` (an applied configuration) merged over `lhs`. */
export function mergeValues(l: unknown, r: unknown, n: SchemaNode | undefined): unknown {
  if (r === undefined) return l;
  if (r === null) return undefined;
  if (l === undefined || l === null) return dropNulls(structuredClone(r));
  if (isObject(l) && isObject(r) && !isAtomicMap(n)) {
    const out: JMap = { ...l };
    for (const [k, x] of Object.entries(r)) {
      const m = mergeValues(l[k], x, childSchema(n, k));
      if (m === undefined) delete out[k];
      else out[k] = m;
    }
    return out;
  }
  if (Array.isArray(l) && Array.isArray(r) && listShape(n).kind !== "atomic") return mergeList(l, r, n);
  return dropNulls(structuredClone(r));
}

/** `TypedValue.RemoveItems`: drops every member of `set` (with its subtree) from `value`. */
export function removeItems(value: unknown, set: FieldSet, n: SchemaNode | undefined): unknown {
  if (isObject(value)) {
    if (isAtomicMap(n) || Object.keys(value).length === 0) return value;
    const out: JMap = {};
    for (const [k, x] of Object.entries(value)) {
      const pe = { field: k };
      if (set.hasMember(pe)) continue;
      const sub = set.withPrefix(pe);
      const kept = sub.isEmpty() ? x : removeItems(x, sub, childSchema(n, k));
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) {
    const shape = listShape(n);
    if (shape.kind === "atomic" || value.length === 0) return shape.kind === "atomic" ? undefined : value;
    const out: unknown[] = [];
    value.forEach((item, i) => {
      const pe = listItemPE(shape, n?.items, item, i);
      if (set.hasMember(pe)) return;
      const sub = set.withPrefix(pe);
      const kept = sub.isEmpty() ? item : removeItems(item, sub, n?.items);
      if (kept !== undefined) out.push(kept);
    });
    return out.length > 0 ? out : undefined;
  }
  return value;
}

/** For `ensureMembers`: is the last element of `path` a declared struct field? */
export function namedFieldPredicate(root: SchemaNode | undefined): (path: Path) => boolean {
  return (path) => {
    let n = root;
    for (let i = 0; i < path.length; i++) {
      const pe = path[i]!;
      if ("field" in pe) {
        if (i === path.length - 1) return isDeclaredField(n, pe.field);
        n = childSchema(n, pe.field);
      } else {
        n = n?.items;
      }
    }
    return false;
  };
}
