import { describe, expect, it } from "vitest";
import { StatusError, type KubeObject, type ManagedFieldsEntry } from "../api";
import {
  LAST_APPLIED_ANNOTATION,
  applyPatch,
  decodeApplyBody,
  serverSideApply,
  updateManagedFields,
  type ServerSideApplyOptions,
} from "./index";
import { deployment, deploymentSchema } from "./test-schema";

type Obj = Record<string, unknown>;
const T0 = "2026-11-27T10:00:00Z";
const T1 = "2026-11-27T11:00:00Z";
const T2 = "2026-11-27T12:00:00Z";

const cfg = (o: Parameters<typeof deployment>[0] = {}) => deployment(o) as unknown as Obj;
const ssa = (live: KubeObject | undefined, applied: Obj, extra: Partial<ServerSideApplyOptions> = {}) =>
  serverSideApply({
    live,
    applied,
    manager: "kubectl",
    force: false,
    schema: deploymentSchema,
    apiVersion: "apps/v1",
    kind: "Deployment",
    now: T1,
    ...extra,
  });

/** What the API server would store after a non-apply create by `manager`. */
function createdBy(manager: string, obj: Obj, annotations?: Record<string, string>): KubeObject {
  const o = structuredClone(obj) as KubeObject;
  o.metadata = { ...o.metadata, uid: "u1", resourceVersion: "1", ...(annotations ? { annotations } : {}) };
  o.metadata.managedFields = updateManagedFields({
    before: undefined,
    after: o,
    manager,
    apiVersion: "apps/v1",
    schema: deploymentSchema,
    now: T0,
  });
  return o;
}

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

const entry = (o: KubeObject, manager: string) => o.metadata.managedFields?.find((e) => e.manager === manager);
const containers = (o: Obj) => (((o.spec as Obj).template as Obj).spec as Obj).containers as Obj[];

describe("server-side apply", () => {
  it("creates the object with a single Apply entry", () => {
    const out = ssa(undefined, cfg());
    expect(out.spec).toEqual(cfg().spec);
    expect(out.metadata.managedFields).toEqual([
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: T1,
        fieldsType: "FieldsV1",
        fieldsV1: {
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
        },
      },
    ] satisfies ManagedFieldsEntry[]);
  });

  it("re-applying the same configuration changes nothing, not even the time", () => {
    const live = ssa(undefined, cfg());
    const again = ssa(live, cfg(), { now: T2 });
    expect(again).toEqual(live);
  });

  it("fields dropped from the configuration are removed when only this applier owned them", () => {
    const live = ssa(
      undefined,
      cfg({
        containers: [
          { name: "nginx", image: "nginx" },
          { name: "side", image: "busybox" },
        ],
      }),
    );
    const next = cfg({ containers: [{ name: "nginx", image: "nginx" }] });
    delete (next.spec as Obj).replicas;
    const out = ssa(live, next, { now: T2 });
    expect((out.spec as Obj).replicas).toBeUndefined();
    expect(containers(out)).toEqual([{ name: "nginx", image: "nginx" }]);
    expect(entry(out, "kubectl")!.time).toBe(T2);
    expect(JSON.stringify(entry(out, "kubectl")!.fieldsV1)).not.toContain("replicas");
  });

  it("fields another manager also owns survive being dropped from the configuration (shared ownership)", () => {
    const live = createdBy("kubectl-create", cfg());
    const shared = ssa(live, cfg());
    expect(shared.metadata.managedFields!.map((e) => e.manager)).toEqual(["kubectl", "kubectl-create"]);
    const next = cfg();
    delete (next.spec as Obj).replicas;
    const out = ssa(shared, next, { now: T2 });
    expect((out.spec as Obj).replicas).toBe(2);
    expect(JSON.stringify(entry(out, "kubectl-create")!.fieldsV1)).toContain("f:replicas");
  });

  it("changing a field another manager owns is a 409 with upstream's message and causes", () => {
    const live = createdBy("kubectl-client-side-apply", cfg());
    const e = statusOf(() => ssa(live, cfg({ replicas: 3 })));
    expect(e.status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: "Conflict",
      details: {
        causes: [
          { reason: "FieldManagerConflict", message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: ".spec.replicas" },
        ],
      },
      code: 409,
    });
  });

  it("lists several conflicts grouped by manager", () => {
    const live = createdBy("kubectl-client-side-apply", cfg());
    const e = statusOf(() =>
      ssa(live, cfg({ replicas: 3, containers: [{ name: "nginx", image: "nginx:1.26", ports: [{ containerPort: 80 }] }] }), {
        manager: "ci",
      }),
    );
    expect(e.status.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(e.status.details?.causes?.map((c) => c.field)).toEqual([".spec.replicas", '.spec.template.spec.containers[name="nginx"].image']);
  });

  it("conflicts with another applier print its name only", () => {
    const live = ssa(undefined, cfg(), { manager: "team-a" });
    const e = statusOf(() => ssa(live, cfg({ replicas: 7 }), { manager: "team-b" }));
    expect(e.status.message).toBe('Apply failed with 1 conflict: conflict with "team-a": .spec.replicas');
  });

  it("force takes ownership away from the other manager", () => {
    const live = createdBy("kubectl-client-side-apply", cfg());
    const out = ssa(live, cfg({ replicas: 3 }), { force: true });
    expect((out.spec as Obj).replicas).toBe(3);
    expect(JSON.stringify(entry(out, "kubectl-client-side-apply")!.fieldsV1)).not.toContain("f:replicas");
    expect(JSON.stringify(entry(out, "kubectl")!.fieldsV1)).toContain("f:replicas");
  });

  it("manager kubectl upgrades from client-side apply without conflicts and keeps last-applied in sync", () => {
    const lastApplied = JSON.stringify(cfg()) + "\n";
    const live = createdBy("kubectl-client-side-apply", cfg(), { [LAST_APPLIED_ANNOTATION]: lastApplied });
    const applied = cfg({ replicas: 3 });
    const out = ssa(live, applied);
    expect((out.spec as Obj).replicas).toBe(3);
    const annotation = out.metadata.annotations![LAST_APPLIED_ANNOTATION]!;
    expect(annotation.endsWith("\n")).toBe(true);
    expect(JSON.parse(annotation)).toEqual(applied);
    expect(annotation.startsWith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":')).toBe(true);
  });

  it("…but not for fields changed since the last client-side apply (kubectl scale)", () => {
    const lastApplied = JSON.stringify(cfg()) + "\n";
    const created = createdBy("kubectl-client-side-apply", cfg(), { [LAST_APPLIED_ANNOTATION]: lastApplied });
    const scaled = structuredClone(created);
    (scaled.spec as Obj).replicas = 5;
    scaled.metadata.managedFields = updateManagedFields({
      before: created,
      after: scaled,
      manager: "kubectl",
      subresource: "scale",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T1,
    });
    const e = statusOf(() => ssa(scaled, cfg({ replicas: 3 }), { now: T2 }));
    expect(e.status.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it("rejects a configuration of another kind or version, and one carrying managedFields (400)", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };
    expect(statusOf(() => ssa(undefined, pod)).status.message).toBe("invalid object type: /v1, Kind=Pod");
    const withMf = cfg() as Obj;
    (withMf.metadata as Obj).managedFields = [];
    const e = statusOf(() => ssa(undefined, withMf));
    expect([e.code, e.status.message]).toEqual([400, "metadata.managedFields must be nil"]);
  });

  it("does not modify its inputs", () => {
    const live = createdBy("kubectl-create", cfg());
    const copy = structuredClone(live);
    const applied = cfg({ replicas: 2 });
    ssa(live, applied);
    expect(live).toEqual(copy);
    expect(applied).toEqual(cfg({ replicas: 2 }));
  });
});

describe("decodeApplyBody", () => {
  it("accepts JSON and YAML bodies", () => {
    expect(decodeApplyBody('{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"1"}}')).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      data: { a: "1" },
    });
    expect(decodeApplyBody("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: '1'\n")).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      data: { a: "1" },
    });
    expect(decodeApplyBody("")).toEqual({});
  });

  it("rejects malformed YAML and non-mappings with 400", () => {
    expect(statusOf(() => decodeApplyBody("a: [1, 2")).status.message).toMatch(/^error decoding YAML: /);
    expect(statusOf(() => decodeApplyBody("- 1\n- 2\n")).code).toBe(400);
  });
});

