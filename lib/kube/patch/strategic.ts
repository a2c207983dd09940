/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), server side: the
 * behaviour of `strategicpatch.StrategicMergeMapPatch` (MergeParallelList and
 * IgnoreUnmatchedNulls on), driven by SchemaNode patch metadata instead of Go struct tags.
 *
 * Guarantees: inputs are never modified; map keys of the patch are processed in the order the
 * patch lists them (Go iterates them randomly — results only differ for patches that both add
 * and delete the same primitive); errors carry upstream's messages and classes (see errors.ts).
 * Directive keys that upstream's typed decode would drop are removed from the result, except
 * below `x-kubernetes-preserve-unknown-fields` nodes.
 */
import type { SchemaNode } from "../openapi/types";
import { PatchEngineError } from "./errors";
import { goV, isObject } from "./go-format";
import { childSchema, smpMeta, type SmpMeta } from "./schema-meta";
import {
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  type JMap,
  deduplicateScalars,
  errBadArgType,
  errNoMergeKey,
  extractToDeleteItems,
  findByKey,
  goKind,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partition,
  plain,
  sliceElementKind,
} from "./strategic-order";

const ERR_PRIMITIVE_LIST = "invalid patch format of primitive list";
const ERR_RETAIN_KEYS = "invalid patch format of retainKeys";
const ERR_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";

function meta(node: SchemaNode | undefined): SmpMeta {
  try {
    return smpMeta(node);
  } catch (e) {
    throw plain((e as Error).message);
  }
}

function extractKey(s: string, prefix: string): string {
  const i = s.indexOf("/");
  if (i < 0 || s.slice(0, i) !== prefix) {
    throw new PatchEngineError(prefix === DELETE_FROM_PRIMITIVE_LIST ? ERR_PRIMITIVE_LIST : ERR_SET_ELEMENT_ORDER, "bad-request");
  }
  return s.slice(i + 1);
}

function applyRetainKeysDirective(original: JMap, patch: JMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new PatchEngineError(ERR_RETAIN_KEYS, "bad-request");
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw new PatchEngineError(ERR_RETAIN_KEYS, "bad-request");
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function validatePatchWithSetOrderList(patchList: unknown[], setOrder: unknown[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let pi = 0;
  let si = 0;
  while (pi < nonDelete.length && si < setOrder.length) {
    const item = nonDelete[pi];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) {
      pi++;
      continue;
    }
    if (mergeKeyValueEqual(item, setOrder[si], mergeKey)) pi++;
    si++;
  }
  if (pi < nonDelete.length && si >= setOrder.length) {
    throw plain(`The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goV(setOrder)}\n`);
  }
}

function asList(v: unknown, found: boolean): unknown[] {
  if (!found) return [];
  if (!Array.isArray(v)) throw errBadArgType("slice", v);
  return v;
}

/** Processes every `$setElementOrder/<field>` together with `<field>` itself. */
function mergePatchIntoOriginal(original: JMap, patch: JMap, node: SchemaNode | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType("slice", setOrder);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = asList(original[field], foundOriginal);
    const patchList = asList(patch[field], foundPatch);
    const child = childSchema(node, field);
    const m = meta(child);
    validatePatchWithSetOrderList(patchList, setOrder, m.mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = patchList;
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, child, m, false);
    else continue;
    const [patchItems, serverOnly] = partition(merged, setOrder, m.mergeKey);
    const kind = sliceElementKind(originalList, patchList);
    original[field] = normalizeElementOrder(patchItems, serverOnly, setOrder, originalList, m.mergeKey, kind);
    delete patch[field];
  }
}

function handleDirectiveInMergeMap(directive: unknown, patch: JMap): JMap {
  if (directive === "replace") {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === "delete") return {};
  throw plain(`unknown patch type: ${goV(directive)} in map: ${goV(patch)}`);
}

