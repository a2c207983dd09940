/**
 * The API server's seam to modules other work streams own (selectors, protobuf, patch,
 * openapi). Everything the server needs from them passes through here, so a change in one of
 * their APIs is a change in this file only.
 *
 * PLACEHOLDERS: while a module has not landed, the function here is a deliberately minimal
 * stand-in, marked `PLACEHOLDER(<module>)`. Replace each by a call into the module when it lands.
 */
import type { KubeObject, ManagedFieldsEntry } from "../api/types";
import { checkFieldLabels, parseFieldSelectorParam, parseLabelSelectorParam, SelectorError, type FieldSelector, type LabelSelector } from "../api/selectors";
import { dropEmptyOptional, findUnknownFields as strictUnknownFields, openapiV2 as v2Document, OPENAPI_V2_CONTENT_TYPE, openapiV3Document, openapiV3Root, schemaSource } from "../openapi";
import { decodeProtobufObject } from "../protobuf";
import { applyPatch as patchEngine, decodeApplyBody, serverSideApply, updateManagedFields as managedFieldsFor } from "../patch";

// ---------------------------------------------------------------- selectors

export function parseLabelSelector(s: string): LabelSelector {
  return parseLabelSelectorParam(s);
}

/** a field selector restricted to the resource's supported field labels (400 otherwise) */
export function parseFieldSelector(s: string, supported: readonly string[]): FieldSelector {
  const sel = parseFieldSelectorParam(s);
  try {
    return checkFieldLabels(sel, supported);
  } catch (e) {
    throw e instanceof SelectorError ? e.toStatusError() : e;
  }
}

// ---------------------------------------------------------------- protobuf

/** a `k8s\0`-prefixed protobuf body as the JSON object it encodes (StatusError 400/415 on failure) */
export function decodeProtobuf(buf: Buffer): KubeObject {
  return decodeProtobufObject(buf);
}

// ---------------------------------------------------------------- schemas

const gvkOf = (obj: KubeObject) => {
  const i = obj.apiVersion.indexOf("/");
  return { group: i < 0 ? "" : obj.apiVersion.slice(0, i), version: i < 0 ? obj.apiVersion : obj.apiVersion.slice(i + 1), kind: obj.kind };
};

export function findUnknownFields(gvk: { group: string; version: string; kind: string }, obj: unknown): string[] {
  return strictUnknownFields(gvk, obj);
}

/** Go's omitempty on a typed round trip: empty optional maps and slices are not stored (see openapi/omitempty.ts). */
export function dropEmptyFields(obj: KubeObject): void {
  dropEmptyOptional(gvkOf(obj), obj);
}

// ---------------------------------------------------------------- patch

export type PatchType = "json" | "merge" | "strategic" | "apply";

export interface PatchContext {
  manager: string;
  force: boolean;
  now: string;
  subresource?: string;
}

/** Applies a decoded patch body; `apply` runs server-side apply (which records managedFields itself). */
export function applyPatch(type: PatchType, current: KubeObject | undefined, base: KubeObject, patch: unknown, ctx: PatchContext): KubeObject {
  const schema = schemaSource.forKind(gvkOf(base));
  if (type === "apply") {
    const applied = typeof patch === "string" ? decodeApplyBody(patch) : (patch as Record<string, unknown>);
    return serverSideApply({ live: current, applied, manager: ctx.manager, force: ctx.force, schema, apiVersion: base.apiVersion, kind: base.kind, subresource: ctx.subresource, now: ctx.now });
  }
  return patchEngine(type, base, patch, schema);
}

export function decodeApplyPatch(text: string): Record<string, unknown> {
  return decodeApplyBody(text);
}

/** managedFields after a non-apply write by `manager`. */
export function updateManagedFields(old: KubeObject | undefined, obj: KubeObject, manager: string, time: string, subresource?: string): ManagedFieldsEntry[] {
  return managedFieldsFor({ before: old, after: obj, manager, subresource, apiVersion: obj.apiVersion, schema: schemaSource.forKind(gvkOf(obj)), now: time });
}

// ---------------------------------------------------------------- openapi documents

export function openapiV2(_accept?: string): { contentType: string; body: Buffer } | undefined {
  return { contentType: OPENAPI_V2_CONTENT_TYPE, body: Buffer.from(v2Document()) };
}

/** `/openapi/v3` (path "") or one group-version document ("apis/apps/v1") */
export function openapiV3(path: string, _prefix: string): { contentType: string; body: string } | undefined {
  if (path === "") return { contentType: "application/json", body: JSON.stringify(openapiV3Root()) };
  const doc = openapiV3Document(path);
  return doc ? { contentType: "application/json", body: JSON.stringify(doc) } : undefined;
}
