/**
 * Create, as the generic registry's Store.Create with rest.BeforeCreate: mutating admission,
 * system fields (uid, creationTimestamp, generateName, generation), the strategy's defaults,
 * preparation and validation, validating admission, then storage.
 */
import { errors } from "../../api/errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { runAdmission } from "../admission";
import type { AdmissionPlugin } from "../admission";
import { copyJson, generateName, hasGeneration, rfc3339, storageKey, traceStage } from "../meta";
import type { OpContext, ServerCore } from "../types";
import { storeFor } from "../storage-codec";
import { checkValid, groupResource, stampManagedFields, storeError } from "./common";
import { dropEmptyFields } from "../deps";

export interface CreateOptions {
  /** server-side apply creating a missing object */
  operation?: "Apply" | "Update";
}

/** upstream retries a generated name that collides (RetryGenerateName) */
const GENERATE_NAME_ATTEMPTS = 8;

export function createObject(
  core: ServerCore,
  plugins: readonly AdmissionPlugin[],
  ctx: OpContext,
  def: ResourceDefinition,
  namespace: string,
  input: KubeObject,
  opts: CreateOptions = {},
): KubeObject {
  const store = storeFor(core, def);
  const obj = copyJson(input);
  obj.metadata ??= {};
  obj.apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  obj.kind = def.kind;
  ensureNamespace(def, namespace, obj);

  runAdmission(core, plugins, "mutating", { operation: "CREATE", def, namespace, name: obj.metadata.name ?? "", subresource: "", object: obj, ctx });

  // rest.BeforeCreate
  const meta = obj.metadata;
  if (meta.resourceVersion) throw errors.badRequest("resourceVersion should not be set on objects to be created");
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  const generated = !meta.name && !!meta.generateName;
  if (generated) meta.name = generateName(meta.generateName!, core.random);
  meta.uid = core.newUid();
  meta.creationTimestamp = rfc3339(core.clock.now());
  if (hasGeneration(def)) meta.generation = 1;
  else delete meta.generation;
  def.defaults?.(obj);
  def.prepareForCreate?.(obj, core.registryContext);
  checkValid(core, ctx, def, obj, def.validateCreate?.(obj, core.registryContext) ?? []);

  runAdmission(core, plugins, "validating", { operation: "CREATE", def, namespace, name: meta.name ?? "", subresource: "", object: obj, ctx });
  dropEmptyFields(obj);
  stampManagedFields(core, ctx, undefined, obj, opts.operation ?? "Update");

  if (core.store.count("/registry/") >= core.limits.maxObjects) {
    throw errors.forbidden(groupResource(def), meta.name ?? "", `exceeded the cluster's object limit of ${core.limits.maxObjects}`);
  }
  if (ctx.dryRun) {
    const key = storageKey(def, namespace, meta.name!);
    if (store.get(key)) throw errors.alreadyExists(groupResource(def), meta.name!);
    traceStage(core, ctx, "storage", "dry-run", { object: obj });
    return obj;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = store.create(storageKey(def, namespace, meta.name!), obj);
      traceStage(core, ctx, "storage", "written", { object: stored, resourceVersion: stored.metadata.resourceVersion });
      return stored;
    } catch (e) {
      const mapped = storeError(def, meta.name!, e);
      if (generated && attempt < GENERATE_NAME_ATTEMPTS && (mapped as { reason?: string }).reason === "AlreadyExists") {
        meta.name = generateName(meta.generateName!, core.random);
        continue;
      }
      traceStage(core, ctx, "storage", "failed", { object: obj, detail: (mapped as Error).message });
      throw mapped;
    }
  }
}

/** rest.EnsureObjectNamespaceMatchesRequestNamespace */
export function ensureNamespace(def: ResourceDefinition, namespace: string, obj: KubeObject): void {
  if (!def.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const objNs = obj.metadata.namespace;
  if (objNs && objNs !== namespace) throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  obj.metadata.namespace = namespace;
}
