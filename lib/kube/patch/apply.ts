/**
 * Server-side apply (`application/apply-patch+yaml`), as fieldmanager + structured-merge-diff
 * `Updater.Apply` do it: merge the configuration over the live object, prune what this applier
 * applied last time and no longer does (unless someone else owns it), detect conflicts with
 * other managers, record the applier's set as an `Apply` entry. Includes the client-side-apply
 * upgrade path of manager `kubectl` (lastAppliedManager / lastAppliedUpdater).
 */
import { type KubeObject, StatusError, errors, parseApiVersion } from "../api";
import type { SchemaNode } from "../openapi/types";
import { FieldSet, pathString } from "./fieldpath";
import { isObject, jsonEqual } from "./go-format";
import {
  type Conflict,
  type Managed,
  STRIPPED_PATHS,
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  filterComparison,
  goEncode,
  managerId,
  printManager,
  sortConflicts,
  transferOwnership,
} from "./managed-fields";
import { compare, mergeValues, namedFieldPredicate, removeItems, toFieldSet } from "./typed";
import { ignoredSet, updateManagedFields, withoutManagedFields } from "./update";

/** The manager upstream attributes pre-existing fields to when an untracked object is first applied. */
export const BEFORE_FIRST_APPLY = "before-first-apply";

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

export interface ServerSideApplyOptions {
  /** the stored object; undefined when the apply creates it */
  live: KubeObject | undefined;
  /** the decoded apply configuration */
  applied: Record<string, unknown>;
  /** `?fieldManager=` (required for apply; the API server validates that) */
  manager: string;
  /** `?force=true` */
  force: boolean;
  schema: SchemaNode | undefined;
  /** the request's group/version, e.g. "apps/v1" */
  apiVersion: string;
  /** the request's kind; defaults to `live.kind` */
  kind?: string;
  subresource?: string;
  /** RFC 3339 timestamp */
  now: string;
  /** reset fields; default as for `updateManagedFields` */
  ignoredFields?: readonly (readonly string[])[];
}

/** `NewConflictError`: 409 Conflict with one FieldManagerConflict cause per field. */
export function conflictError(conflicts: Conflict[]): StatusError {
  const sorted = sortConflicts(conflicts);
  const causes = sorted.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.managerId)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (sorted.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(sorted[0]!.managerId)}: ${pathString(sorted[0]!.path)}`;
  } else {
    const lines: string[] = [];
    let current: string | undefined;
    for (const c of sorted) {
      if (c.managerId !== current) {
        current = c.managerId;
        lines.push(`conflicts with ${printManager(c.managerId)}:`);
      }
      lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join("\n")}`;
  }
  return new StatusError(409, "Conflict", message, { causes });
}

function validateApplied(o: ServerSideApplyOptions): void {
  const a = o.applied;
  const kind = o.kind ?? o.live?.kind;
  const av = typeof a.apiVersion === "string" ? a.apiVersion : "";
  const k = typeof a.kind === "string" ? a.kind : "";
  if (av !== o.apiVersion || (kind !== undefined && k !== kind)) {
    const { group, version } = parseApiVersion(av);
    throw errors.badRequest(`invalid object type: ${group}/${version}, Kind=${k}`);
  }
  const meta = a.metadata;
  if (isObject(meta) && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw errors.badRequest("metadata.managedFields must be nil");
  }
}

/** `prune`: removes what the applier owned last time, no longer applies, and nobody else owns. */
function prune(merged: unknown, managed: Managed, lastSet: FieldSet, schema: SchemaNode | undefined): unknown {
  const named = namedFieldPredicate(schema);
  let owned = FieldSet.empty();
  for (const m of managed.values()) owned = owned.union(m.set);
  const toRemove = toFieldSet(merged, schema)
    .ensureMembers(named)
    .intersection(lastSet.ensureMembers(named))
    .difference(owned.ensureMembers(named));
  return toRemove.isEmpty() ? merged : (removeItems(merged, toRemove, schema) ?? {});
}

interface ApplyResult {
  object: Record<string, unknown>;
  managed: Managed;
  changed: boolean;
  conflicts: Conflict[];
}

