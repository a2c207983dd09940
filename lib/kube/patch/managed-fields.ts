/**
 * managedFields bookkeeping as k8s.io/apiserver's fieldmanager does it: decoding entries into
 * per-manager field sets keyed like upstream's manager identifiers, the structured-merge-diff
 * `update` step (ownership moves to whoever changed a field), stripping of server-owned
 * metadata, and encoding back into sorted entries.
 */
import type { ManagedFieldsEntry } from "../api";
import { FieldSet, type Path } from "./fieldpath";
import { goJson, goStringCompare } from "./go-format";
import type { Comparison } from "./typed";

export interface ManagerState {
  manager: string;
  operation: "Apply" | "Update";
  /** the apiVersion the set is expressed in */
  apiVersion: string;
  subresource?: string;
  set: FieldSet;
  time?: string;
}

/** Manager identifier → state. Iteration order is irrelevant; encoding sorts. */
export type Managed = Map<string, ManagerState>;

/**
 * `BuildManagerIdentifier`: the entry minus fieldsType, fieldsV1 and time, and minus apiVersion
 * for appliers (so an applier keeps one entry across versions), as Go's JSON of the struct.
 */
export function managerId(m: { manager: string; operation: string; apiVersion?: string; subresource?: string }): string {
  const o: Record<string, string> = { manager: m.manager, operation: m.operation };
  if (m.operation !== "Apply" && m.apiVersion) o.apiVersion = m.apiVersion;
  if (m.subresource) o.subresource = m.subresource;
  return JSON.stringify(o);
}

/** `printManager`: `"kubectl"`, `"x" with subresource "status"`, `"y" using apps/v1`. */
export function printManager(id: string): string {
  const m = JSON.parse(id) as { manager?: string; operation?: string; apiVersion?: string; subresource?: string };
  let s = JSON.stringify(m.manager ?? "");
  if (m.subresource) s = `${s} with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s = `${s} using ${m.apiVersion ?? ""}`;
  return s;
}

/**
 * Decodes `metadata.managedFields`. Returns undefined when an entry is malformed or a manager
 * identifier repeats (upstream then falls back to another source or resets the field).
 */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managed | undefined {
  const managed: Managed = new Map();
  for (const e of entries ?? []) {
    if (!e || typeof e.manager !== "string" || (e.operation !== "Apply" && e.operation !== "Update")) return undefined;
    if (e.fieldsType !== "FieldsV1") return undefined;
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch {
      return undefined;
    }
    const id = managerId(e);
    if (managed.has(id)) return undefined;
    managed.set(id, {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.subresource ? { subresource: e.subresource } : {}),
      set,
      ...(e.time ? { time: e.time } : {}),
    });
  }
  return managed;
}

function unixSeconds(t: string | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/**
 * Encodes into entries sorted like `sortEncodedManagedFields`: operation (Apply before Update),
 * time (seconds), manager, apiVersion, subresource. Managers with empty sets are dropped.
 */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const entries: ManagedFieldsEntry[] = [];
  for (const m of managed.values()) {
    if (m.set.isEmpty()) continue;
    entries.push({
      manager: m.manager,
      operation: m.operation,
      apiVersion: m.apiVersion,
      ...(m.time ? { time: m.time } : {}),
      fieldsType: "FieldsV1",
      fieldsV1: m.set.toFieldsV1(),
      ...(m.subresource ? { subresource: m.subresource } : {}),
    });
  }
  return entries.sort(
    (p, q) =>
      goStringCompare(p.operation, q.operation) ||
      unixSeconds(p.time) - unixSeconds(q.time) ||
      goStringCompare(p.manager, q.manager) ||
      goStringCompare(p.apiVersion, q.apiVersion) ||
      goStringCompare(p.subresource ?? "", q.subresource ?? ""),
  );
}

/** Upstream's `DefaultMaxUpdateManagers`. */
export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = "ancient-changes";

/**
 * `capManagersManager`: with more than `max` Update entries, the oldest (by time, then
 * identifier) are folded, per apiVersion, into an `ancient-changes` entry.
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): Managed {
  const updaters = [...managed].filter(([, m]) => m.operation === "Update").map(([id]) => id);
  if (updaters.length <= max) return managed;
  const secs = (id: string) => unixSeconds(managed.get(id)!.time);
  updaters.sort((a, b) => secs(a) - secs(b) || goStringCompare(a, b));
  const out: Managed = new Map(managed);
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const m = out.get(id)!;
    const bucket = managerId({ manager: ANCIENT_CHANGES, operation: "Update", apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    if (!out.has(bucket)) {
      const f = out.get(first)!;
      out.delete(first);
      out.set(bucket, f);
    }
    const b = out.get(bucket)!;
    out.set(bucket, {
      manager: ANCIENT_CHANGES,
      operation: "Update",
      apiVersion: m.apiVersion,
      set: m.set.union(b.set),
      ...(m.time ? { time: m.time } : {}),
    });
    out.delete(id);
    length--;
  }
  return out;
}

/** Paths the API server owns (stripMetaManager): never recorded for any manager. */
export const STRIPPED_PATHS: FieldSet = FieldSet.of(
  [{ field: "apiVersion" }],
  [{ field: "kind" }],
  [{ field: "metadata" }],
  ...["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"].map(
    (f): Path => [{ field: "metadata" }, { field: f }],
  ),
);

/** Filters a comparison by the reset (ignored) fields, like `Comparison.FilterFields`. */
export function filterComparison(c: Comparison, ignored: FieldSet): Comparison {
  return {
    added: c.added.recursiveDifference(ignored),
    removed: c.removed.recursiveDifference(ignored),
    modified: c.modified.recursiveDifference(ignored),
  };
}

export interface Conflict {
  managerId: string;
  path: Path;
}

/**
 * structured-merge-diff `Updater.update`: for every manager other than `self`, fields the
 * change modified or added are conflicts, removed fields are no longer owned. With `force`
 * conflicting fields move away from their owners; without it they are returned and nothing
 * changes. Managers left with nothing are dropped.
 */
export function transferOwnership(
  managed: Managed,
  cmp: Comparison,
  self: string,
  force: boolean,
): { managed: Managed; conflicts: Conflict[] } {
  const changed = cmp.modified.union(cmp.added);
  const conflicts: Conflict[] = [];
  const next: Managed = new Map();
  for (const [id, m] of managed) {
    if (id === self) {
      next.set(id, m);
      continue;
    }
    const c = m.set.intersection(changed);
    c.iterate((path) => conflicts.push({ managerId: id, path }));
    next.set(id, { ...m, set: m.set.difference(c).difference(cmp.removed) });
  }
  if (conflicts.length > 0 && !force) return { managed, conflicts };
  for (const [id, m] of next) if (m.set.isEmpty() && id !== self) next.delete(id);
  return { managed: next, conflicts };
}

/** Sorted like upstream's conflict message: by manager identifier, then iteration order. */
export function sortConflicts(conflicts: Conflict[]): Conflict[] {
  return [...conflicts].sort((a, b) => goStringCompare(a.managerId, b.managerId) || conflicts.indexOf(a) - conflicts.indexOf(b));
}

/** Stable JSON for last-applied annotations, as `json.NewEncoder(w).Encode(obj)` writes it. */
export function goEncode(obj: unknown): string {
  return `${goJson(obj)}\n`;
}
