/** Part of the store contract suite (see ./contract.ts). */
import { describe, expect, it } from "vitest";
import type { Store } from "./types";
import { StoreError } from "./types";
import { type StoreFactory, H, names, pod, podKey, storeError } from "./contract-helpers";

export function basicsContract(factory: StoreFactory): void {
  const fresh = (historyLimit = H) => factory.create({ historyLimit });
  describe("revisions", () => {
    it("starts at revision 0 and counts every write by exactly one", () => {
      const s = fresh();
      expect(s.revision()).toBe(0);
      const a = s.create(podKey("ns", "a"), pod("ns", "a"));
      expect(s.revision()).toBe(1);
      expect(a.metadata.resourceVersion).toBe("1");
      const a2 = s.update(podKey("ns", "a"), { ...a, spec: { x: 1 } });
      expect(s.revision()).toBe(2);
      expect(a2.metadata.resourceVersion).toBe("2");
      s.create(podKey("ns", "b"), pod("ns", "b"));
      const d = s.delete(podKey("ns", "a"));
      expect(s.revision()).toBe(4);
      expect(d.metadata.resourceVersion).toBe("4");
    });

    it("reads and failed writes leave the revision unchanged", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.get(podKey("ns", "a"));
      s.list("/registry/pods/");
      s.count("/registry/");
      s.snapshot();
      s.watch("/registry/", 0, () => {}).stop();
      expect(() => s.create(podKey("ns", "a"), pod("ns", "a"))).toThrow(StoreError);
      expect(() => s.update(podKey("ns", "zz"), pod("ns", "zz"))).toThrow(StoreError);
      expect(() => s.delete(podKey("ns", "zz"))).toThrow(StoreError);
      expect(() => s.update(podKey("ns", "a"), pod("ns", "a"), { expectedRevision: 99 })).toThrow(StoreError);
      expect(s.revision()).toBe(1);
    });

    it("resourceVersion is the key's mod revision, overriding any given one", () => {
      const s = fresh();
      s.create(podKey("ns", "x"), pod("ns", "x"));
      const b = s.create(podKey("ns", "b"), { ...pod("ns", "b"), metadata: { name: "b", namespace: "ns", resourceVersion: "777" } });
      expect(b.metadata.resourceVersion).toBe("2");
      expect(s.get(podKey("ns", "b"))?.metadata.resourceVersion).toBe("2");
    });
  });

  describe("objects handed out", () => {
    it("are deeply frozen", () => {
      const s = fresh();
      const created = s.create(podKey("ns", "a"), pod("ns", "a"));
      for (const o of [created, s.get(podKey("ns", "a"))!, s.list("/registry/pods/").items[0]!]) {
        expect(Object.isFrozen(o)).toBe(true);
        expect(Object.isFrozen(o.metadata)).toBe(true);
        expect(Object.isFrozen(o.metadata.labels)).toBe(true);
        const containers = (o.spec as { containers: object[] }).containers;
        expect(Object.isFrozen(containers)).toBe(true);
        expect(Object.isFrozen(containers[0])).toBe(true);
        expect(() => {
          (o.metadata.labels as Record<string, string>).app = "changed";
        }).toThrow(TypeError);
      }
    });

    it("are independent of the caller's object, which the store does not change", () => {
      const s = fresh();
      const input = pod("ns", "a");
      s.create(podKey("ns", "a"), input);
      expect(Object.isFrozen(input)).toBe(false);
      expect(input.metadata.resourceVersion).toBeUndefined();
      (input.metadata.labels as Record<string, string>).app = "mutated";
      expect(s.get(podKey("ns", "a"))?.metadata.labels).toEqual({ app: "a" });
    });

    it("can be updated from a deep copy or a spread of a stored object", () => {
      const s = fresh();
      const a = s.create(podKey("ns", "a"), pod("ns", "a"));
      const copy = structuredClone(a);
      copy.metadata.labels = { app: "b" };
      const b = s.update(podKey("ns", "a"), copy);
      const c = s.update(podKey("ns", "a"), { ...b, status: { phase: "Running" } });
      expect(c.metadata.labels).toEqual({ app: "b" });
      expect(c.status).toEqual({ phase: "Running" });
      expect(c.spec).toEqual(a.spec);
      expect(Object.isFrozen(c.status)).toBe(true);
      expect(a.metadata.resourceVersion).toBe("1");
    });
  });

  describe("writes", () => {
    it("create fails with KeyExists on an existing key", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      const e = storeError(() => s.create(podKey("ns", "a"), pod("ns", "a")));
      expect(e.code).toBe("KeyExists");
      expect(e.key).toBe(podKey("ns", "a"));
    });

    it("update and delete fail with KeyNotFound on a missing key", () => {
      const s = fresh();
      expect(storeError(() => s.update(podKey("ns", "a"), pod("ns", "a"))).code).toBe("KeyNotFound");
      expect(storeError(() => s.delete(podKey("ns", "a"))).code).toBe("KeyNotFound");
      expect(s.get(podKey("ns", "a"))).toBeUndefined();
    });

    it("update compares-and-swaps on the mod revision", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.create(podKey("ns", "b"), pod("ns", "b"));
      // the key's mod revision is 1 even though the store is at 2
      expect(storeError(() => s.update(podKey("ns", "a"), pod("ns", "a"), { expectedRevision: 2 })).code).toBe("Conflict");
      const u = s.update(podKey("ns", "a"), pod("ns", "a", { spec: { v: 2 } }), { expectedRevision: 1 });
      expect(u.metadata.resourceVersion).toBe("3");
      const e = storeError(() => s.update(podKey("ns", "a"), pod("ns", "a"), { expectedRevision: 1 }));
      expect(e.code).toBe("Conflict");
      expect(s.get(podKey("ns", "a"))?.spec).toEqual({ v: 2 });
    });

    it("delete compares-and-swaps on the mod revision", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.update(podKey("ns", "a"), pod("ns", "a"));
      expect(storeError(() => s.delete(podKey("ns", "a"), { expectedRevision: 1 })).code).toBe("Conflict");
      expect(s.get(podKey("ns", "a"))).toBeDefined();
      const d = s.delete(podKey("ns", "a"), { expectedRevision: 2 });
      expect(d.metadata.resourceVersion).toBe("3");
      expect(d.metadata.name).toBe("a");
      expect(s.get(podKey("ns", "a"))).toBeUndefined();
    });

    it("a deleted key can be created again", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a"));
      s.delete(podKey("ns", "a"));
      const again = s.create(podKey("ns", "a"), pod("ns", "a"));
      expect(again.metadata.resourceVersion).toBe("3");
    });
  });

  describe("list and count", () => {
    function seeded(): Store {
      const s = fresh();
      for (const [ns, n] of [
        ["ns2", "a"],
        ["ns", "b"],
        ["ns", "a"],
        ["ns-x", "c"],
        ["ns", "a2"],
      ] as const)
        s.create(podKey(ns, n), pod(ns, n));
      s.create("/registry/minions/node-1", { apiVersion: "v1", kind: "Node", metadata: { name: "node-1" } });
      s.create("/registry/services/specs/ns/svc", { apiVersion: "v1", kind: "Service", metadata: { name: "svc", namespace: "ns" } });
      return s;
    }

    it("lists keys under a prefix sorted by key, respecting segment boundaries", () => {
      const s = seeded();
      // byte order, like etcd: "-" (0x2d) sorts before "/" (0x2f)
      expect(names(s.list("/registry/pods/").items)).toEqual(["ns-x/c", "ns/a", "ns/a2", "ns/b", "ns2/a"]);
      expect(names(s.list("/registry/pods/ns/").items)).toEqual(["ns/a", "ns/a2", "ns/b"]);
      expect(names(s.list("/registry/minions/").items)).toEqual(["/node-1"]);
      expect(s.list("/registry/secrets/").items).toEqual([]);
      expect(s.list("/registry/").items.map((o) => o.kind)).toEqual(["Node", "Pod", "Pod", "Pod", "Pod", "Pod", "Service"]);
      expect(s.list("/").items).toHaveLength(7);
      expect(s.list("/registry/pods/").revision).toBe(7);
    });

    it("an exact key (no trailing slash) lists only that key", () => {
      const s = seeded();
      expect(names(s.list(podKey("ns", "a")).items)).toEqual(["ns/a"]);
      expect(s.list(podKey("ns", "zz")).items).toEqual([]);
      expect(s.count(podKey("ns", "a"))).toBe(1);
      expect(s.count(podKey("ns", "a2x"))).toBe(0);
    });

    it("counts keys under a prefix", () => {
      const s = seeded();
      expect(s.count("/registry/pods/")).toBe(5);
      expect(s.count("/registry/pods/ns/")).toBe(3);
      expect(s.count("/registry/")).toBe(7);
      expect(s.count("/registry/nothing/")).toBe(0);
      s.delete(podKey("ns", "b"));
      expect(s.count("/registry/pods/ns/")).toBe(2);
    });

    it("lists the state as of an earlier revision within the history window", () => {
      const s = fresh();
      s.create(podKey("ns", "a"), pod("ns", "a")); // 1
      s.create(podKey("ns", "b"), pod("ns", "b")); // 2
      const r2 = s.revision();
      s.update(podKey("ns", "a"), pod("ns", "a", { spec: { v: 2 } })); // 3
      s.delete(podKey("ns", "b")); // 4
      s.create(podKey("ns", "c"), pod("ns", "c")); // 5
      s.create("/registry/minions/n", { apiVersion: "v1", kind: "Node", metadata: { name: "n" } }); // 6

      const at2 = s.list("/registry/pods/", { revision: r2 });
      expect(at2.revision).toBe(2);
      expect(names(at2.items)).toEqual(["ns/a", "ns/b"]);
      expect(at2.items.map((o) => o.metadata.resourceVersion)).toEqual(["1", "2"]);
      expect(at2.items[0]!.spec).toEqual(pod("ns", "a").spec);

      const at4 = s.list("/registry/pods/ns/", { revision: 4 });
      expect(names(at4.items)).toEqual(["ns/a"]);
      expect(at4.items[0]!.metadata.resourceVersion).toBe("3");
      expect(s.list("/registry/", { revision: 0 }).items).toEqual([]);
      expect(s.list("/registry/", { revision: 5 }).items).toHaveLength(2);
      expect(s.list(podKey("ns", "b"), { revision: 3 }).items).toHaveLength(1);
      expect(s.list("/registry/pods/", { revision: s.revision() }).items).toEqual(s.list("/registry/pods/").items);
    });
  });
}
