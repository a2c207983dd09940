import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/types";
import { errors, aggregateFieldErrors } from "../../api";
import { pods } from "./pods";

const ctx = { now: () => 0, get: () => undefined, list: () => [] };

function make(spec: Record<string, unknown>, name = "web"): KubeObject {
  const p: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec };
  pods.defaults!(p);
  return p;
}

describe("pods definition", () => {
  it("discovery data matches upstream", () => {
    expect(pods.shortNames).toEqual(["po"]);
    expect(pods.categories).toEqual(["all"]);
    expect(pods.subresources!.map((s) => s.name)).toEqual(["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "resize", "status"]);
  });

  it("prepareForCreate sets Pending and the QoS class", () => {
    const best = make({ containers: [{ name: "a", image: "x" }] });
    best.status = { phase: "Running" };
    pods.prepareForCreate!(best, ctx);
    expect(best.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
    const guaranteed = make({ containers: [{ name: "a", image: "x", resources: { limits: { cpu: "1", memory: "1Gi" } } }] });
    pods.prepareForCreate!(guaranteed, ctx);
    expect((guaranteed.status as Record<string, unknown>).qosClass).toBe("Guaranteed");
    const burstable = make({ containers: [{ name: "a", image: "x", resources: { requests: { cpu: "100m" } } }] });
    pods.prepareForCreate!(burstable, ctx);
    expect((burstable.status as Record<string, unknown>).qosClass).toBe("Burstable");
  });

  it("create validation gives upstream's Invalid message", () => {
    const p = make({ containers: [{ name: "web" }] }, "x");
    expect(errors.invalid("", "Pod", "x", pods.validateCreate!(p, ctx)).status.message).toBe('Pod "x" is invalid: spec.containers[0].image: Required value');
  });

  it("updates may change images, activeDeadlineSeconds and add tolerations", () => {
    const old = make({ containers: [{ name: "a", image: "nginx:1" }], tolerations: [{ key: "k", operator: "Exists" }] });
    old.metadata.resourceVersion = "5";
    const next = structuredClone(old);
    (next.spec as { containers: { image: string }[] }).containers[0]!.image = "nginx:2";
    (next.spec as Record<string, unknown>).activeDeadlineSeconds = 30;
    (next.spec as Record<string, unknown>).tolerations = [{ key: "k", operator: "Exists" }, { key: "j", operator: "Exists" }];
    pods.defaults!(next);
    expect(pods.validateUpdate!(next, old, ctx)).toEqual([]);
  });

  it("other spec changes are forbidden with upstream's message", () => {
    const old = make({ containers: [{ name: "a", image: "nginx", ports: [{ containerPort: 80 }] }] });
    const next = structuredClone(old);
    (next.spec as { containers: { ports: { containerPort: number }[] }[] }).containers[0]!.ports[0]!.containerPort = 81;
    const errs = pods.validateUpdate!(next, old, ctx);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.field).toBe("spec");
    expect(aggregateFieldErrors(errs)).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
  });

  it("adding a container is refused", () => {
    const old = make({ containers: [{ name: "a", image: "x" }] });
    const next = make({ containers: [{ name: "a", image: "x" }, { name: "b", image: "y" }] });
    expect(aggregateFieldErrors(pods.validateUpdate!(next, old, ctx))).toBe("spec.containers: Forbidden: pod updates may not add or remove containers");
  });

  it("removing a toleration is refused", () => {
    const old = make({ containers: [{ name: "a", image: "x" }], tolerations: [{ key: "k", operator: "Exists" }] });
    const next = make({ containers: [{ name: "a", image: "x" }] });
    expect(aggregateFieldErrors(pods.validateUpdate!(next, old, ctx))).toBe("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
  });

  it("field selectors", () => {
    const p = make({ containers: [{ name: "a", image: "x" }], nodeName: "n1" });
    p.status = { phase: "Running", podIPs: [{ ip: "10.0.0.9" }] };
    const f = pods.fieldSelectors!;
    expect(f["spec.nodeName"]!(p)).toBe("n1");
    expect(f["status.phase"]!(p)).toBe("Running");
    expect(f["status.podIP"]!(p)).toBe("10.0.0.9");
    expect(f["spec.restartPolicy"]!(p)).toBe("Always");
    expect(f["spec.schedulerName"]!(p)).toBe("default-scheduler");
    expect(f["status.nominatedNodeName"]!(p)).toBe("");
  });
});
