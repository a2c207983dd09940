/**
 * managedFields for every non-apply write (create, update, patch, subresource writes), as
 * fieldmanager's `FieldManager.Update` chain does it: the fields this write added or changed
 * become owned by `manager` (operation Update), other managers lose them, removed fields are
 * owned by nobody, and the manager's timestamp moves only when it took over something.
 */
import type { KubeObject, ManagedFieldsEntry } from "../api";
import type { SchemaNode } from "../openapi/types";
import { FieldSet, type Path } from "./fieldpath";
import { isObject } from "./go-format";
import {
  STRIPPED_PATHS,
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  filterComparison,
  managerId,
  transferOwnership,
  type Managed,
} from "./managed-fields";
import { childSchema } from "./schema-meta";
import { compare } from "./typed";
import { createFieldsV1, VALUE_STRUCTS } from "./create-fields";

export interface UpdateManagedFieldsOptions {
  /** the stored object before the write; undefined on create */
  before: KubeObject | undefined;
  /** the object about to be stored (its own managedFields, if non-empty, are the starting point) */
  after: KubeObject;
  /** `?fieldManager=`, else the user agent's command name, e.g. "kubectl-edit" */
  manager: string;
  /** always "Update" (accepted for symmetry with the entries; apply goes through serverSideApply) */
  operation?: "Update";
  /** "status", "scale", … when written through a subresource */
  subresource?: string;
  /** the group/version the request used, e.g. "apps/v1" */
  apiVersion: string;
  schema: SchemaNode | undefined;
  /** RFC 3339 timestamp for the entry, e.g. "2026-11-27T13:00:00Z" */
  now: string;
  /**
   * Reset fields never recorded for this write (the strategy's GetResetFields). Default:
   * `status` for the main resource, `spec` for the status subresource, none otherwise.
   */
  ignoredFields?: readonly (readonly string[])[];
}

const IGNORE_STATUS = FieldSet.of([{ field: "status" }]);
const IGNORE_SPEC = FieldSet.of([{ field: "spec" }]);

export function defaultIgnoredFields(subresource: string | undefined): FieldSet {
  if (!subresource) return IGNORE_STATUS;
  if (subresource === "status") return IGNORE_SPEC;
  return FieldSet.empty();
}

export function ignoredSet(fields: readonly (readonly string[])[] | undefined, subresource: string | undefined): FieldSet {
  if (!fields) return defaultIgnoredFields(subresource);
  return FieldSet.of(...fields.map((p): Path => p.map((field) => ({ field }))));
}

/** The object without `metadata.managedFields` (what structured-merge-diff compares). */
export function withoutManagedFields(obj: Record<string, unknown>): Record<string, unknown> {
  const meta = obj.metadata;
  if (!isObject(meta) || !("managedFields" in meta)) return obj;
  const { managedFields: _drop, ...rest } = meta;
  return { ...obj, metadata: rest };
}


/**
 * What `creater.New()` of the kind holds before a create: the top-level `metadata`, `spec` and
 * `status` structs, the value-embedded structs inside them, and their required (non-omitempty)
 * fields as present-but-empty values — an approximation of Go's zero value, so a create
 * records `f:spec`, `f:containers` without a `.` member just like upstream.
 */
export function zeroSkeleton(obj: Record<string, unknown>, node: SchemaNode | undefined, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    const child = childSchema(node, k);
    const byValue =
      (depth === 0 && (k === "metadata" || k === "spec" || k === "status")) ||
      (child?.definition !== undefined && VALUE_STRUCTS.has(child.definition));
    if (byValue && isObject(v)) out[k] = zeroSkeleton(v, child, depth + 1);
    else if (depth > 0 && node?.required?.includes(k)) {
      if (Array.isArray(v)) out[k] = [];
      else if (isObject(v)) out[k] = {};
    }
  }
  return out;
}

function isResetRequest(entries: readonly ManagedFieldsEntry[] | undefined): boolean {
  return (
    !!entries &&
    entries.length > 0 &&
    entries.every((e) => !e.manager && !e.operation && (!e.fieldsV1 || Object.keys(e.fieldsV1).length === 0))
  );
}

/**
 * The managed set a write starts from: the new object's entries, else the stored object's.
 * `reset` is true for upstream's "clear managedFields" request (a list holding one empty entry).
 */
function startingManaged(o: UpdateManagedFieldsOptions): { managed: Managed; reset: boolean } {
  const sent = o.after.metadata?.managedFields;
  if (!o.subresource && isResetRequest(sent)) return { managed: new Map(), reset: true };
  if (!o.subresource && sent && sent.length > 0) {
    const m = decodeManagedFields(sent);
    if (m) return { managed: m, reset: false };
  }
  return { managed: decodeManagedFields(o.before?.metadata?.managedFields) ?? new Map(), reset: false };
}

/**
 * Computes the managedFields to store with `after` for a non-apply write by `manager`.
 * Pure: neither object is modified. Returns entries sorted like upstream; an empty array means
 * the object carries no managedFields (omit the field). Like upstream, an existing object
 * without managedFields stays untracked by updates (server-side apply starts tracking it).
 */
export function updateManagedFields(o: UpdateManagedFieldsOptions): ManagedFieldsEntry[] {
  const sent = o.after.metadata?.managedFields;
  if (!o.before && !o.subresource && !o.ignoredFields && !sent?.length) {
    // a plain create: the manager owns what the new object sets (memoized per shape)
    const after = withoutManagedFields(o.after);
    const fieldsV1 = createFieldsV1(after, o.schema, o.manager, o.apiVersion, () => {
      const cmp = filterComparison(compare(zeroSkeleton(after, o.schema), after, o.schema), IGNORE_STATUS);
      const taken = cmp.modified.union(cmp.added).recursiveDifference(IGNORE_STATUS).difference(STRIPPED_PATHS);
      return taken.isEmpty() ? undefined : taken.toFieldsV1();
    });
    if (!fieldsV1) return [];
    return [{ manager: o.manager, operation: "Update", apiVersion: o.apiVersion, ...(o.now ? { time: o.now } : {}), fieldsType: "FieldsV1", fieldsV1: fieldsV1 as Record<string, unknown> }];
  }
  const ignored = ignoredSet(o.ignoredFields, o.subresource);
  const { managed, reset } = startingManaged(o);
  // skipNonAppliedManager: an existing object that tracks nothing keeps tracking nothing.
  if (o.before && managed.size === 0 && !reset) return [];
  const after = withoutManagedFields(o.after);
  const before = o.before ? withoutManagedFields(o.before) : zeroSkeleton(after, o.schema);
  const cmp = filterComparison(compare(before, after, o.schema), ignored);
  const self = "\u0000current-operation";
  const { managed: next } = transferOwnership(managed, cmp, self, true);
  const taken = cmp.modified.union(cmp.added).recursiveDifference(ignored).difference(STRIPPED_PATHS);
  if (!taken.isEmpty()) {
    const id = managerId({ manager: o.manager, operation: "Update", apiVersion: o.apiVersion, subresource: o.subresource });
    const prev = next.get(id);
    next.set(id, {
      manager: o.manager,
      operation: "Update",
      apiVersion: o.apiVersion,
      ...(o.subresource ? { subresource: o.subresource } : {}),
      set: prev ? taken.union(prev.set) : taken,
      time: o.now,
    });
  }
  return encodeManagedFields(capUpdateManagers(next));
}
