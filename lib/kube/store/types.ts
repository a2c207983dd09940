/**
 * The contract of the cluster's key-value store, modelled on etcd v3 as the API server uses it.
 *
 * Guarantees every implementation gives (checked by the shared contract suite):
 * - One cluster-wide revision counter. Every successful write (create, update, delete)
 *   increments it by exactly one; the written object's `metadata.resourceVersion` is that
 *   revision as a decimal string. Reads never change it.
 * - Objects handed out are deeply frozen and shared: callers MUST `deepCopy` before changing one.
 * - `update`/`delete` with `expectedRevision` compare-and-swap on the key's mod revision and
 *   throw `StoreError("Conflict")` when it differs.
 * - `watch(prefix, fromRevision)` delivers, in revision order and exactly once, every event with
 *   revision > fromRevision for keys under prefix, synchronously after the write that caused it.
 *   A fromRevision older than the retained history throws `StoreError("Compacted")`.
 * - `list(prefix, {revision})` returns the state as of that revision (within the history window).
 * - `snapshot()` captures objects, the revision counter and nothing else; restoring it gives a
 *   store whose reads are indistinguishable from the original's (history is not kept).
 */
import type { KubeObject } from "../api/types";

export type StoreErrorCode = "KeyExists" | "KeyNotFound" | "Conflict" | "Compacted";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    readonly key: string,
    message?: string,
  ) {
    super(message ?? `${code}: ${key}`);
    this.name = "StoreError";
  }
}

export type StoreEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreEvent {
  type: StoreEventType;
  key: string;
  /** the object after the write; for DELETED, the last state with resourceVersion = the delete's revision */
  object: KubeObject;
  /** the object before the write (absent for ADDED) */
  prevObject?: KubeObject;
  revision: number;
}

export interface Watcher {
  /** stops delivery; idempotent */
  stop(): void;
}

export interface ListResult {
  items: KubeObject[];
  /** the revision the list reflects */
  revision: number;
}

export interface StoreSnapshot {
  version: 1;
  revision: number;
  entries: { key: string; createRevision: number; modRevision: number; object: KubeObject }[];
}

export interface Store {
  /** the current cluster-wide revision (0 for an empty new store) */
  revision(): number;
  get(key: string): KubeObject | undefined;
  /** keys under `prefix` (a `/`-terminated prefix or an exact key), sorted by key */
  list(prefix: string, opts?: { revision?: number }): ListResult;
  /** number of keys under prefix (cheap) */
  count(prefix: string): number;
  create(key: string, object: KubeObject): KubeObject;
  update(key: string, object: KubeObject, opts?: { expectedRevision?: number }): KubeObject;
  delete(key: string, opts?: { expectedRevision?: number }): KubeObject;
  watch(prefix: string, fromRevision: number, handler: (event: StoreEvent) => void): Watcher;
  /** oldest revision still watchable/listable */
  oldestRevision(): number;
  snapshot(): StoreSnapshot;
}
