/**
 * Shared steps of the generic registry (k8s.io/apiserver/pkg/registry/generic/registry/store.go
 * and pkg/registry/rest/{create,update}.go): validation, managedFields, storage error mapping.
 */
import { errors } from "../../api/errors";
import type { FieldError } from "../../api/field-errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { StoreError } from "../../store/types";
import { updateManagedFields } from "../deps";
import { rfc3339, traceStage } from "../meta";
import type { OpContext, ServerCore } from "../types";

export function groupResource(def: ResourceDefinition) {
  return { group: def.group, resource: def.resource };
}

/** Throws 422 Invalid when `errs` is non-empty; records the verdict either way. */
export function checkValid(core: ServerCore, ctx: OpContext, def: ResourceDefinition, obj: KubeObject, errs: FieldError[], kind = def.kind, group = def.group): void {
  if (errs.length === 0) {
    traceStage(core, ctx, "validation", "passed", { object: obj });
    return;
  }
  const err = errors.invalid(group, kind, obj.metadata.name ?? "", errs);
  traceStage(core, ctx, "validation", "failed", { object: obj, detail: err.message });
  throw err;
}

/** Stamps managedFields for a write by ctx.fieldManager. */
export function stampManagedFields(core: ServerCore, ctx: OpContext, old: KubeObject | undefined, obj: KubeObject, operation: "Apply" | "Update", subresource?: string): void {
  // server-side apply records its own managedFields
  if (operation === "Apply") return;
  const mf = updateManagedFields(old, obj, ctx.fieldManager, rfc3339(core.clock.now()), subresource);
  if (mf && mf.length) obj.metadata.managedFields = mf;
  else delete obj.metadata.managedFields;
}

/** Maps a StoreError from a write on `name` to upstream's API error. */
export function storeError(def: ResourceDefinition, name: string, e: unknown): unknown {
  if (!(e instanceof StoreError)) return e;
  switch (e.code) {
    case "KeyExists":
      return errors.alreadyExists(groupResource(def), name);
    case "KeyNotFound":
      return errors.notFound(groupResource(def), name);
    case "Conflict":
      return errors.conflict(groupResource(def), name, "the object has been modified; please apply your changes to the latest version and try again");
    case "Compacted":
      return errors.expired(e.message);
  }
  return e;
}

/**
 * JSON equality of two values: object key order is ignored, `undefined` members count as absent,
 * and shared (e.g. frozen store) subtrees short-circuit by identity. No strings are built.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let na = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    na++;
    if (!jsonEqual(ra[k], rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

/** JSON equality of two objects, ignoring resourceVersion and managedFields timestamps. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === "metadata") continue;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  const ma = a.metadata;
  const mb = b.metadata;
  for (const k of new Set([...Object.keys(ma), ...Object.keys(mb)])) {
    if (k === "resourceVersion") continue;
    if (k === "managedFields") {
      const fa = ma.managedFields ?? [];
      const fb = mb.managedFields ?? [];
      if (fa.length !== fb.length) return false;
      for (let i = 0; i < fa.length; i++) if (!jsonEqual({ ...fa[i], time: undefined }, { ...fb[i], time: undefined })) return false;
      continue;
    }
    if (!jsonEqual((ma as Record<string, unknown>)[k], (mb as Record<string, unknown>)[k])) return false;
  }
  return true;
}

export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** true when anything outside metadata and status differs (the generation rule) */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === "metadata" || k === "status") continue;
    if (!jsonEqual(a[k], b[k])) return true;
  }
  return false;
}

