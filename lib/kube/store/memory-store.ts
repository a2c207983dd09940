/**
 * An in-memory `Store` with etcd v3 semantics (see the contract in ./types.ts).
 *
 * Layout, chosen so thousands of small clusters fit in one process:
 * - `entries`: key -> {createRevision, modRevision, object}; objects are deeply frozen and
 *   shared with readers, history events and snapshots (no copies on read).
 * - `index`: sorted keys bucketed by resource prefix (`/registry/pods/`): list and count under
 *   a prefix are binary searches; a write splices one small array.
 * - `history`: the last `historyLimit` events; watch replay and list-at-revision read it.
 * - watchers are kept per resource bucket, so a write only looks at watchers of its resource
 *   (plus the few watching a wider prefix such as `/registry/`).
 *
 * - current-state lists are cached per prefix until the next write to the resource; the
 *   `items` array handed out is frozen and shared like the objects in it.
 *
 * Delivery: events are queued and dispatched in revision order. A handler that writes to the
 * store (a controller reacting to an event) gets its own event after every watcher has seen
 * the current one, still before the outermost write returns. An exception thrown by a handler
 * does not undo the write and does not stop other watchers: it goes to `onWatchError`.
 */
import type { KubeObject } from "../api/types";
import { freezeCopy, freezeWithResourceVersion, withResourceVersion } from "./freeze";
import { History } from "./history";
import { KeyIndex, bucketOf } from "./key-index";
import { type ListResult, type Store, type StoreEvent, type StoreSnapshot, type Watcher, StoreError } from "./types";

export interface MemoryStoreOptions {
  /** how many recent events are kept for watch replay and list-at-revision (default 1000) */
  historyLimit?: number;
  /** receives exceptions thrown by watch handlers (default: console.error) */
  onWatchError?: (err: unknown, event: StoreEvent) => void;
}

export const DEFAULT_HISTORY_LIMIT = 1000;
/** cached prefix lists kept per resource bucket */
const MAX_CACHED_LISTS = 32;

interface Entry {
  createRevision: number;
  modRevision: number;
  object: KubeObject;
}

interface WatchRecord {
  prefix: string;
  handler: (event: StoreEvent) => void;
  /** the revision of the last event delivered (or the watch's fromRevision) */
  last: number;
  stopped: boolean;
}

function keyMatches(prefix: string, key: string): boolean {
  return prefix.endsWith("/") ? key.startsWith(prefix) : key === prefix;
}

function defaultWatchError(err: unknown, event: StoreEvent): void {
  console.error(`store: watch handler failed on ${event.type} ${event.key}@${event.revision}:`, err);
}

export class MemoryStore implements Store {
  private rev: number;
  private readonly entries = new Map<string, Entry>();
  private readonly index = new KeyIndex();
  private readonly history: History;
  /** watchers whose prefix lies within one resource bucket, by bucket */
  private readonly bucketWatchers = new Map<string, Set<WatchRecord>>();
  /** watchers of wider prefixes (`/`, `/registry/`) */
  private readonly wideWatchers = new Set<WatchRecord>();
  /**
   * current-state lists by prefix, per resource bucket ("" for wide prefixes), dropped on any
   * write to the bucket: repeated lists of an unchanged resource copy one array instead of
   * walking the index and the entry map again
   */
  private readonly listCache = new Map<string, Map<string, KubeObject[]>>();
  private pending: StoreEvent[] = [];
  private dispatching = false;
  private readonly onWatchError: (err: unknown, event: StoreEvent) => void;

