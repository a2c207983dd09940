import { describe, expect, it } from "vitest";
import { FieldSet, makeKey, pathString } from "./fieldpath";
import { deployment, deploymentSchema } from "./test-schema";
import { compare, mergeValues, removeItems, toFieldSet } from "./typed";

type Obj = Record<string, unknown>;
const f = (field: string) => ({ field });

describe("typed walks (structured-merge-diff semantics)", () => {
  it("ToFieldSet of an applied Deployment matches what kube-apiserver records for `kubectl apply --server-side`", () => {
    const cfg = deployment();
    const { apiVersion: _a, kind: _k, ...rest } = cfg;
    const set = toFieldSet({ ...rest, metadata: { labels: cfg.metadata.labels } }, deploymentSchema);
    expect(set.toFieldsV1()).toEqual({
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": {
        "f:replicas": {},
        "f:selector": {},
        "f:template": {
          "f:metadata": { "f:labels": { "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"nginx"}': {
                ".": {},
                "f:image": {},
                "f:name": {},
                "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
              },
            },
          },
        },
      },
    });
  });

  it("ToFieldSet: sets use v: elements, atomic lists are leaves, nulls are skipped", () => {
    const set = toFieldSet(
      { metadata: { finalizers: ["a", "b"], labels: null }, spec: { template: { spec: { tolerations: [{ key: "k" }] } } } },
      deploymentSchema,
    );
    expect(set.paths().map(pathString)).toEqual([
      '.metadata.finalizers[="a"]',
      '.metadata.finalizers[="b"]',
      ".spec.template.spec.tolerations",
    ]);
  });

  it("Compare reports added members with their children, modified leaves and removed paths", () => {
    const before = deployment();
    const after = deployment({ replicas: 3, labels: { app: "web", tier: "fe" } }) as Obj;
    (after.spec as Obj).paused = true;
    delete (after.spec as Obj).selector;
    const c = compare(before, after, deploymentSchema);
    expect(c.added.paths().map(pathString)).toEqual([".metadata.labels.tier", ".spec.paused"]);
    expect(c.modified.paths().map(pathString)).toEqual([".spec.replicas"]);
    expect(c.removed.paths().map(pathString)).toEqual([".spec.selector"]);
  });

  it("Compare marks a new list item and a new map as members", () => {
    const before = deployment();
    const after = deployment({
      containers: [
        { name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] },
        { name: "side", image: "b" },
      ],
    }) as Obj;
    (after.metadata as Obj).annotations = { a: "1" };
    expect(compare(before, after, deploymentSchema).added.toFieldsV1()).toEqual({
      "f:metadata": { "f:annotations": { ".": {}, "f:a": {} } },
      "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"side"}': { ".": {}, "f:image": {}, "f:name": {} } } } } },
    });
  });

  it("Merge: associative lists merge by key keeping live order, new items follow config order", () => {
    const live = { spec: { template: { spec: { containers: [{ name: "a", image: "a1" }, { name: "b", image: "b1" }, { name: "c" }] } } } };
    const cfg = { spec: { template: { spec: { containers: [{ name: "d" }, { name: "b", image: "b2" }] } } } };
    const out = mergeValues(live, cfg, deploymentSchema) as Obj;
    const names = (((out.spec as Obj).template as Obj).spec as Obj).containers as Obj[];
    expect(names).toEqual([{ name: "a", image: "a1" }, { name: "d" }, { name: "b", image: "b2" }, { name: "c" }]);
  });

  it("Merge: atomic values are replaced, maps merged, sets unioned, null removes", () => {
    const live = {
      metadata: { labels: { a: "1" }, finalizers: ["x"] },
      spec: { selector: { matchLabels: { a: "1", b: "2" } }, replicas: 1 },
    };
    const cfg = { metadata: { labels: { b: "2" }, finalizers: ["y"] }, spec: { selector: { matchLabels: { c: "3" } }, replicas: null } };
    expect(mergeValues(live, cfg, deploymentSchema)).toEqual({
      metadata: { labels: { a: "1", b: "2" }, finalizers: ["x", "y"] },
      spec: { selector: { matchLabels: { c: "3" } } },
    });
  });

  it("RemoveItems drops members with their subtrees and empties", () => {
    const obj = deployment({
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "y" },
      ],
    });
    const set = FieldSet.of(
      [f("spec"), f("template"), f("spec"), f("containers"), makeKey([["name", "b"]])],
      [f("spec"), f("template"), f("spec"), f("containers"), makeKey([["name", "a"]]), f("image")],
      [f("metadata"), f("labels"), f("app")],
    );
    const out = removeItems(obj, set, deploymentSchema) as Obj;
    expect((((out.spec as Obj).template as Obj).spec as Obj).containers).toEqual([{ name: "a" }]);
    expect("labels" in (out.metadata as Obj)).toBe(false);
  });
});
