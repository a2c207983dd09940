import { describe, expect, it } from "vitest";
import type { KubeObject, ManagedFieldsEntry } from "../api";
import { updateManagedFields } from "./index";
import { deployment, deploymentSchema } from "./test-schema";

type Obj = Record<string, unknown>;
const T0 = "2026-11-27T10:00:00Z";
const T1 = "2026-11-27T11:00:00Z";
const T2 = "2026-11-27T12:00:00Z";

function stored(overrides: Parameters<typeof deployment>[0] = {}, managedFields?: ManagedFieldsEntry[]): KubeObject {
  const d = deployment(overrides) as unknown as KubeObject;
  d.metadata = {
    ...d.metadata,
    uid: "u1",
    resourceVersion: "5",
    generation: 1,
    creationTimestamp: T0,
    ...(managedFields ? { managedFields } : {}),
  };
  return d;
}

const withSpec = (o: KubeObject, fn: (spec: Obj) => void): KubeObject => {
  const c = structuredClone(o);
  fn(c.spec as Obj);
  return c;
};

function create(manager = "kubectl-create"): ManagedFieldsEntry[] {
  return updateManagedFields({ before: undefined, after: stored(), manager, apiVersion: "apps/v1", schema: deploymentSchema, now: T0 });
}

describe("updateManagedFields (non-apply writes)", () => {
  it("records a create like kube-apiserver: Update entry, '.' only for newly allocated maps/items", () => {
    expect(create()).toEqual([
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "apps/v1",
        time: T0,
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"nginx"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": { ".": {}, 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it("never records server-owned metadata or status (reset fields) for the main resource", () => {
    const after = stored();
    (after as Obj).status = { replicas: 2 };
    const entries = updateManagedFields({
      before: undefined,
      after,
      manager: "m",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T0,
    });
    const v1 = entries[0]!.fieldsV1;
    expect(Object.keys(v1)).toEqual(["f:metadata", "f:spec"]);
    expect(Object.keys(v1["f:metadata"] as Obj)).toEqual(["f:labels"]);
  });

  it("moves a changed field to the new writer; only the writer's time moves", () => {
    const before = stored({}, create());
    const after = withSpec(before, (s) => ((((s.template as Obj).spec as Obj).containers as Obj[])[0]!.image = "nginx:1.26"));
    const entries = updateManagedFields({
      before,
      after,
      manager: "kubectl-edit",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T1,
    });
    expect(entries.map((e) => [e.manager, e.time])).toEqual([
      ["kubectl-create", T0],
      ["kubectl-edit", T1],
    ]);
    const create0 = JSON.stringify(entries[0]!.fieldsV1);
    expect(create0).not.toContain("f:image");
    expect(entries[1]!.fieldsV1).toEqual({
      "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"nginx"}': { "f:image": {} } } } } },
    });
  });

  it("the same manager accumulates fields and refreshes its time", () => {
    const first = stored({}, create());
    const second = withSpec(first, (s) => (s.paused = true));
    const e1 = updateManagedFields({
      before: first,
      after: second,
      manager: "kubectl-edit",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T1,
    });
    const third = withSpec({ ...second, metadata: { ...second.metadata, managedFields: e1 } }, (s) => (s.revisionHistoryLimit = 3));
    const e2 = updateManagedFields({
      before: { ...second, metadata: { ...second.metadata, managedFields: e1 } },
      after: third,
      manager: "kubectl-edit",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T2,
    });
    const edit = e2.find((e) => e.manager === "kubectl-edit")!;
    expect(edit.time).toBe(T2);
    expect(edit.fieldsV1).toEqual({ "f:spec": { "f:paused": {}, "f:revisionHistoryLimit": {} } });
  });

  it("a write that changes nothing it may own leaves the entries alone", () => {
    const before = stored({}, create());
    const after = structuredClone(before);
    after.metadata.resourceVersion = "6";
    after.metadata.generation = 2;
    expect(updateManagedFields({ before, after, manager: "x", apiVersion: "apps/v1", schema: deploymentSchema, now: T1 })).toEqual(
      create(),
    );
  });

  it("a removed field is owned by nobody any more", () => {
    const before = stored({}, create());
    const after = structuredClone(before);
    delete after.metadata.labels;
    const entries = updateManagedFields({
      before,
      after,
      manager: "kubectl-edit",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T1,
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.fieldsV1["f:metadata"]).toBeUndefined();
  });

  it("status subresource writes record status only, with subresource set", () => {
    const before = stored({}, create());
    const after = structuredClone(before) as Obj;
    after.status = { replicas: 2, conditions: [{ type: "Available", status: "True" }] };
    (after.spec as Obj).replicas = 9;
    const entries = updateManagedFields({
      before,
      after: after as KubeObject,
      manager: "kube-controller-manager",
      subresource: "status",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T1,
    });
    const kcm = entries.find((e) => e.manager === "kube-controller-manager")!;
    expect(kcm).toMatchObject({ operation: "Update", subresource: "status", time: T1 });
    expect(kcm.fieldsV1).toEqual({
      "f:status": {
        ".": {},
        "f:conditions": { ".": {}, 'k:{"type":"Available"}': { ".": {}, "f:status": {}, "f:type": {} } },
        "f:replicas": {},
      },
    });
  });

  it("starts from the managedFields the client sent; [{}] resets them", () => {
    const before = stored({}, create());
    const sent = structuredClone(before);
    sent.metadata.managedFields = [
      {
        manager: "other",
        operation: "Update",
        apiVersion: "apps/v1",
        time: T0,
        fieldsType: "FieldsV1",
        fieldsV1: { "f:spec": { "f:replicas": {} } },
      },
    ];
    expect(
      updateManagedFields({ before, after: sent, manager: "m", apiVersion: "apps/v1", schema: deploymentSchema, now: T1 }).map(
        (e) => e.manager,
      ),
    ).toEqual(["other"]);
    const reset = structuredClone(before);
    reset.metadata.managedFields = [{} as ManagedFieldsEntry];
    expect(updateManagedFields({ before, after: reset, manager: "m", apiVersion: "apps/v1", schema: deploymentSchema, now: T1 })).toEqual(
      [],
    );
  });

  it("an update takes fields away from an applier without conflict (force), entries sorted Apply first", () => {
    const applied: ManagedFieldsEntry = {
      manager: "kubectl",
      operation: "Apply",
      apiVersion: "apps/v1",
      time: T1,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:spec": { "f:replicas": {}, "f:paused": {} } },
    };
    const before = stored({}, [...create(), applied]);
    const after = withSpec(before, (s) => (s.replicas = 5));
    const entries = updateManagedFields({
      before,
      after,
      manager: "kubectl",
      subresource: "scale",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T2,
    });
    expect(entries.map((e) => `${e.operation}:${e.manager}:${e.subresource ?? ""}`)).toEqual([
      "Apply:kubectl:",
      "Update:kubectl-create:",
      "Update:kubectl:scale",
    ]);
    expect(entries[0]!.fieldsV1).toEqual({ "f:spec": { "f:paused": {} } });
  });
});

describe("capping Update managers (capManagersManager)", () => {
  it("folds the oldest Update entries into ancient-changes beyond ten", () => {
    let obj = stored({}, create());
    for (let i = 1; i <= 11; i++) {
      const next = structuredClone(obj);
      next.metadata.labels = { ...next.metadata.labels, [`l${i}`]: "x" };
      const now = `2026-11-27T10:${String(i).padStart(2, "0")}:00Z`;
      next.metadata.managedFields = updateManagedFields({
        before: obj,
        after: next,
        manager: `writer-${i}`,
        apiVersion: "apps/v1",
        schema: deploymentSchema,
        now,
      });
      obj = next;
    }
    const managers = obj.metadata.managedFields!.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).not.toContain("kubectl-create");
    expect(managers).not.toContain("writer-1");
    const ancient = obj.metadata.managedFields!.find((e) => e.manager === "ancient-changes")!;
    expect(ancient.time).toBe("2026-11-27T10:02:00Z");
    expect(JSON.stringify(ancient.fieldsV1)).toContain("f:l1");
    expect(JSON.stringify(ancient.fieldsV1)).toContain("f:replicas");
  });
});
