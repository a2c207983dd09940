import { describe, expect, it } from "vitest";
import { StatusError, type KubeObject } from "../api";
import type { SchemaNode } from "../openapi/types";
import { applyPatch } from "./index";
import { deployment, deploymentSchema, podSchema, preserveSchema } from "./test-schema";

type Obj = Record<string, unknown>;
const smp = (cur: Obj, patch: unknown, schema: SchemaNode | null = deploymentSchema) =>
  applyPatch("strategic", cur as KubeObject, patch, schema ?? undefined) as Obj;
const podSpecOf = (o: Obj) => ((o.spec as Obj).template as Obj).spec as Obj;
const containersOf = (o: Obj) => podSpecOf(o).containers as Obj[];
const withPodSpec = (spec: Obj) => ({ spec: { template: { spec } } });

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

const twoContainers = () =>
  deployment({
    containers: [
      { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] },
      { name: "sidecar", image: "busybox" },
    ],
  });

describe("strategic merge patch on Kubernetes objects", () => {
  it("applies kubectl client-side apply's patch ($setElementOrder + new container + annotation)", () => {
    const patch = {
      metadata: { annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Deployment"}\n' } },
      ...withPodSpec({
        "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }],
        containers: [{ image: "busybox", name: "sidecar" }],
      }),
    };
    const out = smp(deployment(), patch);
    expect(containersOf(out)).toEqual([
      { image: "busybox", name: "sidecar" },
      { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] },
    ]);
    expect((out.metadata as Obj).annotations).toEqual({ "kubectl.kubernetes.io/last-applied-configuration": '{"kind":"Deployment"}\n' });
  });

  it("kubectl set image merges one container by name and keeps its other fields", () => {
    const out = smp(twoContainers(), withPodSpec({ containers: [{ image: "nginx:1.26", name: "nginx" }] }));
    expect(containersOf(out)).toEqual([
      { name: "nginx", image: "nginx:1.26", ports: [{ containerPort: 80 }] },
      { name: "sidecar", image: "busybox" },
    ]);
  });

  it("removes a container with $patch: delete under $setElementOrder", () => {
    const out = smp(
      twoContainers(),
      withPodSpec({ "$setElementOrder/containers": [{ name: "nginx" }], containers: [{ $patch: "delete", name: "sidecar" }] }),
    );
    expect(containersOf(out).map((c) => c.name)).toEqual(["nginx"]);
  });

  it("$setElementOrder without list content reorders and keeps server-only items in live order", () => {
    const cur = deployment({ containers: [{ name: "a" }, { name: "b" }, { name: "c" }] });
    const out = smp(cur, withPodSpec({ "$setElementOrder/containers": [{ name: "b" }, { name: "a" }] }));
    expect(containersOf(out).map((c) => c.name)).toEqual(["b", "a", "c"]);
  });

  it("merges env by name: update one, delete one, add one", () => {
    const cur = deployment({
      containers: [
        {
          name: "app",
          env: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
            { name: "C", value: "3" },
          ],
        },
      ],
    });
    const out = smp(
      cur,
      withPodSpec({
        containers: [
          {
            name: "app",
            env: [
              { name: "B", value: "20" },
              { name: "C", $patch: "delete" },
              { name: "D", value: "4" },
            ],
          },
        ],
      }),
    );
    expect(containersOf(out)[0]!.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "20" },
      { name: "D", value: "4" },
    ]);
  });

  it("merges ports by containerPort; without $setElementOrder new items go first (upstream's mergeSortedSlice)", () => {
    const out = smp(deployment(), withPodSpec({ containers: [{ name: "nginx", ports: [{ containerPort: 443, name: "https" }] }] }));
    expect(containersOf(out)[0]!.ports).toEqual([{ containerPort: 443, name: "https" }, { containerPort: 80 }]);
  });

  it("$patch: replace on a list replaces it with the remaining items", () => {
    const out = smp(twoContainers(), withPodSpec({ containers: [{ name: "only", image: "x" }, { $patch: "replace" }] }));
    expect(containersOf(out)).toEqual([{ name: "only", image: "x" }]);
  });

  it("$patch: replace on a map replaces the map; $patch: delete leaves an empty map", () => {
    const cur = deployment();
    (cur.spec as Obj).strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } };
    const replaced = smp(cur, { spec: { strategy: { $patch: "replace", type: "Recreate" } } });
    expect((replaced.spec as Obj).strategy).toEqual({ type: "Recreate" });
    const deleted = smp(cur, { metadata: { labels: { $patch: "delete" } } });
    expect((deleted.metadata as Obj).labels).toEqual({});
  });

  it("$retainKeys clears the keys it does not list (strategy: Recreate)", () => {
    const cur = deployment();
    (cur.spec as Obj).strategy = { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } };
    const out = smp(cur, { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } });
    expect((out.spec as Obj).strategy).toEqual({ type: "Recreate" });
  });

  it("$retainKeys inside a merge,retainKeys list item switches a volume source", () => {
    const cur = deployment();
    podSpecOf(cur).volumes = [
      { name: "data", emptyDir: {} },
      { name: "other", emptyDir: {} },
    ];
    const out = smp(cur, withPodSpec({ volumes: [{ name: "data", $retainKeys: ["configMap", "name"], configMap: { name: "cm" } }] }));
    expect(podSpecOf(out).volumes).toEqual([
      { name: "data", configMap: { name: "cm" } },
      { name: "other", emptyDir: {} },
    ]);
  });

  it("a patch key missing from $retainKeys is 400 invalid patch format of retainKeys", () => {
    const cur = deployment();
    (cur.spec as Obj).strategy = { type: "RollingUpdate" };
    const e = statusOf(() => smp(cur, { spec: { strategy: { $retainKeys: ["type"], rollingUpdate: { maxSurge: 2 } } } }));
    expect([e.code, e.reason, e.status.message]).toEqual([400, "BadRequest", "invalid patch format of retainKeys"]);
  });

  it("merges finalizers as a primitive set, patch order first", () => {
    const cur = deployment();
    (cur.metadata as Obj).finalizers = ["a", "b"];
    expect((smp(cur, { metadata: { finalizers: ["c", "a"] } }).metadata as Obj).finalizers).toEqual(["c", "a", "b"]);
  });

  it("$deleteFromPrimitiveList removes finalizers; $setElementOrder orders primitives", () => {
    const cur = deployment();
    (cur.metadata as Obj).finalizers = ["a", "b", "c"];
    const out = smp(cur, { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"], "$setElementOrder/finalizers": ["c", "b"] } });
    expect((out.metadata as Obj).finalizers).toEqual(["c", "b"]);
  });

  it("like upstream, a deletion list for an absent list sets that list", () => {
    const out = smp(deployment(), { metadata: { "$deleteFromPrimitiveList/finalizers": ["x"] } });
    expect((out.metadata as Obj).finalizers).toEqual(["x"]);
  });

  it("null deletes a field; null for an absent field is ignored", () => {
    const out = smp(deployment(), { metadata: { labels: null, annotations: null }, spec: { replicas: null } });
    expect((out.metadata as Obj).labels).toBeUndefined();
    expect("annotations" in (out.metadata as Obj)).toBe(false);
    expect("replicas" in (out.spec as Obj)).toBe(false);
  });

  it("replaces atomic-by-default lists (args, tolerations) and merges plain maps", () => {
    const cur = deployment({ containers: [{ name: "nginx", args: ["a", "b"] }] });
    podSpecOf(cur).tolerations = [{ key: "k1" }];
    podSpecOf(cur).nodeSelector = { disk: "ssd" };
    const out = smp(
      cur,
      withPodSpec({ tolerations: [{ key: "k2" }], nodeSelector: { zone: "a" }, containers: [{ name: "nginx", args: ["c"] }] }),
    );
    expect(podSpecOf(out).tolerations).toEqual([{ key: "k2" }]);
    expect(podSpecOf(out).nodeSelector).toEqual({ disk: "ssd", zone: "a" });
    expect(containersOf(out)[0]!.args).toEqual(["c"]);
  });

  it("a value of another type replaces the old one", () => {
    expect((smp(deployment(), { spec: { replicas: "3" } }).spec as Obj).replicas).toBe("3");
  });

  it("drops directives from newly added subtrees, but not below preserve-unknown-fields", () => {
    const out = smp(
      deployment(),
      withPodSpec({ affinity: { $patch: "replace", nodeAffinity: { x: 1 } }, volumes: [{ name: "v", $patch: "delete" }] }),
    );
    expect(podSpecOf(out).affinity).toEqual({ nodeAffinity: { x: 1 } });
    expect(podSpecOf(out).volumes).toEqual([{ name: "v" }]);
    const crd = smp({ metadata: { name: "x" }, spec: {} }, { spec: { config: { $patch: "keep", a: 1 } } }, preserveSchema);
    expect((crd.spec as Obj).config).toEqual({ $patch: "keep", a: 1 });
  });

  it("without a schema: objects merge, lists are replaced (merge-patch semantics plus directives)", () => {
    const out = smp(twoContainers(), withPodSpec({ containers: [{ name: "x" }] }), null);
    expect(containersOf(out)).toEqual([{ name: "x" }]);
    expect((out.metadata as Obj).labels).toEqual({ app: "web" });
  });

  it("falls back to x-kubernetes-list-type/map-keys when a schema has no patch strategy", () => {
    const schema: SchemaNode = {
      type: "object",
      properties: {
        items: { type: "array", listType: "map", listMapKeys: ["id"], items: { type: "object", properties: { id: { type: "string" } } } },
        tags: { type: "array", listType: "set", items: { type: "string" } },
      },
    };
    const out = smp({ items: [{ id: "a", v: 1 }], tags: ["x"] } as unknown as Obj, { items: [{ id: "b" }], tags: ["y"] }, schema);
    expect(out.items).toEqual([{ id: "b" }, { id: "a", v: 1 }]);
    expect(out.tags).toEqual(["y", "x"]);
    const merged = smp({ items: [{ id: "a", v: 1 }] } as unknown as Obj, { items: [{ id: "a", w: 2 }] }, schema);
    expect(merged.items).toEqual([{ id: "a", v: 1, w: 2 }]);
  });

  it("works on Pods too (initContainers merge by name)", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { initContainers: [{ name: "init", image: "a" }], containers: [{ name: "c", image: "b" }] },
    };
    const out = smp(pod, { spec: { initContainers: [{ name: "init", image: "a2" }] } }, podSchema);
    expect((out.spec as Obj).initContainers).toEqual([{ name: "init", image: "a2" }]);
  });

  it("leaves the current object untouched", () => {
    const cur = twoContainers();
    const before = structuredClone(cur);
    smp(cur, withPodSpec({ "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }] }));
    expect(cur).toEqual(before);
  });
});

describe("strategic merge patch errors (as kube-apiserver returns them)", () => {
  it("a missing merge key is 500 without reason and the raw Go message", () => {
    const e = statusOf(() => smp(deployment(), withPodSpec({ containers: [{ image: "busybox" }] })));
    expect(e.code).toBe(500);
    expect(e.status.reason).toBeUndefined();
    expect(e.status.message).toBe("map: map[image:busybox] does not contain declared merge key: name");
  });

  it("$patch: merge in a list is rejected like upstream", () => {
    const e = statusOf(() => smp(deployment(), withPodSpec({ containers: [{ name: "nginx", $patch: "merge" }] })));
    expect(e.status.message).toBe("merging lists cannot yet be specified in the patch");
  });

  it("an unknown $patch directive on a map names the directive and the map", () => {
    const e = statusOf(() => smp(deployment(), { spec: { template: { $patch: "foo", x: 1 } } }));
    expect(e.status.message).toBe("unknown patch type: foo in map: map[$patch:foo x:1]");
  });

  it("a $setElementOrder that contradicts the patch list is a 500 with upstream's text", () => {
    const e = statusOf(() =>
      smp(
        twoContainers(),
        withPodSpec({
          "$setElementOrder/containers": [{ name: "nginx" }, { name: "sidecar" }],
          containers: [{ name: "sidecar" }, { name: "nginx" }],
        }),
      ),
    );
    expect(e.status.message).toBe(
      "The order in patch list:\n[map[name:sidecar] map[name:nginx]]\n doesn't match $setElementOrder list:\n[map[name:nginx] map[name:sidecar]]\n",
    );
  });

  it("a malformed $setElementOrder key is 400", () => {
    const e = statusOf(() => smp(deployment(), { spec: { $setElementOrderX: [] } }));
    expect([e.code, e.status.message]).toEqual([400, "invalid patch format of setElementOrder list"]);
  });

  it("lists of lists are 422 with the generic message", () => {
    const cur = deployment();
    (cur.metadata as Obj).finalizers = [];
    const e = statusOf(() => smp(cur, { metadata: { finalizers: [["x"]] } }));
    expect([e.code, e.reason, e.status.message]).toEqual([
      422,
      "Invalid",
      "the server rejected our request due to an error in our request",
    ]);
  });

  it("mixed element types are a plain error", () => {
    const cur = deployment();
    (cur.metadata as Obj).finalizers = ["a"];
    const e = statusOf(() => smp(cur, { metadata: { finalizers: [{ x: 1 }] } }));
    expect(e.status.message).toBe("list element types are not identical: [[a] [map[x:1]]]");
  });

  it("a body that is not an object is 400 with Go's decode message; null is a no-op", () => {
    const e = statusOf(() => smp(deployment(), [1]));
    expect([e.code, e.status.message]).toEqual([400, "json: cannot unmarshal array into Go value of type map[string]interface {}"]);
    expect(smp(deployment(), null)).toEqual(deployment());
  });
});
