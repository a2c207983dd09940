/**
 * Watch (handlers/watch.go + the cacher's event filtering): a chunked stream of
 * `{"type":…,"object":…}` lines, one flush per event.
 * - resourceVersion unset or "0": the current state first, as ADDED events;
 *   `sendInitialEvents=true` also ends those with an `initial-events-end` BOOKMARK;
 * - resourceVersion N: only changes after N; an N older than the retained history gets one
 *   ERROR event with a 410 Expired Status and the stream ends (the client relists);
 * - selectors apply to both sides of a change: an object leaving the selection is DELETED,
 *   one entering it is ADDED;
 * - `as=Table`: every event carries a one-row Table, with columnDefinitions only in the first;
 * - `allowWatchBookmarks`: a BOOKMARK with the latest revision every minute of cluster time;
 * - `timeoutSeconds`: the server ends the stream after that long; otherwise it stays open
 *   until the client leaves (cleanup on the response's `close`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors } from "../api/errors";
import type { KubeObject } from "../api/types";
import type { ResourceDefinition } from "../registry/types";
import type { TimerHandle } from "../clock";
import type { StoreEvent, Watcher } from "../store/types";
import { StoreError } from "../store/types";
import { compileSelectors, storagePrefix } from "./meta";
import type { ResponseShape } from "./negotiation";
import { isTrue } from "./request-info";
import { statusOf } from "./responses";
import { toTable, partialObjectMetadata, type IncludeObject } from "./table";
import type { ServerCore } from "./types";
import { parseResourceVersion } from "./rest/read";
import { storeFor } from "./storage-codec";

export const BOOKMARK_INTERVAL_MS = 60_000;

export interface WatchRegistry {
  active: Set<{ close(): void }>;
}

export interface WatchRequest {
  def: ResourceDefinition;
  namespace: string;
  /** a single-object watch (legacy `GET …/pods/x?watch=true` or `/watch/…/pods/x`) */
  name?: string;
  query: URLSearchParams;
  shape: ResponseShape;
  include: IncludeObject;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

