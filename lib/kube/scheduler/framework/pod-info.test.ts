import { describe, expect, it } from "vitest";
import { podInfoOf, podRequests } from "./pod-info";
import type { PodSpec } from "./api";

describe("podRequests", () => {
  it("sums app containers, takes the largest init container, adds sidecars and overhead", () => {
    const spec: PodSpec = {
      containers: [
        { name: "a", resources: { requests: { cpu: "250m", memory: "64Mi" } } },
        { name: "b", resources: { limits: { cpu: "500m", memory: "128Mi" } } },
      ],
      initContainers: [
        { name: "sidecar", restartPolicy: "Always", resources: { requests: { cpu: "100m" } } },
        { name: "migrate", resources: { requests: { cpu: "2", memory: "32Mi" } } },
      ],
      overhead: { cpu: "10m" },
    };
    // apps + sidecar = 850m; migrate + sidecar = 2100m wins for cpu; memory 192Mi wins over 32Mi
    expect(podRequests(spec)).toEqual({ milliCPU: 2110, memory: 192 * 1024 * 1024, ephemeralStorage: 0 });
  });

  it("substitutes 100m / 200Mi for unset requests in the non-zero variant only", () => {
    const info = podInfoOf({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [{ name: "a" }, { name: "b", resources: { requests: { memory: "1Gi" } } }] } });
    expect(info.requests).toEqual({ milliCPU: 0, memory: 1024 ** 3, ephemeralStorage: 0 });
    expect([info.non0CPU, info.non0Mem]).toEqual([200, 200 * 1024 * 1024 + 1024 ** 3]);
  });

  it("keeps extended resources as scalars and compiles host ports", () => {
    const info = podInfoOf({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "gpu", namespace: "ml" },
      spec: { containers: [{ name: "a", resources: { limits: { "nvidia.com/gpu": "2" } }, ports: [{ containerPort: 80, hostPort: 8080 }] }] },
    });
    expect(info.requests.scalar).toEqual(new Map([["nvidia.com/gpu", 2]]));
    expect(info.hostPorts).toEqual([{ ip: "0.0.0.0", protocol: "TCP", port: 8080 }]);
    expect(info.key).toBe("ml/gpu");
  });
});
