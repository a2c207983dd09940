import { describe, expect, it } from "vitest";
import { TEMPLATE_GENERATION_ANNOTATION, daemonsets } from "./daemonsets";
import { T0, create, obj, podTemplate, update } from "./testing";

const ds = (specBody: Record<string, unknown> = {}) =>
  obj("apps/v1", "DaemonSet", "agent", { spec: { selector: { matchLabels: { app: "agent" } }, template: podTemplate({ app: "agent" }), ...specBody } });

describe("daemonsets", () => {
  it("has upstream discovery data (no scale)", () => {
    expect(daemonsets).toMatchObject({ resource: "daemonsets", singular: "daemonset", kind: "DaemonSet", shortNames: ["ds"], categories: ["all"] });
    expect(daemonsets.subresources?.map((s) => s.name)).toEqual(["status"]);
    expect(daemonsets.scale).toBeUndefined();
  });

  it("defaults the rolling update (1 unavailable, 0 surge) and history limit", () => {
    const { obj: d, errors } = create(daemonsets, ds());
    expect(errors).toEqual([]);
    expect(d.spec).toMatchObject({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect(d.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]).toBe("1");
    expect(d.status).toEqual({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it("bumps the template generation annotation only on template changes", () => {
    const old = create(daemonsets, ds()).obj;
    const same = structuredClone(old);
    same.metadata.labels = { x: "y" };
    expect(update(daemonsets, same, old).obj.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]).toBe("1");
    const changed = structuredClone(old);
    (changed.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = "nginx:1.28";
    expect(update(daemonsets, changed, old).obj.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]).toBe("2");
  });

  it("validates with upstream's messages", () => {
    expect(create(daemonsets, ds({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } })).errors).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ]);
    expect(create(daemonsets, ds({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } })).errors).toEqual([
      "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
    ]);
    expect(create(daemonsets, ds({ updateStrategy: { type: "Manual" } })).errors).toEqual([
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Manual", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ]);
    const noSelector = ds();
    delete (noSelector.spec as Record<string, unknown>).selector;
    expect(create(daemonsets, noSelector).errors).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`',
    ]);
    expect(create(daemonsets, ds({ template: podTemplate({ app: "agent" }, { restartPolicy: "OnFailure" }) })).errors).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
  });

  it("prints DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE + wide", () => {
    expect(daemonsets.printer.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      "Name:string:0",
      "Desired:integer:0",
      "Current:integer:0",
      "Ready:integer:0",
      "Up-to-date:integer:0",
      "Available:integer:0",
      "Node Selector:string:0",
      "Age:string:0",
      "Containers:string:1",
      "Images:string:1",
      "Selector:string:1",
    ]);
    const d = create(daemonsets, ds({ template: podTemplate({ app: "agent" }, { nodeSelector: { "kubernetes.io/os": "linux" } }) })).obj;
    d.status = { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 };
    expect(daemonsets.printer.cells(d, T0 + 2 * 86400_000)).toEqual(["agent", 2, 2, 1, 2, 1, "kubernetes.io/os=linux", "2d", "web", "nginx:1.27", "app=agent"]);
    const plain = create(daemonsets, ds()).obj;
    expect(daemonsets.printer.cells(plain, T0)[6]).toBe("<none>");
  });
});
