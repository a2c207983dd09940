/**
 * Update (PUT, PATCH, subresource writes) as Store.Update with rest.BeforeUpdate: read the live
 * object, compute the new one, check the resourceVersion precondition, run admission, carry over
 * what clients may not change, bump generation on spec changes, validate, and write with a
 * compare-and-swap. A write that changes nothing is not stored (no new resourceVersion).
 */
import { errors } from "../../api/errors";
import { fieldError, type FieldError } from "../../api/field-errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { runAdmission, type AdmissionPlugin } from "../admission";
import { allowsCreateOnUpdate, copyJson, hasGeneration, storageKey, traceStage } from "../meta";
import type { OpContext, ServerCore } from "../types";
import { checkValid, groupResource, sameObject, specChanged, stampManagedFields, storeError } from "./common";
import { storeFor } from "../storage-codec";
import { createObject } from "./create";
import { dropEmptyFields } from "../deps";

export interface UpdateOptions {
  /** "status", "scale", "finalize" or "" for the main resource */
  subresource?: string;
  /** server-side apply: create when missing even where PUT may not */
  forceAllowCreate?: boolean;
  operation?: "Apply" | "Update";
}

export interface UpdateResult {
  object: KubeObject;
  created: boolean;
}

/** `objInfo` computes the desired object from the live one (undefined when missing). */
export function updateObject(
  core: ServerCore,
  plugins: readonly AdmissionPlugin[],
  ctx: OpContext,
  def: ResourceDefinition,
  namespace: string,
  name: string,
  objInfo: (existing: KubeObject | undefined) => KubeObject,
  opts: UpdateOptions = {},
): UpdateResult {
  const subresource = opts.subresource ?? "";
  const store = storeFor(core, def);
  const key = storageKey(def, namespace, name);
  const existing = store.get(key);
  if (!existing) {
    if (subresource || !(opts.forceAllowCreate || allowsCreateOnUpdate(def))) throw errors.notFound(groupResource(def), name);
    const obj = objInfo(undefined);
    checkName(obj, name, namespace, def);
    return { object: createObject(core, plugins, ctx, def, namespace, obj, { operation: opts.operation }), created: true };
  }
  const desired = copyJson(objInfo(existing));
  desired.metadata ??= {};
  checkName(desired, name, namespace, def);
  const rv = desired.metadata.resourceVersion;
  if (rv && rv !== existing.metadata.resourceVersion) {
    const err = errors.conflict(groupResource(def), name, "the object has been modified; please apply your changes to the latest version and try again");
    traceStage(core, ctx, "storage", "conflict", { object: existing, detail: err.message });
    throw err;
  }

  let obj: KubeObject;
  if (subresource === "status") {
    obj = copyJson(existing) as KubeObject;
    obj.status = desired.status;
    obj.metadata.managedFields = desired.metadata.managedFields ?? existing.metadata.managedFields;
  } else if (subresource === "finalize") {
    obj = copyJson(existing) as KubeObject;
    obj.spec = { ...((obj.spec as object) ?? {}), finalizers: (desired.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [] };
  } else {
    obj = desired;
    if (def.statusSubresource) {
      if (existing.status === undefined) delete obj.status;
      else obj.status = copyJson(existing.status);
    }
  }
  obj.apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  obj.kind = def.kind;

  runAdmission(core, plugins, "mutating", { operation: "UPDATE", def, namespace, name, subresource, object: obj, oldObject: existing, ctx });

  // rest.BeforeUpdate
  const meta = obj.metadata;
  const old = existing.metadata;
  if (def.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  if (old.generation !== undefined) meta.generation = old.generation;
  else delete meta.generation;
  if (!meta.uid) meta.uid = old.uid;
  if (old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (subresource !== "status") def.defaults?.(obj);
  // the registry's hooks are the main resource's strategy; /status and /finalize have their own
  if (subresource !== "status" && subresource !== "finalize") def.prepareForUpdate?.(obj, existing, core.registryContext);
  if (hasGeneration(def) && subresource !== "status" && specChanged(obj, existing)) meta.generation = (old.generation ?? 0) + 1;
  const errs: FieldError[] = [];
  if (meta.uid !== old.uid) errs.push(fieldError.invalid("metadata.uid", meta.uid, "field is immutable"));
  errs.push(...(def.validateUpdate?.(obj, existing, core.registryContext) ?? []));
  checkValid(core, ctx, def, obj, errs);

  runAdmission(core, plugins, "validating", { operation: "UPDATE", def, namespace, name, subresource, object: obj, oldObject: existing, ctx });
  dropEmptyFields(obj);
  stampManagedFields(core, ctx, existing, obj, opts.operation ?? "Update", subresource && subresource !== "finalize" ? subresource : undefined);
  obj.metadata.resourceVersion = existing.metadata.resourceVersion;

  if (sameObject(obj, existing)) {
    traceStage(core, ctx, "storage", "unchanged", { object: existing, resourceVersion: existing.metadata.resourceVersion });
    return { object: existing, created: false };
  }
  const expectedRevision = Number(existing.metadata.resourceVersion);
  if (shouldDeleteDuringUpdate(obj, existing)) {
    if (ctx.dryRun) return { object: obj, created: false };
    try {
      const gone = store.delete(key, { expectedRevision });
      traceStage(core, ctx, "storage", "deleted", { object: gone, resourceVersion: gone.metadata.resourceVersion, detail: "last finalizer removed" });
      return { object: gone, created: false };
    } catch (e) {
      throw storeError(def, name, e);
    }
  }
  if (ctx.dryRun) {
    traceStage(core, ctx, "storage", "dry-run", { object: obj });
    return { object: obj, created: false };
  }
  try {
    const stored = store.update(key, obj, { expectedRevision });
    traceStage(core, ctx, "storage", "written", { object: stored, resourceVersion: stored.metadata.resourceVersion });
    return { object: stored, created: false };
  } catch (e) {
    const mapped = storeError(def, name, e);
    traceStage(core, ctx, "storage", "failed", { object: obj, detail: (mapped as Error).message });
    throw mapped;
  }
}

/** handlers/rest.go checkName (PUT/PATCH: the body must name the object on the URL) */
function checkName(obj: KubeObject, name: string, namespace: string, def: ResourceDefinition): void {
  const objName = obj.metadata?.name;
  if (objName !== undefined && objName !== "" && objName !== name) {
    throw errors.badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
  const objNs = obj.metadata.namespace;
  if (def.namespaced && objNs && objNs !== namespace) {
    throw errors.badRequest(`the namespace of the object (${objNs}) does not match the namespace on the URL (${namespace})`);
  }
}

/** generic registry ShouldDeleteDuringUpdate: the last finalizer of an object being deleted is gone */
function shouldDeleteDuringUpdate(obj: KubeObject, existing: KubeObject): boolean {
  if (!obj.metadata.deletionTimestamp) return false;
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  if ((existing.metadata.finalizers ?? []).length === 0) return false;
  const grace = obj.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}