  constructor(opts: MemoryStoreOptions = {}, initialRevision = 0) {
    const limit = opts.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`historyLimit must be a positive integer, got ${limit}`);
    this.rev = initialRevision;
    this.history = new History(limit, initialRevision);
    this.onWatchError = opts.onWatchError ?? defaultWatchError;
  }

  /** A store whose reads equal those of the store that took `snapshot` (no history). */
  static restore(snapshot: StoreSnapshot, opts: MemoryStoreOptions = {}): MemoryStore {
    if (snapshot?.version !== 1) throw new Error(`unsupported store snapshot version: ${String(snapshot?.version)}`);
    if (!Number.isInteger(snapshot.revision) || snapshot.revision < 0) throw new Error(`invalid snapshot revision: ${snapshot.revision}`);
    const store = new MemoryStore(opts, snapshot.revision);
    for (const e of snapshot.entries) {
      if (e.modRevision > snapshot.revision || e.createRevision > e.modRevision) {
        throw new Error(`invalid snapshot entry ${e.key}: revisions ${e.createRevision}/${e.modRevision} beyond ${snapshot.revision}`);
      }
      if (store.entries.has(e.key)) throw new Error(`invalid snapshot: duplicate key ${e.key}`);
      store.entries.set(e.key, { createRevision: e.createRevision, modRevision: e.modRevision, object: freezeCopy(e.object) });
      store.index.add(e.key);
    }
    return store;
  }

  revision(): number {
    return this.rev;
  }

  oldestRevision(): number {
    return this.history.compacted;
  }

  get(key: string): KubeObject | undefined {
    return this.entries.get(key)?.object;
  }

  count(prefix: string): number {
    return this.index.count(prefix);
  }

  list(prefix: string, opts: { revision?: number } = {}): ListResult {
    const at = opts.revision;
    if (at === undefined || at >= this.rev) {
      // a future revision reads as the current state (etcd would refuse it; the API server never asks)
      const bucket = prefix.endsWith("/") ? bucketOf(prefix) : undefined;
      let cached = bucket === undefined ? undefined : this.listCache.get(bucket)?.get(prefix);
      if (!cached) {
        cached = [];
        const out = cached;
        this.index.forEach(prefix, (k) => out.push(this.entries.get(k)!.object));
        Object.freeze(out);
        if (bucket !== undefined) {
          let m = this.listCache.get(bucket);
          if (!m) this.listCache.set(bucket, (m = new Map()));
          if (m.size >= MAX_CACHED_LISTS) m.clear();
          m.set(prefix, cached);
        }
      }
      // the array is frozen and shared like the objects in it (copy it to change it)
      return { items: cached, revision: this.rev };
    }
    if (at < this.history.compacted) {
      throw new StoreError("Compacted", prefix, `required revision ${at} has been compacted (oldest available: ${this.history.compacted})`);
    }
    // current state under prefix, then undo newer events
    const state = new Map<string, KubeObject>();
    this.index.forEach(prefix, (k) => state.set(k, this.entries.get(k)!.object));
    for (const ev of this.history.newestFirst(at)) {
      if (!keyMatches(prefix, ev.key)) continue;
      if (ev.type === "ADDED") state.delete(ev.key);
      else state.set(ev.key, ev.prevObject!);
    }
    const keys = [...state.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { items: keys.map((k) => state.get(k)!), revision: at };
  }

  create(key: string, object: KubeObject): KubeObject {
    if (this.entries.has(key)) throw new StoreError("KeyExists", key);
    const rev = this.rev + 1;
    const stored = this.stamp(object, rev);
    this.rev = rev;
    this.entries.set(key, { createRevision: rev, modRevision: rev, object: stored });
    this.index.add(key);
    this.emit(Object.freeze({ type: "ADDED", key, object: stored, revision: rev }));
    return stored;
  }

  update(key: string, object: KubeObject, opts: { expectedRevision?: number } = {}): KubeObject {
    const entry = this.entries.get(key);
    if (!entry) throw new StoreError("KeyNotFound", key);
    this.checkRevision(key, entry, opts.expectedRevision);
    const rev = this.rev + 1;
    const stored = this.stamp(object, rev);
    this.rev = rev;
    const prev = entry.object;
    this.entries.set(key, { createRevision: entry.createRevision, modRevision: rev, object: stored });
    this.emit(Object.freeze({ type: "MODIFIED", key, object: stored, prevObject: prev, revision: rev }));
    return stored;
  }

  delete(key: string, opts: { expectedRevision?: number } = {}): KubeObject {
    const entry = this.entries.get(key);
    if (!entry) throw new StoreError("KeyNotFound", key);
    this.checkRevision(key, entry, opts.expectedRevision);
    const rev = this.rev + 1;
    const last = withResourceVersion(entry.object, String(rev));
    this.rev = rev;
    this.entries.delete(key);
    this.index.remove(key);
    this.emit(Object.freeze({ type: "DELETED", key, object: last, prevObject: entry.object, revision: rev }));
    return last;
  }

  watch(prefix: string, fromRevision: number, handler: (event: StoreEvent) => void): Watcher {
    if (fromRevision < this.history.compacted) {
      throw new StoreError(
        "Compacted",
        prefix,
        `required revision ${fromRevision} has been compacted (oldest available: ${this.history.compacted})`,
      );
    }
    const rec: WatchRecord = { prefix, handler, last: fromRevision, stopped: false };
    const bucket = bucketOf(prefix);
    if (bucket === "") this.wideWatchers.add(rec);
    else {
      let set = this.bucketWatchers.get(bucket);
      if (!set) this.bucketWatchers.set(bucket, (set = new Set()));
      set.add(rec);
    }
    const stop = () => {
      if (rec.stopped) return;
      rec.stopped = true;
      if (bucket === "") this.wideWatchers.delete(rec);
      else {
        const set = this.bucketWatchers.get(bucket);
        set?.delete(rec);
        if (set?.size === 0) this.bucketWatchers.delete(bucket);
      }
    };
    // replay retained history synchronously; writes made by the handler meanwhile are queued
    this.section(() => {
      for (let r = fromRevision + 1; r <= this.rev && !rec.stopped; r++) {
        const ev = this.history.at(r);
        if (!ev) {
          // the handler wrote more than the whole history window during its own replay
          stop();
          this.onWatchError(
            new StoreError("Compacted", prefix, `watch replay overtaken by compaction at revision ${r}`),
            this.history.at(this.rev)!,
          );
          return;
        }
        this.deliver(rec, ev);
      }
    });
    return { stop };
  }

  snapshot(): StoreSnapshot {
    const entries: StoreSnapshot["entries"] = [];
    this.index.forEach("/", (key) => {
      const e = this.entries.get(key)!;
      entries.push({ key, createRevision: e.createRevision, modRevision: e.modRevision, object: e.object });
    });
    // keys not starting with "/" (unusual) are included too
    if (entries.length !== this.entries.size) {
      for (const [key, e] of this.entries) {
        if (!key.startsWith("/")) entries.push({ key, createRevision: e.createRevision, modRevision: e.modRevision, object: e.object });
      }
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return { version: 1, revision: this.rev, entries };
  }

  /** the number of active watchers (for tests and metrics) */
  watcherCount(): number {
    let n = this.wideWatchers.size;
    for (const set of this.bucketWatchers.values()) n += set.size;
    return n;
  }

  private checkRevision(key: string, entry: Entry, expected: number | undefined): void {
    if (expected !== undefined && entry.modRevision !== expected) {
      throw new StoreError("Conflict", key, `Conflict: ${key} is at revision ${entry.modRevision}, expected ${expected}`);
    }
  }

  /** a frozen copy of `object` with `metadata.resourceVersion` = rev */
  private stamp(object: KubeObject, rev: number): KubeObject {
    return freezeWithResourceVersion(object, String(rev));
  }

  private emit(event: StoreEvent): void {
    if (this.listCache.size > 0) {
      this.listCache.delete(bucketOf(event.key));
      this.listCache.delete("");
    }
    this.history.push(event);
    this.pending.push(event);
    this.section(() => {});
  }

  /** runs `fn` as the outermost dispatcher (draining queued events after it) or inline if nested */
  private section(fn: () => void): void {
    if (this.dispatching) {
      fn();
      return;
    }
    this.dispatching = true;
    try {
      fn();
      for (let i = 0; i < this.pending.length; i++) {
        const ev = this.pending[i]!;
        const set = this.bucketWatchers.get(bucketOf(ev.key));
        if (set) for (const w of set) this.deliver(w, ev);
        for (const w of this.wideWatchers) this.deliver(w, ev);
      }
    } finally {
      this.pending = [];
      this.dispatching = false;
    }
  }

  private deliver(w: WatchRecord, ev: StoreEvent): void {
    if (w.stopped || ev.revision <= w.last || !keyMatches(w.prefix, ev.key)) return;
    w.last = ev.revision;
    try {
      w.handler(ev);
    } catch (err) {
      this.onWatchError(err, ev);
    }
  }
}
