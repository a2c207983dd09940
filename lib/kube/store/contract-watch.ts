/** Part of the store contract suite (see ./contract.ts). */
import { describe, expect, it, vi } from "vitest";
import type { Store, StoreSnapshot } from "./types";
import { type StoreFactory, H, names, pod, podKey, recorder, storeError } from "./contract-helpers";

export function watchContract(factory: StoreFactory): void {
  const fresh = (historyLimit = H) => factory.create({ historyLimit });
  describe("watch", () => {
    it("delivers every later event under the prefix in revision order, synchronously", () => {
      const s = fresh();
      const r = recorder();
      const w = s.watch("/registry/pods/", s.revision(), r.handler);
      s.create(podKey("ns", "a"), pod("ns", "a"));
      expect(r.events).toHaveLength(1); // synchronous: delivered before create returned
      s.create("/registry/minions/n", { apiVersion: "v1", kind: "Node", metadata: { name: "n" } });
      s.update(podKey("ns", "a"), pod("ns", "a"));
      s.delete(podKey("ns", "a"));
      expect(r.summary()).toEqual(["ADDED /registry/pods/ns/a 1", "MODIFIED /registry/pods/ns/a 3", "DELETED /registry/pods/ns/a 4"]);
      w.stop();
    });

    it("events carry the written object and the previous one", () => {
      const s = fresh();
      const r = recorder();
      s.watch("/registry/", 0, r.handler);
      const a = s.create(podKey("ns", "a"), pod("ns", "a"));
      const b = s.update(podKey("ns", "a"), pod("ns", "a", { spec: { v: 2 } }));
      s.delete(podKey("ns", "a"));
      const [added, modified, deleted] = r.events;
      expect(added!.object).toEqual(a);
      expect(added!.prevObject).toBeUndefined();
      expect(modified!.object).toEqual(b);
      expect(modified!.prevObject).toEqual(a);
      expect(deleted!.object.metadata.resourceVersion).toBe("3");
      expect(deleted!.object.spec).toEqual({ v: 2 });
      expect(deleted!.prevObject).toEqual(b);
      expect(Object.isFrozen(deleted!.object.metadata)).toBe(true);
    });

    it("replays retained history after fromRevision, then continues live, exactly once", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.create(podKey("other", "x"), pod("other", "x"));
      s.update(podKey("ns", "a"), pod("ns", "a"));
      const r = recorder();
      s.watch("/registry/pods/ns/", 1, r.handler);
      expect(r.summary()).toEqual(["MODIFIED /registry/pods/ns/a 3"]);
      s.create(podKey("ns", "b"), pod("ns", "b"));
      s.create(podKey("ns2", "b"), pod("ns2", "b"));
      expect(r.summary()).toEqual(["MODIFIED /registry/pods/ns/a 3", "ADDED /registry/pods/ns/b 4"]);
      const all = recorder();
      s.watch("/registry/", 0, all.handler);
      expect(all.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5]);
    });

    it("watches an exact key", () => {
      const s = fresh();
      const r = recorder();
      s.watch(podKey("ns", "a"), 0, r.handler);
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.create(podKey("ns", "ab"), pod("ns", "ab"));
      s.delete(podKey("ns", "a"));
      expect(r.summary()).toEqual(["ADDED /registry/pods/ns/a 1", "DELETED /registry/pods/ns/a 3"]);
    });

    it("stop ends delivery, is idempotent, and works from inside a handler", () => {
      const s = fresh();
      const r = recorder();
      const w = s.watch("/registry/", 0, r.handler);
      s.create(podKey("ns", "a"), pod("ns", "a"));
      w.stop();
      w.stop();
      s.create(podKey("ns", "b"), pod("ns", "b"));
      expect(r.events).toHaveLength(1);

      let seen = 0;
      const self: { w?: { stop(): void } } = {};
      self.w = s.watch("/registry/", s.revision(), () => {
        seen++;
        self.w!.stop();
      });
      s.create(podKey("ns", "c"), pod("ns", "c"));
      s.create(podKey("ns", "d"), pod("ns", "d"));
      expect(seen).toBe(1);
    });

    it("keeps revision order for every watcher when a handler writes to the store", () => {
      const s = fresh();
      const first = recorder();
      const last = recorder();
      s.watch("/registry/pods/", 0, first.handler);
      // a "controller": on a pod ADDED, writes an event object
      s.watch("/registry/pods/", 0, (e) => {
        if (e.type === "ADDED")
          s.create(`/registry/events/ns/${e.object.metadata.name}`, {
            apiVersion: "v1",
            kind: "Event",
            metadata: { name: String(e.object.metadata.name) },
          });
      });
      s.watch("/registry/", 0, last.handler);
      s.create(podKey("ns", "a"), pod("ns", "a"));
      expect(s.revision()).toBe(2);
      expect(last.events.map((e) => e.revision)).toEqual([1, 2]);
      expect(first.events.map((e) => e.revision)).toEqual([1]);
      s.create(podKey("ns", "b"), pod("ns", "b"));
      expect(last.events.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
    });

    it("a watch started from a handler gets every event exactly once in order", () => {
      const s = fresh();
      const inner = recorder();
      let started = false;
      s.watch("/registry/", 0, () => {
        if (!started) {
          started = true;
          s.create(podKey("ns", "from-handler"), pod("ns", "from-handler"));
          s.watch("/registry/", 0, inner.handler);
        }
      });
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.create(podKey("ns", "b"), pod("ns", "b"));
      expect(inner.events.map((e) => e.revision)).toEqual([1, 2, 3]);
    });

    it("a handler that throws does not undo the write nor starve other watchers", () => {
      const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        const s = fresh();
        const r = recorder();
        s.watch("/registry/", 0, () => {
          throw new Error("boom");
        });
        s.watch("/registry/", 0, r.handler);
        const a = s.create(podKey("ns", "a"), pod("ns", "a"));
        expect(a.metadata.resourceVersion).toBe("1");
        expect(s.get(podKey("ns", "a"))).toBeDefined();
        expect(r.events).toHaveLength(1);
      } finally {
        quiet.mockRestore();
      }
    });

    it("watching a future revision skips events up to it", () => {
      const s = fresh();
      const r = recorder();
      s.watch("/registry/", 2, r.handler);
      for (const n of ["a", "b", "c"]) s.create(podKey("ns", n), pod("ns", n));
      expect(r.events.map((e) => e.revision)).toEqual([3]);
    });
  });

  describe("compaction", () => {
    it("keeps a bounded window: older revisions throw Compacted for watch and list", () => {
      const s = fresh(3);
      expect(s.oldestRevision()).toBe(0);
      for (let i = 0; i < 5; i++) s.create(podKey("ns", `p${i}`), pod("ns", `p${i}`));
      expect(s.revision()).toBe(5);
      expect(s.oldestRevision()).toBe(2);
      const e = storeError(() => s.watch("/registry/pods/", 1, () => {}));
      expect(e.code).toBe("Compacted");
      expect(storeError(() => s.list("/registry/pods/", { revision: 1 })).code).toBe("Compacted");
      const r = recorder();
      s.watch("/registry/pods/", 2, r.handler);
      expect(r.events.map((ev) => ev.revision)).toEqual([3, 4, 5]);
      expect(names(s.list("/registry/pods/", { revision: 2 }).items)).toEqual(["ns/p0", "ns/p1"]);
    });

    it("a live watcher is never affected by compaction", () => {
      const s = fresh(2);
      const r = recorder();
      s.watch("/registry/", 0, r.handler);
      for (let i = 0; i < 10; i++) s.create(podKey("ns", `p${i}`), pod("ns", `p${i}`));
      expect(r.events.map((e) => e.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(s.oldestRevision()).toBe(8);
      expect(s.list("/registry/").items).toHaveLength(10);
    });
  });

  describe("snapshot and restore", () => {
    function populated(): Store {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.create(podKey("ns", "b"), pod("ns", "b"));
      s.update(podKey("ns", "a"), pod("ns", "a", { spec: { v: 2 } }));
      s.create("/registry/minions/n1", { apiVersion: "v1", kind: "Node", metadata: { name: "n1" } });
      s.delete(podKey("ns", "b"));
      s.create("/registry/namespaces/ns", { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns" } });
      return s;
    }

    it("captures objects and the revision counter, sorted by key", () => {
      const snap = populated().snapshot();
      expect(snap.version).toBe(1);
      expect(snap.revision).toBe(6);
      expect(snap.entries.map((e) => [e.key, e.createRevision, e.modRevision])).toEqual([
        ["/registry/minions/n1", 4, 4],
        ["/registry/namespaces/ns", 6, 6],
        ["/registry/pods/ns/a", 1, 3],
      ]);
      expect(Object.keys(snap).sort()).toEqual(["entries", "revision", "version"]);
    });

    it("restores a store whose reads are indistinguishable (also through JSON)", () => {
      const orig = populated();
      for (const snap of [orig.snapshot(), JSON.parse(JSON.stringify(orig.snapshot())) as StoreSnapshot]) {
        const r = factory.restore(snap, { historyLimit: H });
        expect(r.revision()).toBe(orig.revision());
        for (const p of ["/", "/registry/", "/registry/pods/", "/registry/pods/ns/", "/registry/minions/", podKey("ns", "a")]) {
          expect(r.list(p)).toEqual(orig.list(p));
          expect(r.count(p)).toBe(orig.count(p));
        }
        expect(r.get(podKey("ns", "a"))).toEqual(orig.get(podKey("ns", "a")));
        expect(r.get(podKey("ns", "b"))).toBeUndefined();
        expect(Object.isFrozen(r.get(podKey("ns", "a"))!.metadata)).toBe(true);
        expect(r.snapshot()).toEqual(orig.snapshot());
      }
    });

    it("a restored store keeps counting, enforces CAS with the old mod revisions, and has no history", () => {
      const r = factory.restore(populated().snapshot(), { historyLimit: H });
      expect(storeError(() => r.update(podKey("ns", "a"), pod("ns", "a"), { expectedRevision: 1 })).code).toBe("Conflict");
      expect(r.update(podKey("ns", "a"), pod("ns", "a"), { expectedRevision: 3 }).metadata.resourceVersion).toBe("7");
      expect(r.oldestRevision()).toBe(6);
      expect(storeError(() => r.watch("/registry/", 5, () => {})).code).toBe("Compacted");
      const rec = recorder();
      r.watch("/registry/", 6, rec.handler);
      expect(rec.events.map((e) => e.revision)).toEqual([7]);
      r.delete("/registry/minions/n1");
      expect(rec.summary()).toEqual(["MODIFIED /registry/pods/ns/a 7", "DELETED /registry/minions/n1 8"]);
    });

    it("snapshot of an empty store round-trips", () => {
      const r = factory.restore(fresh().snapshot(), { historyLimit: H });
      expect(r.revision()).toBe(0);
      expect(r.list("/").items).toEqual([]);
    });
  });
}
