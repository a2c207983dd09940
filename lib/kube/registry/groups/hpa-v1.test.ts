import { describe, expect, it } from "vitest";
import { horizontalpodautoscalersV1, hpaV1ToV2, hpaV2ToV1 } from "./hpa-v1";
import { T0, create, obj } from "./testing";

const v1 = (specBody: Record<string, unknown> = {}) =>
  obj("autoscaling/v1", "HorizontalPodAutoscaler", "web", {
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 50, ...specBody },
  });

describe("autoscaling/v1 HPA (kubectl autoscale on 1.27-1.32)", () => {
  it("converts the CPU target and status both ways", () => {
    const withStatus = v1();
    withStatus.status = { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 70 };
    const v2 = hpaV1ToV2(withStatus);
    expect(v2).toMatchObject({
      apiVersion: "autoscaling/v2",
      spec: { minReplicas: 2, maxReplicas: 5, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }] },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 70 } } }] },
    });
    expect(hpaV2ToV1(v2)).toEqual(withStatus);
  });

  it("defaults minReplicas, validates via the v2 rules and prints the v2 columns", () => {
    const { obj: h, errors } = create(horizontalpodautoscalersV1, v1({ minReplicas: undefined }));
    expect(errors).toEqual([]);
    expect((h.spec as Record<string, unknown>).minReplicas).toBe(1);
    expect(create(horizontalpodautoscalersV1, v1({ maxReplicas: 1 })).errors).toEqual(["spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`"]);
    const plain = v1({ targetCPUUtilizationPercentage: undefined });
    expect(horizontalpodautoscalersV1.printer.cells(plain, T0 + 1000)).toEqual(["web", "Deployment/web", "cpu: <unknown>/80%", "2", 5, 0, "1s"]);
    expect(horizontalpodautoscalersV1.version).toBe("v1");
  });
});
