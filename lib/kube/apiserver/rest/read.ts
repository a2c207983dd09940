/**
 * Get and list as the generic registry serves them, with the list semantics of
 * k8s.io/apiserver's cacher/etcd3 store: label and field selectors, `limit`/`continue` chunks
 * bound to the first chunk's revision, and `resourceVersion` + `resourceVersionMatch`.
 */
import { errors, StatusError } from "../../api/errors";
import { fieldError } from "../../api/field-errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { StoreError } from "../../store/types";
import { compileSelectors, storageKey, storagePrefix } from "../meta";
import type { ServerCore } from "../types";
import { storeFor } from "../storage-codec";
import { groupResource } from "./common";

export function getObject(core: ServerCore, def: ResourceDefinition, namespace: string, name: string): KubeObject {
  const obj = storeFor(core, def).get(storageKey(def, namespace, name));
  if (!obj) throw errors.notFound(groupResource(def), name);
  return obj;
}

export interface ListQuery {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continue?: string | null;
  resourceVersion?: string | null;
  resourceVersionMatch?: string | null;
}

export interface ListOutcome {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, keyAfterPrefix: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start: `${keyAfterPrefix}\u0000` })).toString("base64url");
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as ContinueToken;
    if (t.v !== "meta.k8s.io/v1" || typeof t.rv !== "number" || typeof t.start !== "string") throw new Error("bad token");
    return t;
  } catch {
    throw errors.badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`);
  }
}

export const CONTINUE_EXPIRED =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

export function tooLargeResourceVersion(rv: number, current: number): StatusError {
  return new StatusError(504, "Timeout", `Timeout: Too large resource version: ${rv}, current: ${current}`, {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds: 1,
  });
}

export function parseResourceVersion(value: string, what = "resourceVersion"): number {
  if (!/^\d+$/.test(value)) throw errors.badRequest(`invalid ${what}: ${value}`);
  return Number(value);
}

export function listObjects(core: ServerCore, def: ResourceDefinition, namespace: string, q: ListQuery): ListOutcome {
  const match = compileSelectors(def, q.labelSelector ?? null, q.fieldSelector ?? null);
  const prefix = storagePrefix(def, namespace);
  const store = storeFor(core, def);
  const current = core.store.revision();
  let revision: number | undefined;
  let start = "";
  if (q.resourceVersionMatch && !q.resourceVersion) {
    throw errors.invalid("meta.k8s.io", "ListOptions", "", [fieldError.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")]);
  }
  if (q.continue) {
    if (q.resourceVersion && q.resourceVersion !== "0") throw errors.badRequest("specifying resource version is not allowed when using continue");
    const t = decodeContinue(q.continue);
    if (t.rv < core.store.oldestRevision()) throw errors.expired(CONTINUE_EXPIRED);
    revision = t.rv;
    start = t.start;
  } else if (q.resourceVersion) {
    const rv = parseResourceVersion(q.resourceVersion);
    const rvm = q.resourceVersionMatch ?? "";
    if (rvm && rvm !== "Exact" && rvm !== "NotOlderThan") {
      throw errors.invalid("meta.k8s.io", "ListOptions", "", [fieldError.notSupported("resourceVersionMatch", rvm, ["Exact", "NotOlderThan"])]);
    }
    if (rvm === "Exact" && rv === 0) {
      throw errors.invalid("meta.k8s.io", "ListOptions", "", [fieldError.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]);
    }
    if (rv > current) throw tooLargeResourceVersion(rv, current);
    if (rvm === "Exact") {
      if (rv < core.store.oldestRevision()) throw errors.expired("The resourceVersion for the provided list is too old.");
      revision = rv;
    }
  }
  let result;
  try {
    result = revision === undefined || revision === current ? store.list(prefix) : store.list(prefix, { revision });
  } catch (e) {
    if (e instanceof StoreError && e.code === "Compacted") throw errors.expired(q.continue ? CONTINUE_EXPIRED : "The resourceVersion for the provided list is too old.");
    throw e;
  }
  const listRev = revision ?? result.revision;
  const limit = q.limit && q.limit > 0 ? q.limit : 0;
  const items: KubeObject[] = [];
  let i = 0;
  const all = result.items;
  for (; i < all.length; i++) {
    const o = all[i]!;
    if (start && relKey(def, o) < start) continue;
    if (match && !match(o)) continue;
    if (limit && items.length === limit) break;
    items.push(o);
  }
  const out: ListOutcome = { items, resourceVersion: String(listRev) };
  if (limit && i < all.length && items.length === limit) {
    const last = items[items.length - 1]!;
    out.continue = encodeContinue(listRev, relKey(def, last));
    if (!match) out.remainingItemCount = all.length - i;
  }
  return out;
}

/** the key relative to the resource prefix ("ns/name" or "name"), the continue token's position */
function relKey(def: ResourceDefinition, o: KubeObject): string {
  return def.namespaced ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? "");
}
