import { describe, expect, it } from "vitest";
import { replicasets } from "./replicasets";
import { T0, create, obj, podTemplate, update } from "./testing";

const rs = (specBody: Record<string, unknown> = {}) =>
  obj("apps/v1", "ReplicaSet", "web-abc", { spec: { selector: { matchLabels: { app: "web" } }, template: podTemplate({ app: "web" }), ...specBody } });

describe("replicasets", () => {
  it("has upstream discovery data", () => {
    expect(replicasets).toMatchObject({ group: "apps", resource: "replicasets", singular: "replicaset", kind: "ReplicaSet", shortNames: ["rs"], categories: ["all"] });
    expect(replicasets.subresources?.map((s) => s.name)).toEqual(["status", "scale"]);
    expect(replicasets.scale?.specReplicasPath).toBe("spec.replicas");
  });

  it("defaults replicas to 1 and the pod template", () => {
    const { obj: r, errors } = create(replicasets, rs());
    expect(errors).toEqual([]);
    expect(r.spec).toMatchObject({ replicas: 1, template: { spec: { restartPolicy: "Always" } } });
    expect(r.status).toEqual({ replicas: 0 });
  });

  it("validates with upstream's messages (including its 'deployment' wording)", () => {
    expect(create(replicasets, rs({ replicas: -2, minReadySeconds: -1 })).errors).toEqual([
      "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
      "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(create(replicasets, rs({ selector: { matchLabels: {} } })).errors).toEqual([
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    ]);
    expect(create(replicasets, rs({ template: podTemplate({ app: "web" }, { activeDeadlineSeconds: 5 }) })).errors).toEqual([
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    ]);
  });

  it("matches set-based selectors against the template", () => {
    const sel = { matchExpressions: [{ key: "app", operator: "In", values: ["web", "api"] }] };
    expect(create(replicasets, rs({ selector: sel })).errors).toEqual([]);
    expect(create(replicasets, rs({ selector: sel, template: podTemplate({ app: "db" }) })).errors).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`',
    ]);
  });

  it("keeps the selector immutable", () => {
    const old = create(replicasets, rs()).obj;
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).selector = { matchExpressions: [{ key: "app", operator: "Exists" }] };
    expect(update(replicasets, next, old).errors).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Exists", Values:[]string(nil)}}}: field is immutable',
    ]);
  });

  it("prints DESIRED CURRENT READY AGE + wide columns", () => {
    expect(replicasets.printer.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      "Name:string:0",
      "Desired:integer:0",
      "Current:integer:0",
      "Ready:integer:0",
      "Age:string:0",
      "Containers:string:1",
      "Images:string:1",
      "Selector:string:1",
    ]);
    const r = create(replicasets, rs({ replicas: 3 })).obj;
    r.status = { replicas: 3, readyReplicas: 1 };
    expect(replicasets.printer.cells(r, T0 + 3 * 3600_000)).toEqual(["web-abc", 3, 3, 1, "3h", "web", "nginx:1.27", "app=web"]);
  });
});
