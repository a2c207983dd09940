import { describe, expect, it } from "vitest";
import { poddisruptionbudgets } from "./poddisruptionbudgets";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers";
import { leases } from "./leases";
import { T0, create, obj } from "./testing";

describe("poddisruptionbudgets", () => {
  const pdb = (specBody: Record<string, unknown>) => obj("policy/v1", "PodDisruptionBudget", "web", { spec: { selector: { matchLabels: { app: "web" } }, ...specBody } });

  it("starts with zeroed status counters", () => {
    const { obj: p, errors } = create(poddisruptionbudgets, pdb({ minAvailable: 2 }));
    expect(errors).toEqual([]);
    expect(p.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });

  it("validates with upstream's messages", () => {
    expect(create(poddisruptionbudgets, pdb({ minAvailable: 1, maxUnavailable: 1 })).errors).toEqual([
      "spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set",
    ]);
    expect(create(poddisruptionbudgets, pdb({ maxUnavailable: "120%" })).errors).toEqual([
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    ]);
    expect(create(poddisruptionbudgets, pdb({ minAvailable: -1 })).errors).toEqual(["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"]);
  });

  it("prints MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE", () => {
    expect(poddisruptionbudgets.printer.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      "Name:string",
      "Min Available:string",
      "Max Unavailable:string",
      "Allowed Disruptions:integer",
      "Age:string",
    ]);
    const p = create(poddisruptionbudgets, pdb({ minAvailable: "50%" })).obj;
    p.status = { disruptionsAllowed: 1 };
    expect(poddisruptionbudgets.printer.cells(p, T0 + 3600_000)).toEqual(["web", "50%", "N/A", 1, "60m"]);
  });
});

describe("horizontalpodautoscalers", () => {
  const hpa = (specBody: Record<string, unknown> = {}) =>
    obj("autoscaling/v2", "HorizontalPodAutoscaler", "web", { spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 5, ...specBody } });

  it("defaults minReplicas, the 80% CPU metric and behavior rules", () => {
    const { obj: h, errors } = create(horizontalpodautoscalers, hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
    expect(errors).toEqual([]);
    expect(h.spec).toMatchObject({
      minReplicas: 1,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
        scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
      },
    });
  });

  it("validates replica bounds and the target reference", () => {
    expect(create(horizontalpodautoscalers, hpa({ minReplicas: 3, maxReplicas: 2 })).errors).toEqual([
      "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
    ]);
    expect(create(horizontalpodautoscalers, hpa({ maxReplicas: 0, minReplicas: 0 })).errors).toEqual([
      "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
      "spec.maxReplicas: Invalid value: 0: must be greater than 0",
    ]);
    expect(create(horizontalpodautoscalers, hpa({ scaleTargetRef: { kind: "Deployment" } })).errors).toEqual(["spec.scaleTargetRef.name: Required value"]);
    expect(
      create(horizontalpodautoscalers, hpa({ metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 0 } } }] })).errors,
    ).toEqual(["spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"]);
  });

  it("prints REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE", () => {
    expect(horizontalpodautoscalers.printer.columns.map((c) => c.name)).toEqual(["Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"]);
    const h = create(horizontalpodautoscalers, hpa()).obj;
    expect(horizontalpodautoscalers.printer.cells(h, T0 + 10_000)).toEqual(["web", "Deployment/web", "cpu: <unknown>/80%", "1", 5, 0, "10s"]);
    h.status = { currentReplicas: 2, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 35, averageValue: "120m" } } }] };
    expect(horizontalpodautoscalers.printer.cells(h, T0).slice(2, 6)).toEqual(["cpu: 35%/80%", "1", 5, 2]);
  });
});

describe("leases", () => {
  it("validates durations and prints the holder", () => {
    const l = obj("coordination.k8s.io/v1", "Lease", "node-1", { spec: { holderIdentity: "node-1", leaseDurationSeconds: 40 } });
    expect(create(leases, l).errors).toEqual([]);
    const bad = obj("coordination.k8s.io/v1", "Lease", "x", { spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } });
    expect(create(leases, bad).errors).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(leases.printer.columns.map((c) => c.name)).toEqual(["Name", "Holder", "Age"]);
    expect(leases.printer.cells(l, T0 + 5000)).toEqual(["node-1", "node-1", "5s"]);
    expect(leases.printer.cells(bad, T0)[1]).toBe("");
  });
});
