import { describe, expect, it } from "vitest";
import { FieldSet, comparePE, makeKey, parsePeKey, pathString, peKey, type Path } from "./fieldpath";

const f = (field: string) => ({ field });
const k = (fields: Record<string, unknown>) => makeKey(Object.entries(fields));

describe("fieldpath", () => {
  it("renders path elements as FieldsV1 keys with sorted key fields", () => {
    expect(peKey(f("replicas"))).toBe("f:replicas");
    expect(peKey(k({ protocol: "TCP", containerPort: 80 }))).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(peKey({ value: "example.com/finalizer" })).toBe('v:"example.com/finalizer"');
    expect(peKey({ index: 3 })).toBe("i:3");
  });

  it("parses FieldsV1 keys back", () => {
    for (const s of ["f:a.b/c", 'k:{"containerPort":80,"protocol":"TCP"}', 'v:"x"', "v:5", "i:0"]) expect(peKey(parsePeKey(s))).toBe(s);
    expect(() => parsePeKey("x:1")).toThrow();
  });

  it("orders fields < keys < values < indices", () => {
    const sorted = [{ index: 0 }, { value: "a" }, k({ name: "b" }), f("z"), k({ name: "a" }), f("a")].sort(comparePE).map(peKey);
    expect(sorted).toEqual(["f:a", "f:z", 'k:{"name":"a"}', 'k:{"name":"b"}', 'v:"a"', "i:0"]);
  });

  it("prints paths like Path.String()", () => {
    const p: Path = [f("spec"), f("template"), f("spec"), f("containers"), k({ name: "nginx" }), f("image")];
    expect(pathString(p)).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(pathString([f("ports"), k({ containerPort: 80, protocol: "TCP" })])).toBe('.ports[containerPort=80,protocol="TCP"]');
    expect(pathString([f("finalizers"), { value: "x" }, { index: 2 }])).toBe('.finalizers[="x"][2]');
  });

  it("serializes members with children using '.', in upstream order", () => {
    const s = FieldSet.of(
      [f("spec"), f("template"), f("spec"), f("containers"), k({ name: "nginx" })],
      [f("spec"), f("template"), f("spec"), f("containers"), k({ name: "nginx" }), f("image")],
      [f("spec"), f("template"), f("spec"), f("containers"), k({ name: "nginx" }), f("name")],
      [f("spec"), f("replicas")],
      [f("metadata"), f("labels"), f("app")],
    );
    expect(JSON.stringify(s.toFieldsV1())).toBe(
      '{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}',
    );
  });

  it("round-trips FieldsV1", () => {
    const v1 = {
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": { "f:containers": { 'k:{"name":"a"}': { ".": {}, "f:image": {} } }, "f:finalizers": { 'v:"x"': {} } },
    };
    const s = FieldSet.fromFieldsV1(v1);
    expect(s.toFieldsV1()).toEqual(v1);
    expect(s.has([f("metadata"), f("labels")])).toBe(true);
    expect(s.has([f("metadata")])).toBe(false);
    expect(s.has([f("spec"), f("containers"), k({ name: "a" }), f("image")])).toBe(true);
  });

  it("difference is non-recursive, recursiveDifference drops whole subtrees", () => {
    const s = FieldSet.of([f("a")], [f("a"), f("b")], [f("c")]);
    const minusA = FieldSet.of([f("a")]);
    expect(s.difference(minusA).paths().map(pathString)).toEqual([".c", ".a.b"]);
    expect(s.recursiveDifference(minusA).paths().map(pathString)).toEqual([".c"]);
  });

  it("union and intersection", () => {
    const a = FieldSet.of([f("x"), f("y")], [f("z")]);
    const b = FieldSet.of([f("x"), f("w")], [f("z")]);
    expect(a.union(b).paths().map(pathString)).toEqual([".z", ".x.w", ".x.y"]);
    expect(a.intersection(b).paths().map(pathString)).toEqual([".z"]);
    expect(a.intersection(FieldSet.of([f("q")])).isEmpty()).toBe(true);
  });

  it("ensureMembers adds named parents only", () => {
    const s = FieldSet.of([f("spec"), f("labels"), f("app")]);
    const named = (p: Path) => p.length === 1;
    expect(s.ensureMembers(named).toFieldsV1()).toEqual({ "f:spec": { ".": {}, "f:labels": { "f:app": {} } } });
  });
});
