import { describe, expect, it } from "vitest";
import { controllerrevisions } from "./controllerrevisions";
import { T0, create, obj, update } from "./testing";

const cr = (body: Record<string, unknown> = { data: { spec: {} }, revision: 2 }) =>
  obj("apps/v1", "ControllerRevision", "web-7d9f", body, {
    ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "web", uid: "u1", controller: true }],
  });

describe("controllerrevisions", () => {
  it("has upstream discovery data", () => {
    expect(controllerrevisions).toMatchObject({ group: "apps", resource: "controllerrevisions", singular: "controllerrevision", kind: "ControllerRevision", statusSubresource: false });
    expect(controllerrevisions.shortNames).toBeUndefined();
    expect(controllerrevisions.categories).toBeUndefined();
  });

  it("requires data and a non-negative revision; data is immutable", () => {
    expect(create(controllerrevisions, cr({ revision: -1 })).errors).toEqual([
      "data: Required value: data is mandatory",
      "revision: Invalid value: -1: must be greater than or equal to 0",
    ]);
    const old = create(controllerrevisions, cr()).obj;
    const next = structuredClone(old);
    next.data = { spec: { x: 1 } };
    expect(update(controllerrevisions, next, old).errors).toEqual(['data: Invalid value: {"spec":{"x":1}}: field is immutable']);
  });

  it("prints NAME CONTROLLER REVISION AGE", () => {
    expect(controllerrevisions.printer.columns.map((c) => c.name)).toEqual(["Name", "Controller", "Revision", "Age"]);
    expect(controllerrevisions.printer.cells(cr(), T0 + 60_000)).toEqual(["web-7d9f", "statefulset.apps/web", 2, "60s"]);
    const orphan = cr();
    orphan.metadata.ownerReferences = [];
    expect(controllerrevisions.printer.cells(orphan, T0)[1]).toBe("<none>");
  });
});
