/**
 * What the patch engines need to know about a SchemaNode: strategic-merge patch metadata
 * (like upstream's struct tags `patchStrategy`/`patchMergeKey`) and the structured-merge-diff
 * shape of lists and maps (like kube-openapi's schemaconv). A missing node means "no schema":
 * maps merge key by key, lists are atomic — upstream's behaviour for unknown/untyped values.
 */
import type { SchemaNode } from "../openapi/types";

/** The schema of `key` inside an object node (declared property, else the map value schema). */
export function childSchema(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  const p = node.properties?.[key];
  if (p) return p;
  return typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
}

/** True when `key` is a declared struct field of `node` (not a free-form map key). */
export function isDeclaredField(node: SchemaNode | undefined, key: string): boolean {
  return !!node?.properties && Object.hasOwn(node.properties, key);
}

export interface SmpMeta {
  /** "merge" | "replace" | "" (after removing retainKeys) */
  strategy: string;
  retainKeys: boolean;
  mergeKey: string;
}

/**
 * Patch metadata of a field. `x-kubernetes-patch-strategy` wins; without it, a
 * `x-kubernetes-list-type: map` list merges by its first list-map key and a `set` list merges
 * as primitives (a fallback for schema sources that carry list types but no patch tags;
 * upstream's Go structs always carry both for built-in kinds). Throws like upstream on
 * an invalid strategy combination.
 */
export function smpMeta(node: SchemaNode | undefined): SmpMeta {
  if (!node) return { strategy: "", retainKeys: false, mergeKey: "" };
  if (node.patchStrategy !== undefined && node.patchStrategy !== "") {
    const parts = node.patchStrategy.split(",");
    let retainKeys = false;
    let strategy = "";
    if (parts.length === 1) {
      if (parts[0] === "retainKeys") retainKeys = true;
      else strategy = parts[0]!;
    } else if (parts.length === 2 && (parts[0] === "retainKeys" || parts[1] === "retainKeys")) {
      retainKeys = true;
      strategy = parts[0] === "retainKeys" ? parts[1]! : parts[0]!;
    } else {
      throw new Error(`unexpected patch strategy: [${parts.join(" ")}]`);
    }
    return { strategy, retainKeys, mergeKey: node.patchMergeKey ?? "" };
  }
  if (node.type === "array" || node.items) {
    if (node.listType === "map" && node.listMapKeys?.length)
      return { strategy: "merge", retainKeys: false, mergeKey: node.listMapKeys[0]! };
    if (node.listType === "set") return { strategy: "merge", retainKeys: false, mergeKey: "" };
  }
  return { strategy: "", retainKeys: false, mergeKey: "" };
}

export type ListShape = { kind: "atomic" } | { kind: "set" } | { kind: "map"; keys: readonly string[] };

/**
 * structured-merge-diff list shape: `x-kubernetes-list-type` first, else a `merge` patch
 * strategy (with merge key -> associative list on that key, without -> set), else atomic.
 */
export function listShape(node: SchemaNode | undefined): ListShape {
  if (!node) return { kind: "atomic" };
  if (node.listType === "atomic") return { kind: "atomic" };
  if (node.listType === "set") return { kind: "set" };
  if (node.listType === "map") return { kind: "map", keys: node.listMapKeys ?? [] };
  const strategies = (node.patchStrategy ?? "").split(",");
  if (strategies.includes("merge")) {
    return node.patchMergeKey ? { kind: "map", keys: [node.patchMergeKey] } : { kind: "set" };
  }
  return { kind: "atomic" };
}

/** structured-merge-diff map shape: an atomic map is a leaf; otherwise granular. */
export function isAtomicMap(node: SchemaNode | undefined): boolean {
  return node?.mapType === "atomic";
}
