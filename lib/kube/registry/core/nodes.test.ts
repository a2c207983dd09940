import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { nodes } from "./nodes";
import { NOW, created, ctx, obj } from "./testing";

function node(name: string, labels: Record<string, string>, ready: string | undefined, extra: Record<string, unknown> = {}) {
  const n = obj(
    "Node",
    name,
    {
      spec: extra,
      status: {
        conditions: ready ? [{ type: "MemoryPressure", status: "False" }, { type: "Ready", status: ready }] : [],
        addresses: [{ type: "InternalIP", address: "172.18.0.2" }, { type: "Hostname", address: name }],
        nodeInfo: { kubeletVersion: "v1.33.1", osImage: "Debian GNU/Linux 12 (bookworm)", kernelVersion: "6.1.0", containerRuntimeVersion: "containerd://2.1.1" },
        capacity: { cpu: "4", memory: "8Gi", pods: "110" },
      },
    },
    null,
  );
  n.metadata.labels = labels;
  return created(nodes, n);
}

describe("nodes", () => {
  it("discovery data", () => {
    expect([nodes.namespaced, nodes.shortNames, nodes.storageResource]).toEqual([false, ["no"], "minions"]);
  });

  it("allocatable defaults to capacity", () => {
    const n = node("n1", {}, "True");
    expect((n.status as Record<string, unknown>).allocatable).toEqual({ cpu: "4", memory: "8Gi", pods: "110" });
  });

  it("prints status, roles and wide columns", () => {
    const cp = node("control-plane", { "node-role.kubernetes.io/control-plane": "" }, "True");
    expect(nodes.printer.cells(cp, NOW)).toEqual([
      "control-plane",
      "Ready",
      "control-plane",
      "60m",
      "v1.33.1",
      "172.18.0.2",
      "<none>",
      "Debian GNU/Linux 12 (bookworm)",
      "6.1.0",
      "containerd://2.1.1",
    ]);
    const cordoned = node("w1", { "kubernetes.io/role": "worker" }, "False", { unschedulable: true });
    expect(nodes.printer.cells(cordoned, NOW).slice(1, 3)).toEqual(["NotReady,SchedulingDisabled", "worker"]);
    expect(nodes.printer.cells(node("w2", {}, undefined), NOW).slice(1, 3)).toEqual(["Unknown", "<none>"]);
  });

  it("validates taints", () => {
    const n = node("n1", {}, "True", { taints: [{ key: "dedicated", value: "gpu" }, { key: "a", effect: "NoSchedule" }, { key: "a", effect: "NoSchedule" }] });
    expect(aggregateFieldErrors(nodes.validateCreate!(n, ctx()))).toBe(
      '[spec.taints[0].effect: Required value, spec.taints[2]: Duplicate value: {"key":"a","effect":"NoSchedule"}: taints must be unique by key and effect pair]',
    );
  });

  it("unschedulable field selector", () => {
    expect(nodes.fieldSelectors!["spec.unschedulable"]!(node("n", {}, "True", { unschedulable: true }))).toBe("true");
  });
});
