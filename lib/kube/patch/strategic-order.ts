/**
 * List helpers of strategic merge patch: Go type checks, merge-key lookups, and the element
 * ordering rules ($setElementOrder > order in the patch > order in the live list), reproduced
 * from k8s.io/apimachinery/pkg/util/strategicpatch/patch.go.
 */
import { PatchEngineError } from "./errors";
import { goSliceStable } from "./go-sort";
import { goV, isObject } from "./go-format";

export const DIRECTIVE = "$patch";
export const RETAIN_KEYS = "$retainKeys";
export const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
export const SET_ELEMENT_ORDER = "$setElementOrder";

export type JMap = Record<string, unknown>;
export type GoKind = "map" | "slice" | "string" | "bool" | "int64" | "float64" | "nil";

/** The Go dynamic type JSON decoding (with PreserveInts) would give `v`. */
export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "slice";
  if (isObject(v)) return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}

const goTypeName: Record<GoKind, string> = {
  map: "map[string]interface {}",
  slice: "[]interface {}",
  string: "string",
  bool: "bool",
  int64: "int64",
  float64: "float64",
  nil: "<nil>",
};

export function plain(message: string): PatchEngineError {
  return new PatchEngineError(message, "plain");
}

/** mergepatch.ErrBadArgType */
export function errBadArgType(expected: "map" | "slice", actual: unknown): PatchEngineError {
  return plain(`expected a ${goTypeName[expected]}, but received a ${goTypeName[goKind(actual)]}`);
}

/** mergepatch.ErrNoMergeKey */
export function errNoMergeKey(m: unknown, key: string): PatchEngineError {
  return plain(`map: ${goV(m)} does not contain declared merge key: ${key}`);
}

/** `sliceElementType`: the common element kind of the lists; throws like upstream. */
export function sliceElementKind(...lists: unknown[][]): GoKind {
  let prev: GoKind | undefined;
  for (const l of lists) {
    for (const v of l) {
      const k = goKind(v);
      if (prev === undefined) {
        prev = k;
        if (k === "slice") throw new PatchEngineError("lists of lists are not supported", "unprocessable");
      } else if (prev !== k) {
        throw plain(`list element types are not identical: ${goV(lists)}`);
      }
    }
  }
  if (prev === undefined) throw plain("no elements in any of the given slices");
  return prev;
}

/** Go's `==` on two decoded JSON scalars (maps/slices never compare equal here). */
function goEq(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b && goKind(a) === goKind(b);
}

function keyOf(item: unknown, mergeKey: string, kind: GoKind): unknown {
  if (kind !== "map") return item;
  return isObject(item) ? item[mergeKey] : null;
}

/** `index`: position of `val` in `l`, by merge key for maps. */
export function indexOf(l: unknown[], val: unknown, mergeKey: string, kind: GoKind): number {
  const want = keyOf(val, mergeKey, kind);
  return l.findIndex((v) => goEq(keyOf(v, mergeKey, kind), want));
}

export function findByKey(list: unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObject(v)) throw plain(`value for key ${i} is not a map.`);
    if (Object.hasOwn(v, key) && goEq(v[key], value)) return i;
  }
  return -1;
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const l of lists) {
    for (const item of l) {
      if (!isObject(item)) throw errBadArgType("map", item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Splits items into ordinary ones and `$patch: delete` ones. */
export function extractToDeleteItems(l: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType("map", v);
    if (Object.hasOwn(v, DIRECTIVE) && v[DIRECTIVE] === "delete") del.push(v);
    else keep.push(v);
  }
  return [keep, del];
}

function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: GoKind): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, items, order);
    [items, toDelete] = extractToDeleteItems(items);
  }
  goSliceStable(items, (a, b) => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...items, ...toDelete];
}

function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: GoKind): unknown[] {
  const less = (l: unknown, r: unknown): [boolean, boolean] => {
    const li = indexOf(serverOrder, l, mergeKey, kind);
    const ri = indexOf(serverOrder, r, mergeKey, kind);
    return li >= 0 && ri >= 0 ? [li < ri, true] : [false, false];
  };
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const [isLess, both] = less(left[i], right[j]);
      if (both && isLess) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** `normalizeElementOrder`: patch items in patch order, server-only items woven in by live order. */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: GoKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Partitions `merged` into items present in `by` and the rest (by merge key for maps). */
export function partition(merged: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  if (!mergeKey) {
    const set = new Set(by.filter((v) => !isObject(v) && !Array.isArray(v)));
    for (const v of merged) (set.has(v) ? inPatch : serverOnly).push(v);
    return [inPatch, serverOnly];
  }
  for (const v of merged) {
    if (!isObject(v)) throw errBadArgType("map", v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** Go's in-place "clever" deduplication (order as upstream: a duplicate is replaced by the last item). */
export function deduplicateScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEq(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** `mergeKeyValueEqual`: primitives compare directly, maps by their merge key. */
export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return goEq(left, right);
  if (!isObject(left)) throw errBadArgType("map", left);
  if (!isObject(right)) throw errBadArgType("map", right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEq(left[mergeKey], right[mergeKey]);
}
