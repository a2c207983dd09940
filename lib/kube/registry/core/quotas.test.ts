import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { limitranges, quotaColumns, resourcequotas } from "./quotas";
import { NOW, created, ctx, obj } from "./testing";

describe("limitranges", () => {
  it("defaults container defaults from max/min", () => {
    const lr = created(limitranges, obj("LimitRange", "lr", { spec: { limits: [{ type: "Container", max: { cpu: "2" }, min: { memory: "64Mi" } }] } }));
    expect((lr.spec as { limits: unknown[] }).limits[0]).toEqual({
      type: "Container",
      max: { cpu: "2" },
      min: { memory: "64Mi" },
      default: { cpu: "2" },
      defaultRequest: { cpu: "2", memory: "64Mi" },
    });
    expect(limitranges.validateCreate!(lr, ctx())).toEqual([]);
    expect(limitranges.printer.cells(lr, NOW)).toEqual(["lr", "2024-05-01T11:00:00Z"]);
    expect(limitranges.shortNames).toEqual(["limits"]);
  });

  it("requires a type", () => {
    const lr = created(limitranges, obj("LimitRange", "lr", { spec: { limits: [{ max: { cpu: "x" } }] } }));
    expect(aggregateFieldErrors(limitranges.validateCreate!(lr, ctx()))).toMatch(/^\[spec.limits\[0\].type: Required value, spec.limits\[0\].max\[cpu\]: Invalid value: "x": quantities must match/);
  });
});

describe("resourcequotas", () => {
  it("clears status on create and prints used/hard", () => {
    const q = created(resourcequotas, obj("ResourceQuota", "q", { spec: { hard: { pods: "10" } }, status: { used: { pods: "99" } } }));
    expect(q.status).toEqual({});
    q.status = { hard: { pods: "10", "requests.cpu": "4", "limits.memory": "8Gi" }, used: { pods: "3", "requests.cpu": "500m", "limits.memory": "1Gi" } };
    expect(quotaColumns(q)).toEqual(["pods: 3/10, requests.cpu: 500m/4", "limits.memory: 1Gi/8Gi"]);
    expect(resourcequotas.printer.cells(q, NOW)).toEqual(["q", "pods: 3/10, requests.cpu: 500m/4", "limits.memory: 1Gi/8Gi", "60m"]);
    expect([resourcequotas.shortNames, resourcequotas.statusSubresource]).toEqual([["quota"], true]);
  });

  it("refuses negative quantities", () => {
    const q = created(resourcequotas, obj("ResourceQuota", "q", { spec: { hard: { pods: "-1" } } }));
    expect(aggregateFieldErrors(resourcequotas.validateCreate!(q, ctx()))).toBe('spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0');
  });
});
