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

/** JSON equality of two objects, ignoring resourceVersion and managedFields timestamps. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return canonical(a) === canonical(b);
}

function canonical(o: KubeObject): string {
  const meta = { ...o.metadata, resourceVersion: undefined, managedFields: o.metadata.managedFields?.map((m) => ({ ...m, time: undefined })) };
  return stableStringify({ ...o, metadata: meta });
}

export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

/** the object without metadata and status, for "did the spec change" (generation) checks */
export function specOf(o: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return stableStringify(rest);
}
