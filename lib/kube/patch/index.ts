/**
 * The patch engines of the embedded API server: JSON patch, JSON merge patch, strategic merge
 * patch, server-side apply, and managedFields bookkeeping for every other write. Behaviour and
 * error messages follow kube-apiserver (handlers/patch.go, strategicpatch, fieldmanager and
 * structured-merge-diff).
 *
 * Contract for callers (the API server's PATCH handler):
 * - Parse the request body as JSON first (`decodeApplyBody` for apply bodies, which may be YAML).
 * - `applyPatch` for json/merge/strategic, then `updateManagedFields` with the patched object;
 *   `serverSideApply` for apply (it records managedFields itself). For create-by-apply pass
 *   `live: undefined`; the caller then fills in name/namespace/uid etc. as for a create.
 * - Every function is pure: inputs are never modified, results are fresh objects.
 * - Errors are `StatusError`s with upstream's code, reason and message.
 */
import { type KubeObject, errors } from "../api";
import type { SchemaNode } from "../openapi/types";
import { parse as parseYaml } from "yaml";
import { PatchEngineError, invalidPatch } from "./errors";
import { goJson, isObject } from "./go-format";
import { MAX_JSON_PATCH_OPERATIONS, applyJsonPatchOps, decodeJsonPatch } from "./json-patch";
import { applyMergePatch } from "./merge-patch";
import { strategicMergePatch } from "./strategic";

export { serverSideApply, conflictError, LAST_APPLIED_ANNOTATION, type ServerSideApplyOptions } from "./apply";
export { updateManagedFields, type UpdateManagedFieldsOptions } from "./update";
export { FieldSet, pathString, type Path, type PathElement } from "./fieldpath";
export { decodeManagedFields, encodeManagedFields } from "./managed-fields";
export { toFieldSet, compare as compareFields } from "./typed";

export type PatchKind = "json" | "merge" | "strategic";

/** Content types of PATCH requests and the engine each selects. */
export const PATCH_CONTENT_TYPES = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
} as const;

const decodeError = (what: string) =>
  `couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`;

function toStatus(e: unknown): unknown {
  return e instanceof PatchEngineError ? e.toStatusError() : e;
}

/**
 * Applies a json, merge or strategic patch body (already JSON-decoded) to `current` and returns
 * the patched object. `schema` drives strategic merge (lists merged by key, directives);
 * without one every object merges key by key and lists are replaced.
 *
 * Errors as kube-apiserver: a body of the wrong shape is 400 BadRequest (Go's decode message);
 * a JSON patch with more than 10000 operations is 413; a failing JSON patch operation is 422
 * `the server rejected our request due to an error in our request`; SMP format errors are 400
 * (`invalid patch format of …`); other SMP errors are 500 without reason carrying the raw
 * message (e.g. `map: map[image:x] does not contain declared merge key: name`); a result that is
 * not an object is 422 `patch: Invalid value`.
 */
export function applyPatch(kind: PatchKind, current: KubeObject, patchBody: unknown, schema: SchemaNode | undefined): KubeObject {
  let result: unknown;
  try {
    if (kind === "json") {
      const ops = decodeJsonPatch(patchBody);
      if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
        throw errors.tooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`);
      }
      result = applyJsonPatchOps(current, ops);
    } else if (kind === "merge") {
      result = applyMergePatch(current, patchBody);
    } else {
      if (patchBody === null || patchBody === undefined) return structuredClone(current);
      if (!isObject(patchBody)) {
        const what = Array.isArray(patchBody) ? "array" : typeof patchBody === "boolean" ? "bool" : typeof patchBody;
        throw errors.badRequest(`json: cannot unmarshal ${what} into Go value of type map[string]interface {}`);
      }
      result = strategicMergePatch(current, patchBody, schema);
    }
  } catch (e) {
    throw toStatus(e);
  }
  if (!isObject(result)) {
    const what = Array.isArray(result) ? "array" : result === null ? "null" : typeof result;
    throw invalidPatch(goJson(result), decodeError(what));
  }
  return result as KubeObject;
}

/**
 * Decodes an `application/apply-patch+yaml` body (YAML or JSON) into an object. Bad YAML is
 * 400 `error decoding YAML: …`; a body that is not a mapping is 400 as well.
 */
export function decodeApplyBody(body: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(body, { uniqueKeys: false, version: "1.1" });
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isObject(doc)) {
    throw errors.badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? "array" : typeof doc} into Go value of type map[string]interface {}`,
    );
  }
  return doc;
}
