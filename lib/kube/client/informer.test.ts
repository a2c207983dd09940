import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { Informer, type ListWatch, type WatchEvent } from "./informer";

function pod(name: string, rv: number, node = ""): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", resourceVersion: String(rv) }, spec: { nodeName: node } };
}

/** a scripted ListWatch: tests push events and can break the watch */
function fakeListWatch(initial: KubeObject[], rv: number) {
  let items = initial;
  let listRv = rv;
  let emit: ((e: WatchEvent) => void) | undefined;
  let close: ((err?: unknown) => void) | undefined;
  const watchedFrom: string[] = [];
  const lw: ListWatch = {
    list: async () => ({ items, resourceVersion: String(listRv) }),
    watch(from, onEvent, onClose) {
      watchedFrom.push(from);
      emit = onEvent;
      close = onClose;
      return { stop: () => (emit = undefined) };
    },
  };
  return {
    lw,
    watchedFrom,
    emit: (e: WatchEvent) => emit?.(e),
    close: () => close?.(),
    setState: (next: KubeObject[], nextRv: number) => {
      items = next;
      listRv = nextRv;
    },
  };
}

describe("Informer", () => {
  it("lists, then watches from the list's resourceVersion and keeps the cache", async () => {
    const f = fakeListWatch([pod("a", 5)], 7);
    const inf = new Informer(f.lw);
    const seen: string[] = [];
    inf.addEventHandler({ onAdd: (o) => seen.push(`add ${o.metadata.name}`), onUpdate: (o, n) => seen.push(`upd ${o.metadata.resourceVersion}->${n.metadata.resourceVersion}`), onDelete: (o) => seen.push(`del ${o.metadata.name}`) });
    await inf.start();
    expect(inf.hasSynced()).toBe(true);
    expect(f.watchedFrom).toEqual(["7"]);
    f.emit({ type: "ADDED", object: pod("b", 8) });
    f.emit({ type: "MODIFIED", object: pod("a", 9) });
    f.emit({ type: "DELETED", object: pod("b", 10) });
    expect(seen).toEqual(["add a", "add b", "upd 5->9", "del b"]);
    expect(inf.list().map((o) => o.metadata.name)).toEqual(["a"]);
    expect(inf.resourceVersion()).toBe("10");
  });

  it("relists after 410 and emits what changed meanwhile", async () => {
    const f = fakeListWatch([pod("a", 1), pod("b", 2)], 2);
    const inf = new Informer(f.lw);
    const seen: string[] = [];
    inf.addEventHandler({ onAdd: (o) => seen.push(`add ${o.metadata.name}`), onUpdate: (_o, n) => seen.push(`upd ${n.metadata.name}`), onDelete: (o) => seen.push(`del ${o.metadata.name}`) });
    await inf.start();
    f.setState([pod("a", 1), pod("c", 40)], 50);
    f.emit({ type: "ERROR", object: { apiVersion: "v1", kind: "Status", metadata: {}, code: 410 } });
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(["add a", "add b", "add c", "del b"]);
    expect(f.watchedFrom).toEqual(["2", "50"]);
  });

  it("maintains named indexes", async () => {
    const f = fakeListWatch([pod("a", 1, "n1"), pod("b", 2, "n2")], 2);
    const inf = new Informer(f.lw);
    inf.addIndex("node", (o) => [String((o.spec as { nodeName: string }).nodeName)]);
    await inf.start();
    f.emit({ type: "MODIFIED", object: pod("b", 3, "n1") });
    expect(inf.byIndex("node", "n1").map((o) => o.metadata.name).sort()).toEqual(["a", "b"]);
    expect(inf.byIndex("node", "n2")).toEqual([]);
  });
});
