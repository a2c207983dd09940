/**
 * Storage versions. A few resources are stored in another group's shape (upstream serves
 * events.k8s.io/v1 Events from the core/v1 events storage); `storeFor(core, def)` is the store
 * as that resource sees it, converting on the way in and out. For every other resource it is the
 * store itself.
 */
import type { KubeObject } from "../api/types";
import { coreEventToEventsV1, eventsV1ToCoreEvent } from "../registry/groups";
import type { ResourceDefinition } from "../registry/types";
import type { Store } from "../store/types";
import type { ServerCore } from "./types";

interface Codec {
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

const CODECS: Record<string, Codec> = {
  "events.k8s.io/events": { toStorage: eventsV1ToCoreEvent, fromStorage: coreEventToEventsV1 },
};

const views = new WeakMap<Store, Map<string, Store>>();

export function storeFor(core: ServerCore, def: ResourceDefinition): Store {
  const codec = CODECS[`${def.group}/${def.resource}`];
  if (!codec) return core.store;
  const base = core.store;
  let perStore = views.get(base);
  if (!perStore) views.set(base, (perStore = new Map()));
  const key = `${def.group}/${def.resource}`;
  let view = perStore.get(key);
  if (!view) perStore.set(key, (view = convertingStore(base, codec)));
  return view;
}

function convertingStore(s: Store, c: Codec): Store {
  const out = (o: KubeObject | undefined) => (o ? c.fromStorage(o) : o);
  return {
    revision: () => s.revision(),
    oldestRevision: () => s.oldestRevision(),
    count: (prefix) => s.count(prefix),
    snapshot: () => s.snapshot(),
    get: (key) => out(s.get(key)),
    list(prefix, opts) {
      const r = s.list(prefix, opts);
      return { revision: r.revision, items: r.items.map(c.fromStorage) };
    },
    create: (key, obj) => c.fromStorage(s.create(key, c.toStorage(obj))),
    update: (key, obj, opts) => c.fromStorage(s.update(key, c.toStorage(obj), opts)),
    delete: (key, opts) => c.fromStorage(s.delete(key, opts)),
    watch: (prefix, from, handler) =>
      s.watch(prefix, from, (ev) => handler({ ...ev, object: c.fromStorage(ev.object), ...(ev.prevObject ? { prevObject: c.fromStorage(ev.prevObject) } : {}) })),
  };
}
