import { describe, expect, it } from "vitest";
import { fitErrorMessage, newDiagnosis, preemptionFailureMessage, NO_PREEMPTION_VICTIMS } from "./fit-error";
import { Code, unresolvable, unschedulable } from "./status";
import { numFeasibleNodesToFind, selectHost } from "./runtime";
import { NodeInfo } from "./node-info";

describe("FitError message", () => {
  it("counts reasons per node, sorts them as strings and appends the PostFilter message", () => {
    const d = newDiagnosis();
    d.nodeToStatus.set("control-plane", unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"));
    d.nodeToStatus.set("worker-1", unschedulable("Insufficient cpu", "Insufficient memory"));
    d.nodeToStatus.set("worker-2", unschedulable("Insufficient cpu"));
    d.postFilterMsg = preemptionFailureMessage(3, new Map([["worker-1", unresolvable(NO_PREEMPTION_VICTIMS)], ["worker-2", unresolvable(NO_PREEMPTION_VICTIMS)]]));
    expect(fitErrorMessage(3, d)).toBe(
      "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
  });

  it("uses the PreFilter message alone when a PreFilter rejected the pod", () => {
    const d = newDiagnosis();
    d.preFilterMsg = "node(s) didn't satisfy plugin(s) [X]";
    d.nodeToStatus.set("a", unresolvable("ignored"));
    expect(fitErrorMessage(1, d)).toBe("0/1 nodes are available: node(s) didn't satisfy plugin(s) [X].");
  });

  it("sorts byte-wise like Go's sort.Strings (10 before 9)", () => {
    const d = newDiagnosis();
    for (let i = 0; i < 10; i++) d.nodeToStatus.set(`a${i}`, unschedulable("Insufficient cpu"));
    for (let i = 0; i < 9; i++) d.nodeToStatus.set(`b${i}`, unschedulable("Too many pods"));
    expect(fitErrorMessage(19, d)).toBe("0/19 nodes are available: 10 Insufficient cpu, 9 Too many pods.");
  });

  it("reports every node as not helped by preemption when none is a candidate", () => {
    expect(preemptionFailureMessage(3, new Map())).toBe("preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
    expect(Code.UnschedulableAndUnresolvable).toBe(3);
  });
});

describe("node sampling and host selection", () => {
  it("numFeasibleNodesToFind follows upstream's adaptive percentage", () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(1000)).toBe(420); // 50 - 1000/125 = 42 %
    expect(numFeasibleNodesToFind(5000)).toBe(500); // 10 %
    expect(numFeasibleNodesToFind(10000)).toBe(500); // floor of 5 %
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
  });

  it("selectHost breaks ties with the injected random (reservoir sampling)", () => {
    const nodes = ["a", "b", "c"].map((n) => new NodeInfo(n));
    expect(selectHost(nodes, [10, 50, 20], () => 0.99).name).toBe("b");
    // ties between a and c: the 2nd tied node replaces the 1st when random()*2 < 1
    expect(selectHost(nodes, [50, 10, 50], () => 0.4).name).toBe("c");
    expect(selectHost(nodes, [50, 10, 50], () => 0.6).name).toBe("a");
  });
});
