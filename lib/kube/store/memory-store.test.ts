import { describe, expect, it } from "vitest";
import { runStoreContract, pod } from "./contract";
import { MemoryStore } from "./memory-store";
import { StoreError, type StoreEvent } from "./types";

runStoreContract("MemoryStore", {
  create: (opts) => new MemoryStore(opts),
  restore: (snap, opts) => MemoryStore.restore(snap, opts),
});

describe("MemoryStore specifics", () => {
  it("lists and counts 10,000 objects in key order", () => {
    const s = new MemoryStore();
    // insert in a scrambled order across namespaces
    for (let i = 0; i < 10_000; i++) {
      const n = (i * 7919) % 10_000;
      s.create(`/registry/pods/ns${n % 10}/p${String(n).padStart(5, "0")}`, pod(`ns${n % 10}`, `p${n}`));
    }
    const all = s.list("/registry/pods/");
    expect(all.items).toHaveLength(10_000);
    expect(s.count("/registry/pods/")).toBe(10_000);
    expect(s.count("/registry/pods/ns3/")).toBe(1000);
    const keys = all.items.map((o) => `${o.metadata.namespace}/${String(o.metadata.name)}`);
    expect(keys[0]).toBe("ns0/p0");
    const ns3 = s.list("/registry/pods/ns3/").items;
    expect(ns3).toHaveLength(1000);
    expect(ns3.every((o) => o.metadata.namespace === "ns3")).toBe(true);
  });

  it("shares unchanged subtrees of stored objects between revisions", () => {
    const s = new MemoryStore();
    const a = s.create("/registry/pods/ns/a", pod("ns", "a"));
    const b = s.update("/registry/pods/ns/a", { ...a, status: { phase: "Running" } });
    expect(b.spec).toBe(a.spec);
  });

  it("only dispatches to watchers of the written resource and wide prefixes", () => {
    const s = new MemoryStore();
    const seen: string[] = [];
    s.watch("/registry/pods/", 0, (e) => seen.push(`pods ${e.key}`));
    s.watch("/registry/minions/", 0, (e) => seen.push(`nodes ${e.key}`));
    s.watch("/registry/", 0, (e) => seen.push(`all ${e.key}`));
    s.create("/registry/pods/ns/a", pod("ns", "a"));
    expect(seen).toEqual(["pods /registry/pods/ns/a", "all /registry/pods/ns/a"]);
    expect(s.watcherCount()).toBe(3);
  });

  it("reports handler errors to onWatchError", () => {
    const errs: [unknown, StoreEvent][] = [];
    const s = new MemoryStore({ onWatchError: (e, ev) => errs.push([e, ev]) });
    s.watch("/", 0, () => {
      throw new Error("boom");
    });
    s.create("/registry/pods/ns/a", pod("ns", "a"));
    expect(errs).toHaveLength(1);
    expect((errs[0]![0] as Error).message).toBe("boom");
    expect(errs[0]![1].revision).toBe(1);
  });

  it("stopping the last watcher of a resource releases its bucket", () => {
    const s = new MemoryStore();
    const w = s.watch("/registry/pods/ns/", 0, () => {});
    expect(s.watcherCount()).toBe(1);
    w.stop();
    expect(s.watcherCount()).toBe(0);
  });

  it("rejects a bad history limit and bad snapshots", () => {
    expect(() => new MemoryStore({ historyLimit: 0 })).toThrow(RangeError);
    expect(() => MemoryStore.restore({ version: 2 } as never)).toThrow(/version/);
    expect(() =>
      MemoryStore.restore({
        version: 1,
        revision: 1,
        entries: [{ key: "/a/b/c", createRevision: 1, modRevision: 5, object: pod("a", "b") }],
      }),
    ).toThrow(/invalid snapshot entry/);
  });

  it("Compacted errors name the oldest revision", () => {
    const s = new MemoryStore({ historyLimit: 1 });
    s.create("/registry/pods/ns/a", pod("ns", "a"));
    s.create("/registry/pods/ns/b", pod("ns", "b"));
    try {
      s.watch("/registry/pods/", 0, () => {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).message).toContain("oldest available: 1");
    }
  });
});

describe("key index against a naive model", () => {
  it("lists and counts exactly like filter + sort for random keys and prefixes", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const segs = ["registry", "pods", "minions", "ns", "ns-x", "ns2", "a", "a-b", "b", ""];
    const randomKey = () => "/" + Array.from({ length: 1 + rand(5) }, () => segs[rand(segs.length)]).join("/");
    const s = new MemoryStore();
    const live = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const key = randomKey();
      if (live.has(key) && rand(3) === 0) {
        s.delete(key);
        live.delete(key);
      } else if (!live.has(key)) {
        s.create(key, { apiVersion: "v1", kind: "K", metadata: { name: key } });
        live.add(key);
      }
    }
    const sorted = [...live].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const prefixes = ["/", "/registry/", "/registry/pods/", "/registry/pods/ns/", "/a/", "/a-b/", "//", "/ns", ...sorted.slice(0, 20)];
    for (let i = 0; i < 30; i++) prefixes.push(randomKey() + (rand(2) ? "/" : ""));
    for (const p of prefixes) {
      const want = sorted.filter((k) => (p.endsWith("/") ? k.startsWith(p) : k === p));
      expect(
        s.list(p).items.map((o) => o.metadata.name),
        p,
      ).toEqual(want);
      expect(s.count(p), p).toBe(want.length);
    }
    expect(s.snapshot().entries.map((e) => e.key)).toEqual(sorted);
  });

  it("repeated lists of an unchanged resource agree with the state after every kind of write", () => {
    const s = new MemoryStore();
    s.create("/registry/pods/a/p1", pod("a", "p1"));
    s.create("/registry/configmaps/a/c1", pod("a", "c1"));
    const names = (prefix: string) => s.list(prefix).items.map((o) => o.metadata.name);
    expect(names("/registry/pods/")).toEqual(["p1"]);
    const first = s.list("/registry/pods/a/").items;
    expect(Object.isFrozen(first)).toBe(true); // shared, like the objects in it
    expect(s.list("/registry/pods/a/").items).toBe(first);
    s.create("/registry/pods/a/p2", pod("a", "p2"));
    expect(names("/registry/pods/a/")).toEqual(["p1", "p2"]);
    expect(names("/")).toHaveLength(3);
    s.update("/registry/pods/a/p1", { ...pod("a", "p1"), metadata: { name: "p1", namespace: "a", labels: { x: "y" } } });
    expect(s.list("/registry/pods/a/").items[0]!.metadata.labels).toEqual({ x: "y" });
    s.delete("/registry/pods/a/p2");
    expect(names("/registry/pods/a/")).toEqual(["p1"]);
    expect(names("/")).toHaveLength(2);
    s.create("/registry/configmaps/a/c2", pod("a", "c2"));
    expect(names("/registry/pods/")).toEqual(["p1"]);
    expect(names("/registry/configmaps/a/")).toEqual(["c1", "c2"]);
  });
});
