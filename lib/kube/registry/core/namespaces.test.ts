import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { namespaces } from "./namespaces";
import { NOW, created, ctx, obj } from "./testing";

describe("namespaces", () => {
  it("discovery data", () => {
    expect([namespaces.namespaced, namespaces.shortNames, namespaces.storageResource]).toEqual([false, ["ns"], "namespaces"]);
    expect(namespaces.verbs).not.toContain("deletecollection");
  });

  it("create: label, Active phase and the kubernetes finalizer", () => {
    const ns = created(namespaces, obj("Namespace", "team-a", {}, null));
    expect(ns.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "team-a" });
    expect(ns.status).toEqual({ phase: "Active" });
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(namespaces.validateCreate!(ns, ctx())).toEqual([]);
    expect(namespaces.printer.cells(ns, NOW)).toEqual(["team-a", "Active", "60m"]);
  });

  it("names are DNS-1123 labels", () => {
    const ns = created(namespaces, obj("Namespace", "a.b", {}, null));
    expect(aggregateFieldErrors(namespaces.validateCreate!(ns, ctx()))).toBe('metadata.name: Invalid value: "a.b": must not contain dots');
  });

  it("update keeps spec.finalizers", () => {
    const old = created(namespaces, obj("Namespace", "x", {}, null));
    const next = obj("Namespace", "x", { spec: { finalizers: [] } }, null);
    namespaces.defaults!(next);
    namespaces.prepareForUpdate!(next, old, ctx());
    expect(next.spec).toEqual({ finalizers: ["kubernetes"] });
  });

  it("spec finalizer names", () => {
    const ns = obj("Namespace", "x", { spec: { finalizers: ["custom"] } }, null);
    expect(aggregateFieldErrors(namespaces.validateUpdate!(ns, ns, ctx()))).toBe('spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified');
  });
});