describe("server-side apply on objects without managedFields", () => {
  it("attributes existing fields to before-first-apply (so changes conflict)", () => {
    const live = structuredClone(cfg()) as KubeObject;
    live.metadata.uid = "u1";
    const e = statusOf(() => ssa(live, cfg({ replicas: 9 })));
    expect(e.status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    const out = ssa(live, cfg());
    expect(out.metadata.managedFields!.map((m) => `${m.operation}:${m.manager}`)).toEqual(["Apply:kubectl", "Update:before-first-apply"]);
  });

  it("updates keep such an object untracked", () => {
    const live = structuredClone(cfg()) as KubeObject;
    const after = structuredClone(live);
    (after.spec as Obj).replicas = 4;
    expect(
      updateManagedFields({ before: live, after, manager: "kubectl-edit", apiVersion: "apps/v1", schema: deploymentSchema, now: T1 }),
    ).toEqual([]);
  });
});

describe("purity with frozen (store-owned) inputs", () => {
  const deepFreeze = <T>(o: T): T => {
    if (o && typeof o === "object") {
      Object.values(o).forEach(deepFreeze);
      Object.freeze(o);
    }
    return o;
  };

  it("every engine accepts deeply frozen inputs and returns fully mutable results", () => {
    const live = deepFreeze(createdBy("kubectl-create", cfg()));
    const applied = deepFreeze(cfg({ replicas: 2 }));
    const results = [
      ssa(live, applied),
      applyPatch("json", live, deepFreeze([{ op: "replace", path: "/spec/replicas", value: 3 }]), deploymentSchema),
      applyPatch("merge", live, deepFreeze({ spec: { paused: true } }), deploymentSchema),
      applyPatch(
        "strategic",
        live,
        deepFreeze({ spec: { template: { spec: { containers: [{ name: "nginx", image: "x" }] } } } }),
        deploymentSchema,
      ),
    ];
    for (const r of results) {
      containers(r)[0]!.image = "mutated";
      expect(containers(r)[0]!.image).toBe("mutated");
    }
    expect(containers(live)[0]!.image).toBe("nginx:1.25");
  });
});
