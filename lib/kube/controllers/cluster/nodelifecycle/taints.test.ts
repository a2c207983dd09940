import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { minTolerationSeconds, toleratesTaint } from "../tainteviction";
import { desiredTaints, reconcileTaints, type Taint } from "./taints";

const node = (conds: Record<string, string>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "n" },
  spec,
  status: { conditions: Object.entries(conds).map(([type, status]) => ({ type, status })) },
});

describe("node taints from conditions", () => {
  it("maps Ready and pressure conditions to upstream's taints", () => {
    expect(desiredTaints(node({ Ready: "True" }))).toEqual([]);
    expect(desiredTaints(node({ Ready: "False", MemoryPressure: "True" }))).toEqual([
      { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
      { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
      { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
    ]);
    expect(
      desiredTaints(node({ Ready: "True", DiskPressure: "True", PIDPressure: "True" }, { unschedulable: true })).map((t) => t.key),
    ).toEqual(["node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable"]);
  });

  it("keeps foreign taints and the timeAdded of taints that still apply", () => {
    const foreign: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
    const kept: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute", timeAdded: "2026-01-01T00:00:00Z" };
    const stale: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: "2026-01-01T00:00:00Z" };
    const r = reconcileTaints(node({ Ready: "False" }, { taints: [foreign, kept, stale] }), "2026-01-01T00:01:00Z")!;
    expect(r.taints).toEqual([
      foreign,
      kept,
      { key: "node.kubernetes.io/not-ready", effect: "NoSchedule", timeAdded: "2026-01-01T00:01:00Z" },
    ]);
    expect(r.removed).toEqual([stale]);
    expect(reconcileTaints(node({ Ready: "True" }, { taints: [foreign] }), "x")).toBeUndefined();
  });
});

describe("toleration matching (v1.Toleration.ToleratesTaint)", () => {
  const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
  it("matches by key, operator, value and effect", () => {
    expect(toleratesTaint({ operator: "Exists" }, unreachable)).toBe(true);
    expect(toleratesTaint({ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoSchedule" }, unreachable)).toBe(false);
    expect(
      toleratesTaint({ key: "dedicated", operator: "Equal", value: "gpu" }, { key: "dedicated", value: "gpu", effect: "NoExecute" }),
    ).toBe(true);
    expect(toleratesTaint({ key: "dedicated", value: "cpu" }, { key: "dedicated", value: "gpu", effect: "NoExecute" })).toBe(false);
  });
  it("takes the least tolerationSeconds; an untolerated taint means now, none means never", () => {
    const taints = [unreachable, { key: "node.kubernetes.io/not-ready", effect: "NoExecute" } as Taint];
    expect(
      minTolerationSeconds(
        [
          { operator: "Exists", tolerationSeconds: 300 },
          { key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 60 },
        ],
        taints,
      ),
    ).toBe(60);
    expect(minTolerationSeconds([{ key: "node.kubernetes.io/unreachable", operator: "Exists" }], taints)).toBe(0);
    expect(minTolerationSeconds([{ operator: "Exists" }], taints)).toBe(Infinity);
    expect(minTolerationSeconds([{ operator: "Exists", tolerationSeconds: -5 }], taints)).toBe(0);
  });
});
