import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { decodeProtobufObject, encodeProtobufObject } from "./index";

describe("autoscaling/v2 HorizontalPodAutoscaler (kubectl autoscale on 1.32+)", () => {
  it("round-trips what kubectl autoscale sends, rendered as Go's JSON", () => {
    const hpa: KubeObject = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web", namespace: "default", creationTimestamp: null },
      spec: {
        scaleTargetRef: { kind: "Deployment", name: "web", apiVersion: "apps/v1" },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
      },
      status: { desiredReplicas: 0 },
    } as unknown as KubeObject;
    expect(decodeProtobufObject(encodeProtobufObject(hpa))).toEqual(hpa);
  });
});