function applyOnce(o: ServerSideApplyOptions, force: boolean): ApplyResult {
  const ignored = ignoredSet(o.ignoredFields, o.subresource);
  const managed: Managed = new Map(decodeManagedFields(o.live?.metadata?.managedFields) ?? []);
  if (o.live && managed.size === 0) {
    // skipNonAppliedManager.Apply: everything already there belongs to "before-first-apply".
    const seeded = updateManagedFields({
      before: undefined,
      after: o.live,
      manager: BEFORE_FIRST_APPLY,
      apiVersion: o.apiVersion,
      schema: o.schema,
      now: o.now,
      ignoredFields: o.ignoredFields,
      subresource: o.subresource,
    });
    for (const [id, m] of decodeManagedFields(seeded) ?? []) managed.set(id, m);
  }
  const live = o.live ? withoutManagedFields(o.live) : {};
  const applied = withoutManagedFields(o.applied);
  const id = managerId({ manager: o.manager, operation: "Apply", subresource: o.subresource });
  const prev = managed.get(id);
  managed.set(id, {
    manager: o.manager,
    operation: "Apply",
    apiVersion: o.apiVersion,
    ...(o.subresource ? { subresource: o.subresource } : {}),
    set: toFieldSet(applied, o.schema).recursiveDifference(ignored),
    ...(prev?.time ? { time: prev.time } : {}),
  });
  let merged = mergeValues(live, applied, o.schema);
  if (prev && !prev.set.isEmpty()) merged = prune(merged, managed, prev.set, o.schema);
  const object = (isObject(merged) ? merged : {}) as Record<string, unknown>;
  const cmp = filterComparison(compare(live, object, o.schema), ignored);
  const { managed: next, conflicts } = transferOwnership(managed, cmp, id, force);
  if (conflicts.length > 0 && !force) return { object, managed, changed: false, conflicts };
  const mine = next.get(id)!;
  const stripped = mine.set.difference(STRIPPED_PATHS);
  const changed = !jsonEqual(live, object);
  if (stripped.isEmpty()) next.delete(id);
  else next.set(id, { ...mine, set: stripped, ...(changed ? { time: o.now } : {}) });
  return { object, managed: next, changed, conflicts: [] };
}

/** `allowedConflictsFromLastApplied`: fields of the last-applied annotation still equal live. */
function allowedFromLastApplied(o: ServerSideApplyOptions): FieldSet | undefined {
  const raw = o.live?.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!raw) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== o.apiVersion) return undefined;
  const live = withoutManagedFields(o.live!);
  const cmp = compare(last, live, o.schema);
  return toFieldSet(last, o.schema).difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
}

/** `buildLastApplied`: the applied configuration minus the annotation, as Go encodes it. */
function buildLastApplied(applied: Record<string, unknown>): string {
  const copy = structuredClone(applied);
  const meta = copy.metadata;
  if (isObject(meta) && isObject(meta.annotations)) delete meta.annotations[LAST_APPLIED_ANNOTATION];
  return goEncode(copy);
}

/**
 * Applies `applied` for `manager` and returns the object to store, with
 * `metadata.managedFields` set (omitted when empty). Pure: inputs are not modified.
 *
 * Throws StatusError: 400 for a configuration of the wrong kind/version or one carrying
 * managedFields; 409 Conflict (`Apply failed with N conflict(s): …`, causes of reason
 * FieldManagerConflict) when another manager owns a field this apply changes and `force` is
 * false. Manager `kubectl` may take over fields still matching the last-applied annotation
 * without conflict, and keeps that annotation in sync, like upstream.
 */
export function serverSideApply(o: ServerSideApplyOptions): KubeObject {
  validateApplied(o);
  let result = applyOnce(o, o.force);
  if (result.conflicts.length > 0 && o.manager === "kubectl" && o.live) {
    const allowed = allowedFromLastApplied(o);
    if (allowed) {
      const rest = result.conflicts.filter((c) => !allowed.has(c.path));
      result = rest.length === 0 ? applyOnce(o, true) : { ...result, conflicts: rest };
    }
  }
  if (result.conflicts.length > 0) throw conflictError(result.conflicts);

  const obj = result.changed ? result.object : structuredClone(o.live ? withoutManagedFields(o.live) : result.object);
  const meta: Record<string, unknown> = isObject(obj.metadata) ? { ...obj.metadata } : {};
  if (o.manager === "kubectl" && isObject(meta.annotations) && LAST_APPLIED_ANNOTATION in meta.annotations) {
    meta.annotations = { ...meta.annotations, [LAST_APPLIED_ANNOTATION]: buildLastApplied(o.applied) };
  }
  const entries = encodeManagedFields(capUpdateManagers(result.managed));
  if (entries.length > 0) meta.managedFields = entries;
  else delete meta.managedFields;
  return structuredClone({ ...obj, metadata: meta }) as unknown as KubeObject;
}
