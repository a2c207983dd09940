import { describe, expect, it } from "vitest";
import { statefulsets } from "./statefulsets";
import { T0, create, obj, podTemplate, update } from "./testing";

const sts = (specBody: Record<string, unknown> = {}) =>
  obj("apps/v1", "StatefulSet", "db", {
    spec: { serviceName: "db", selector: { matchLabels: { app: "db" } }, template: podTemplate({ app: "db" }), ...specBody },
  });

describe("statefulsets", () => {
  it("has upstream discovery data", () => {
    expect(statefulsets).toMatchObject({ resource: "statefulsets", singular: "statefulset", kind: "StatefulSet", shortNames: ["sts"], categories: ["all"] });
    expect(statefulsets.subresources?.map((s) => s.name)).toEqual(["status", "scale"]);
  });

  it("defaults podManagementPolicy, updateStrategy, retention policy, replicas and history", () => {
    const { obj: s, errors } = create(statefulsets, sts({ volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"] } }] }));
    expect(errors).toEqual([]);
    expect(s.spec).toMatchObject({
      podManagementPolicy: "OrderedReady",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
      replicas: 1,
      revisionHistoryLimit: 10,
      volumeClaimTemplates: [{ spec: { volumeMode: "Filesystem" }, status: { phase: "Pending" } }],
    });
  });

  it("leaves OnDelete without rollingUpdate", () => {
    const { obj: s } = create(statefulsets, sts({ updateStrategy: { type: "OnDelete" } }));
    expect(s.spec).toMatchObject({ updateStrategy: { type: "OnDelete" } });
    expect((s.spec as { updateStrategy: Record<string, unknown> }).updateStrategy.rollingUpdate).toBeUndefined();
  });

  it("validates with upstream's messages", () => {
    expect(create(statefulsets, sts({ podManagementPolicy: "Fast" })).errors).toEqual([
      `spec.podManagementPolicy: Invalid value: "Fast": must be 'OrderedReady' or 'Parallel'`,
    ]);
    expect(create(statefulsets, sts({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: -1 } } })).errors).toEqual([
      "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(create(statefulsets, sts({ updateStrategy: { type: "Sometimes" } })).errors).toEqual([
      `spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Sometimes", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'`,
    ]);
    expect(create(statefulsets, sts({ selector: { matchLabels: { app: "x" } } })).errors).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`',
    ]);
  });

  it("uses DNS-1123 label names", () => {
    const s = sts();
    s.metadata.name = "db.primary";
    expect(create(statefulsets, s).errors).toEqual(['metadata.name: Invalid value: "db.primary": must not contain dots']);
  });

  it("forbids changing spec fields other than the mutable ones", () => {
    const old = create(statefulsets, sts()).obj;
    const ok = structuredClone(old);
    (ok.spec as Record<string, unknown>).replicas = 5;
    expect(update(statefulsets, ok, old).errors).toEqual([]);
    const bad = structuredClone(old);
    (bad.spec as Record<string, unknown>).serviceName = "other";
    expect(update(statefulsets, bad, old).errors).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it("prints READY AGE + containers and images", () => {
    expect(statefulsets.printer.columns.map((c) => c.name)).toEqual(["Name", "Ready", "Age", "Containers", "Images"]);
    const s = create(statefulsets, sts({ replicas: 3 })).obj;
    s.status = { readyReplicas: 2 };
    expect(statefulsets.printer.cells(s, T0 + 90_000)).toEqual(["db", "2/3", "90s", "web", "nginx:1.27"]);
  });
});