export function serveWatch(core: ServerCore, watches: WatchRegistry, req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const { def, namespace, query } = w;
  if (watches.active.size >= core.limits.maxWatches) {
    throw errors.tooManyRequests(`too many watches: at most ${core.limits.maxWatches} may be open at once`);
  }
  let fieldSelector = query.get("fieldSelector");
  if (w.name) fieldSelector = fieldSelector ? `${fieldSelector},metadata.name=${w.name}` : `metadata.name=${w.name}`;
  const match = compileSelectors(def, query.get("labelSelector"), fieldSelector);
  const rvParam = query.get("resourceVersion") ?? "";
  const sendInitial = query.has("sendInitialEvents") ? isTrue(query.get("sendInitialEvents")) : undefined;
  const bookmarks = isTrue(query.get("allowWatchBookmarks"));
  if (sendInitial !== undefined) {
    if (query.get("resourceVersionMatch") !== "NotOlderThan") {
      throw errors.invalid("meta.k8s.io", "ListOptions", "", [
        { type: "FieldValueForbidden", field: "sendInitialEvents", detail: "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan" },
      ]);
    }
    if (!bookmarks) {
      throw errors.invalid("meta.k8s.io", "ListOptions", "", [
        { type: "FieldValueForbidden", field: "allowWatchBookmarks", detail: "allowWatchBookmarks must be set to true when sendInitialEvents is set" },
      ]);
    }
  }
  const timeoutSeconds = query.get("timeoutSeconds");
  const timeoutMs = timeoutSeconds && /^\d+$/.test(timeoutSeconds) ? Number(timeoutSeconds) * 1000 : undefined;
  const fromZero = rvParam === "" || rvParam === "0";
  const startRev = fromZero ? core.store.revision() : parseResourceVersion(rvParam);
  const initial = (fromZero && sendInitial !== false) || sendInitial === true;

  const socket = req.socket;
  socket.setTimeout(0);
  socket.setNoDelay(true);
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();

  let first = true;
  let lastRev = startRev;
  const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
  const render = (obj: unknown, type: EventType): unknown => {
    if (type === "ERROR" || type === "BOOKMARK") return obj;
    const o = obj as KubeObject;
    if (w.shape.as === "Table") {
      const t = toTable(def, [o], { include: w.include, metaVersion: w.shape.metaVersion, now: core.clock.now(), noHeaders: !first, listMeta: { resourceVersion: o.metadata.resourceVersion } });
      first = false;
      return t;
    }
    if (w.shape.as === "PartialObjectMetadata" || w.shape.as === "PartialObjectMetadataList") return partialObjectMetadata(o, w.shape.metaVersion);
    return o;
  };
  const send = (type: EventType, obj: unknown) => {
    if (res.writableEnded) return;
    res.write(`${JSON.stringify({ type, object: render(obj, type) })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>) =>
    send("BOOKMARK", { kind: def.kind, apiVersion, metadata: { resourceVersion: String(lastRev), ...(annotations ? { annotations } : {}) } });

  let watcher: Watcher | undefined;
  const timers: TimerHandle[] = [];
  const entry = { close: () => res.end() };
  const cleanup = () => {
    watcher?.stop();
    for (const t of timers) t.cancel();
    timers.length = 0;
    watches.active.delete(entry);
  };
  watches.active.add(entry);
  res.on("close", cleanup);
  res.on("finish", cleanup);

  const prefix = storagePrefix(def, namespace);
  const store = storeFor(core, def);
  const matches = (o: KubeObject | undefined) => !!o && (!w.name || o.metadata.name === w.name) && (!match || match(o));
  const onEvent = (ev: StoreEvent) => {
    lastRev = ev.revision;
    const out = filterEvent(ev, match || w.name ? matches : undefined);
    if (out) send(out.type, out.object);
  };

  try {
    if (initial) {
      const list = store.list(prefix);
      lastRev = list.revision;
      for (const o of list.items) if (matches(o)) send("ADDED", o);
      if (sendInitial === true) bookmark({ "k8s.io/initial-events-end": "true" });
      watcher = store.watch(prefix, list.revision, onEvent);
    } else {
      watcher = store.watch(prefix, startRev, onEvent);
    }
  } catch (e) {
    if (e instanceof StoreError && e.code === "Compacted") {
      send("ERROR", statusOf(errors.expired(`too old resource version: ${startRev} (${core.store.oldestRevision() - 1})`)));
    } else {
      send("ERROR", statusOf(e));
    }
    res.end();
    return;
  }
  if (bookmarks) {
    const tick = () => {
      bookmark();
      timers[0] = core.clock.setTimer(BOOKMARK_INTERVAL_MS, tick);
    };
    timers[0] = core.clock.setTimer(BOOKMARK_INTERVAL_MS, tick);
  }
  if (timeoutMs !== undefined) timers.push(core.clock.setTimer(timeoutMs, () => res.end()));
}

/**
 * The cacher's view of a store event through a selector: unchanged without one; otherwise an
 * object entering the selection is ADDED, one leaving it DELETED (its previous state at the
 * event's revision), and events outside it are dropped.
 */
export function filterEvent(ev: StoreEvent, matches?: (o: KubeObject | undefined) => boolean): { type: EventType; object: KubeObject } | undefined {
  if (!matches) return { type: ev.type, object: ev.object };
  if (ev.type === "ADDED") return matches(ev.object) ? { type: "ADDED", object: ev.object } : undefined;
  if (ev.type === "DELETED") return matches(ev.prevObject ?? ev.object) ? { type: "DELETED", object: ev.object } : undefined;
  const now = matches(ev.object);
  const before = matches(ev.prevObject);
  if (now && before) return { type: "MODIFIED", object: ev.object };
  if (now) return { type: "ADDED", object: ev.object };
  if (before) return { type: "DELETED", object: { ...ev.prevObject!, metadata: { ...ev.prevObject!.metadata, resourceVersion: String(ev.revision) } } };
  return undefined;
}