/** `mergeMap`: merges `patch` into `original` (both owned by the caller and mutated). */
export function mergeMap(original: JMap, patch: JMap, node: SchemaNode | undefined): JMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return handleDirectiveInMergeMap(patch[DIRECTIVE], patch);
  applyRetainKeysDirective(original, patch);
  mergePatchIntoOriginal(original, patch, node);
  for (const k of Object.keys(patch)) {
    const patchV = patch[k];
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(k, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[key];
      continue;
    }
    if (!Object.hasOwn(original, key)) {
      // Upstream keeps the patch value as is — even a deletion list for a missing list.
      original[key] = patchV;
      continue;
    }
    const ov = original[key];
    const kind = goKind(ov);
    if (kind !== goKind(patchV)) {
      original[key] = patchV;
      continue;
    }
    const child = childSchema(node, key);
    if (kind === "map") {
      const m = meta(child);
      original[key] = m.strategy !== "replace" ? mergeMap(ov as JMap, patchV as JMap, child) : patchV;
    } else if (kind === "slice") {
      original[key] = mergeSliceHandler(ov as unknown[], patchV as unknown[], child, meta(child), isDeleteList);
    } else {
      original[key] = patchV;
    }
  }
  return original;
}

function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  node: SchemaNode | undefined,
  m: SmpMeta,
  isDeleteList: boolean,
): unknown[] {
  if (m.strategy !== "merge") return patch;
  return mergeSlice(original, patch, node?.items, m.mergeKey, isDeleteList);
}

function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plainItems: unknown[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const item = v as JMap;
    if (!Object.hasOwn(item, DIRECTIVE)) {
      plainItems.push(v);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === "delete") {
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      const value = item[mergeKey];
      orig = [...orig];
      for (let i = findByKey(orig, mergeKey, value); i >= 0; i = findByKey(orig, mergeKey, value)) orig.splice(i, 1);
    } else if (directive === "replace") {
      replace = true;
    } else if (directive === "merge") {
      throw plain("merging lists cannot yet be specified in the patch");
    } else {
      throw plain(`unknown patch type: ${goV(directive)} in map: ${goV(item)}`);
    }
  }
  return replace ? [plainItems, []] : [orig, plainItems];
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemNode: SchemaNode | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat = patch;
  if (kind !== "map") {
    if (isDeleteList) {
      const del = new Set(patch);
      return original.filter((v) => !del.has(v));
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw plain(`cannot merge lists without merge key for type ${itemNode?.properties ? "struct" : "map"}`);
    [orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = [...orig];
    for (const v of pat) {
      const item = v as JMap;
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      const i = findByKey(merged, mergeKey, item[mergeKey]);
      if (i >= 0) merged[i] = mergeMap(merged[i] as JMap, item, itemNode);
      else merged.push(v);
    }
    orig = merged.slice(0, orig.length);
  }
  const [patchItems, serverOnly] = partition(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, pat, orig, mergeKey, kind);
}

const isDirectiveKey = (k: string) =>
  k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`);

/** Drops directive keys, as decoding into the typed Go object does. */
export function stripDirectives(v: unknown, node: SchemaNode | undefined): unknown {
  if (node?.preserveUnknownFields) return v;
  if (Array.isArray(v)) return v.map((x) => stripDirectives(x, node?.items));
  if (!isObject(v)) return v;
  const out: JMap = {};
  for (const [k, x] of Object.entries(v)) if (!isDirectiveKey(k)) out[k] = stripDirectives(x, childSchema(node, k));
  return out;
}

/**
 * Applies a strategic merge patch to `original` and returns the result (inputs untouched).
 * `patch` must be a JSON object (the caller reports other bodies); throws PatchEngineError.
 */
export function strategicMergePatch(original: JMap, patch: JMap, schema: SchemaNode | undefined): JMap {
  const merged = mergeMap(structuredClone(original), structuredClone(patch), schema);
  return stripDirectives(merged, schema) as JMap;
}
