/**
 * An informer like client-go's SharedIndexInformer: list, then watch from the list's
 * resourceVersion, keeping a local cache that handlers and listers read.
 *
 * Guarantees:
 * - handlers see events in resourceVersion order; `onUpdate` gets the cached old object;
 * - objects in the cache and given to handlers are shared: handlers MUST NOT modify them;
 * - when the watch ends with 410 Expired (or breaks), the informer relists and reconciles the
 *   cache, emitting adds/updates/deletes for what changed meanwhile (no event is lost);
 * - `stop()` ends the watch; a stopped informer holds no timers.
 */
import type { KubeObject } from "../api/types";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** How an informer reaches the API server: a list and a watch from a resourceVersion. */
export interface ListWatch {
  list(): Promise<{ items: KubeObject[]; resourceVersion: string }>;
  /**
   * Watches from `resourceVersion` (exclusive). `onEvent` is called per event; `onClose` when the
   * watch ends for any reason (an `ERROR` event with code 410 comes through `onEvent` first).
   */
  watch(resourceVersion: string, onEvent: (e: WatchEvent) => void, onClose: (err?: unknown) => void): { stop(): void };
}

export interface EventHandlers {
  onAdd?(obj: KubeObject): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

export type IndexFunc = (obj: KubeObject) => string[];

export function objectKey(obj: Pick<KubeObject, "metadata">): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : (obj.metadata.name ?? "");
}

export class Informer {
  private readonly cache = new Map<string, KubeObject>();
  private readonly handlers: EventHandlers[] = [];
  private readonly indexers = new Map<string, { fn: IndexFunc; index: Map<string, Set<string>> }>();
  private watchHandle: { stop(): void } | undefined;
  private synced = false;
  private stopped = false;
  private lastResourceVersion = "0";

  constructor(private readonly lw: ListWatch) {}

  addEventHandler(h: EventHandlers): void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.cache.values()) h.onAdd?.(obj);
  }

  /** adds a named index (e.g. pods by spec.nodeName); must be called before `start` */
  addIndex(name: string, fn: IndexFunc): void {
    this.indexers.set(name, { fn, index: new Map() });
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.relist();
  }

  stop(): void {
    this.stopped = true;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  resourceVersion(): string {
    return this.lastResourceVersion;
  }

  get(key: string): KubeObject | undefined {
    return this.cache.get(key);
  }

  list(namespace?: string): KubeObject[] {
    const all = [...this.cache.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  byIndex(name: string, value: string): KubeObject[] {
    const idx = this.indexers.get(name);
    if (!idx) throw new Error(`informer has no index ${name}`);
    const keys = idx.index.get(value);
    return keys ? [...keys].map((k) => this.cache.get(k)!).filter(Boolean) : [];
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    const { items, resourceVersion } = await this.lw.list();
    if (this.stopped) return;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      this.apply(key, obj);
    }
    for (const [key, obj] of [...this.cache]) if (!seen.has(key)) this.remove(key, obj);
    this.lastResourceVersion = resourceVersion;
    this.synced = true;
    this.startWatch();
  }

  private startWatch(): void {
    let closed = false;
    this.watchHandle = this.lw.watch(
      this.lastResourceVersion,
      (e) => {
        if (closed) return;
        if (e.type === "ERROR") {
          closed = true;
          this.watchHandle?.stop();
          void this.relist();
          return;
        }
        const rv = e.object.metadata.resourceVersion;
        if (rv) this.lastResourceVersion = rv;
        if (e.type === "BOOKMARK") return;
        const key = objectKey(e.object);
        if (e.type === "DELETED") {
          const old = this.cache.get(key);
          if (old) this.remove(key, e.object);
        } else this.apply(key, e.object);
      },
      () => {
        if (closed || this.stopped) return;
        closed = true;
        void this.relist();
      },
    );
  }

  private apply(key: string, obj: KubeObject): void {
    const old = this.cache.get(key);
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    this.cache.set(key, obj);
    this.reindex(key, old, obj);
    for (const h of this.handlers) {
      if (old) h.onUpdate?.(old, obj);
      else h.onAdd?.(obj);
    }
  }

  private remove(key: string, obj: KubeObject): void {
    const old = this.cache.get(key);
    this.cache.delete(key);
    this.reindex(key, old, undefined);
    for (const h of this.handlers) h.onDelete?.(obj);
  }

  private reindex(key: string, old: KubeObject | undefined, obj: KubeObject | undefined): void {
    if (this.indexers.size === 0) return;
    for (const { fn, index } of this.indexers.values()) {
      if (old)
        for (const v of fn(old)) {
          const s = index.get(v);
          s?.delete(key);
          if (s && s.size === 0) index.delete(v);
        }
      if (obj)
        for (const v of fn(obj)) {
          let s = index.get(v);
          if (!s) index.set(v, (s = new Set()));
          s.add(key);
        }
    }
  }
}
