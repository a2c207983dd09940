/**
 * Delete as Store.Delete: preconditions, admission, graceful deletion (pods), finalizers and
 * propagation (orphan / foregroundDeletion), namespaces' two-phase termination, then storage.
 * An object that keeps finalizers is only marked (deletionTimestamp) and returned.
 */
import { errors } from "../../api/errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { runAdmission, type AdmissionPlugin } from "../admission";
import { rfc3339, storageKey, traceStage } from "../meta";
import type { OpContext, ServerCore } from "../types";
import { storeFor } from "../storage-codec";
import { groupResource, storeError } from "./common";

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  /** the deleted object, or the live object marked for deletion */
  object: KubeObject;
  /** true when the object is gone from storage */
  deleted: boolean;
}

const ORPHAN = "orphan";
const FOREGROUND = "foregroundDeletion";
const DEFAULT_POD_GRACE_SECONDS = 30;

export function deleteObject(
  core: ServerCore,
  plugins: readonly AdmissionPlugin[],
  ctx: OpContext,
  def: ResourceDefinition,
  namespace: string,
  name: string,
  opts: DeleteOptions = {},
): DeleteResult {
  const store = storeFor(core, def);
  const key = storageKey(def, namespace, name);
  const existing = store.get(key);
  if (!existing) throw errors.notFound(groupResource(def), name);
  const pre = opts.preconditions;
  if (pre?.uid && pre.uid !== existing.metadata.uid) {
    throw errors.conflict(groupResource(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid ?? ""}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== existing.metadata.resourceVersion) {
    throw errors.conflict(groupResource(def), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion ?? ""}`);
  }
  runAdmission(core, plugins, "mutating", { operation: "DELETE", def, namespace, name, subresource: "", oldObject: existing, ctx });
  runAdmission(core, plugins, "validating", { operation: "DELETE", def, namespace, name, subresource: "", oldObject: existing, ctx });

  const now = core.clock.now();
  const finalizers = desiredFinalizers(existing, opts);
  const grace = gracePeriod(def, existing, opts);
  const write = (obj: KubeObject, why: string): DeleteResult => {
    if (ctx.dryRun) return { object: obj, deleted: false };
    try {
      const stored = store.update(key, obj, { expectedRevision: Number(existing.metadata.resourceVersion) });
      traceStage(core, ctx, "storage", "marked-for-deletion", { object: stored, resourceVersion: stored.metadata.resourceVersion, detail: why });
      return { object: stored, deleted: false };
    } catch (e) {
      throw storeError(def, name, e);
    }
  };

  // namespaces terminate in two phases: Terminating until spec.finalizers are gone
  if (def.group === "" && def.resource === "namespaces") {
    const specFinalizers = (existing.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    if (specFinalizers.length > 0 || finalizers.length > 0) {
      if (existing.metadata.deletionTimestamp && sameList(finalizers, existing.metadata.finalizers)) return { object: existing, deleted: false };
      const obj = structuredClone(existing) as KubeObject;
      obj.metadata.deletionTimestamp ??= rfc3339(now);
      obj.metadata.deletionGracePeriodSeconds ??= 0;
      setFinalizers(obj, finalizers);
      obj.status = { ...((obj.status as object) ?? {}), phase: "Terminating" };
      return write(obj, "namespace terminating");
    }
  }

  if (grace !== undefined && grace > 0) {
    const prev = existing.metadata.deletionGracePeriodSeconds;
    if (existing.metadata.deletionTimestamp && prev !== undefined && prev <= grace) return { object: existing, deleted: false };
    const obj = structuredClone(existing) as KubeObject;
    obj.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
    obj.metadata.deletionGracePeriodSeconds = grace;
    setFinalizers(obj, finalizers);
    return write(obj, `graceful deletion, ${grace}s`);
  }

  if (finalizers.length > 0) {
    if (existing.metadata.deletionTimestamp && sameList(finalizers, existing.metadata.finalizers) && (existing.metadata.deletionGracePeriodSeconds ?? 0) === 0) {
      return { object: existing, deleted: false };
    }
    const obj = structuredClone(existing) as KubeObject;
    if (!obj.metadata.deletionTimestamp || (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) obj.metadata.deletionTimestamp = rfc3339(now);
    obj.metadata.deletionGracePeriodSeconds = 0;
    setFinalizers(obj, finalizers);
    return write(obj, `waiting for finalizers: ${finalizers.join(", ")}`);
  }

  if (ctx.dryRun) return { object: existing, deleted: true };
  try {
    const gone = store.delete(key, { expectedRevision: Number(existing.metadata.resourceVersion) });
    traceStage(core, ctx, "storage", "deleted", { object: gone, resourceVersion: gone.metadata.resourceVersion });
    return { object: gone, deleted: true };
  } catch (e) {
    throw storeError(def, name, e);
  }
}

/** deletionFinalizersForGarbageCollection: orphan / foregroundDeletion per the propagation asked for */
function desiredFinalizers(obj: KubeObject, opts: DeleteOptions): string[] {
  let list = [...(obj.metadata.finalizers ?? [])];
  const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? "Orphan" : opts.orphanDependents === false ? "Background" : undefined);
  if (!policy) return list;
  const toggle = (f: string, on: boolean) => {
    const has = list.includes(f);
    if (on && !has) list.push(f);
    if (!on && has) list = list.filter((x) => x !== f);
  };
  toggle(ORPHAN, policy === "Orphan");
  toggle(FOREGROUND, policy === "Foreground");
  return list;
}

/** the pod strategy's CheckGracefulDelete; undefined for resources without graceful deletion */
function gracePeriod(def: ResourceDefinition, obj: KubeObject, opts: DeleteOptions): number | undefined {
  if (!(def.group === "" && def.resource === "pods")) return undefined;
  const spec = obj.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  let period = opts.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
  if (!spec?.nodeName) period = 0;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (phase === "Failed" || phase === "Succeeded") period = 0;
  if (period < 0) period = 1;
  return period;
}

function setFinalizers(obj: KubeObject, list: string[]): void {
  if (list.length) obj.metadata.finalizers = list;
  else delete obj.metadata.finalizers;
}

function sameList(a: string[], b: string[] | undefined): boolean {
  const bb = b ?? [];
  return a.length === bb.length && a.every((x, i) => x === bb[i]);
}
