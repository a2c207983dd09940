import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, podObject, renewLease, runPod, type Harness } from "../common/testing";
import { NODES, PODS, getCondition, rfc3339 } from "../common/util";
import { taintEvictionController } from "../tainteviction";
import { nodeLifecycleController, taintsOf } from "./index";

let h: Harness;
afterEach(() => h?.close());

const EVENTS = { group: "", version: "v1", resource: "events" };
async function events(reason: string) {
  return (await h.client.list(EVENTS, { namespace: "default" })).items.filter((e) => e.reason === reason).map((e) => e.message);
}
async function nodeEvents(reason: string) {
  return (await h.client.list(EVENTS, {})).items
    .filter((e) => e.reason === reason && (e.involvedObject as { kind: string }).kind === "Node")
    .map((e) => e.message);
}

/** the kubelets of every node but worker-1 keep renewing their leases, 10 s apart */
async function runFor(seconds: number) {
  for (let t = 0; t < seconds; t += 10) {
    await h.advance(10_000);
    for (const n of ["control-plane", "worker-2"]) await renewLease(h.client, n, h.clock.now());
    await h.settle();
  }
}

async function pod(name: string, node: string, ip: string, tolerations?: unknown[]): Promise<KubeObject> {
  const p = podObject(name, { app: "web" });
  if (tolerations) (p.spec as Record<string, unknown>).tolerations = tolerations;
  await h.client.create(PODS, "default", p);
  return runPod(h.client, "default", name, node, ip, true, h.clock.now());
}

describe("node-lifecycle-controller and taint-eviction-controller", () => {
  it("marks a node whose lease stops Unknown, taints it, and evicts its pods after their toleration", async () => {
    h = await startHarness([nodeLifecycleController(), taintEvictionController()]);
    const c = h.client;
    await pod("web-abc", "worker-1", "10.244.1.5");
    await pod("forever", "worker-1", "10.244.1.6", [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }]);
    await pod("safe", "worker-2", "10.244.2.5");
    const start = h.clock.now();
    await runFor(30);
    expect(getCondition(await c.get(NODES, undefined, "worker-1"), "Ready")?.status).toBe("True");
    await runFor(10); // 40 s: worker-1's lease has expired
    const node = await c.get(NODES, undefined, "worker-1");
    const ready = getCondition(node, "Ready")!;
    expect(ready).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
      lastTransitionTime: rfc3339(start + 40_000),
    });
    expect(getCondition(node, "MemoryPressure")).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown" });
    expect(taintsOf(node).map((t) => [t.key, t.effect, t.timeAdded])).toEqual([
      ["node.kubernetes.io/unreachable", "NoSchedule", rfc3339(start + 40_000)],
      ["node.kubernetes.io/unreachable", "NoExecute", rfc3339(start + 40_000)],
    ]);
    expect(getCondition(await c.get(NODES, undefined, "worker-2"), "Ready")?.status).toBe("True");
    expect(taintsOf(await c.get(NODES, undefined, "worker-2"))).toEqual([]);
    expect(getCondition(await c.get(PODS, "default", "web-abc"), "Ready")?.status).toBe("False");
    expect(getCondition(await c.get(PODS, "default", "safe"), "Ready")?.status).toBe("True");
    expect(await nodeEvents("NodeNotReady")).toEqual(["Node worker-1 status is now: NodeNotReady"]);
    expect(await events("NodeNotReady")).toContain("Node is not ready");

    // DefaultTolerationSeconds gave web-abc 300 s
    await runFor(290);
    expect((await c.get(PODS, "default", "web-abc")).metadata.deletionTimestamp).toBeUndefined();
    await runFor(10);
    const evicted = await c.get(PODS, "default", "web-abc");
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(getCondition(evicted, "DisruptionTarget")).toMatchObject({ status: "True", reason: "DeletionByTaintManager" });
    expect(await events("TaintManagerEviction")).toEqual(["Marking for deletion Pod default/web-abc"]);
    expect((await c.get(PODS, "default", "forever")).metadata.deletionTimestamp).toBeUndefined();
    expect((await c.get(PODS, "default", "safe")).metadata.deletionTimestamp).toBeUndefined();

    // the kubelet comes back: Ready again, taints removed
    const back = await c.get(NODES, undefined, "worker-1");
    const now = rfc3339(h.clock.now());
    const conditions = (back.status as { conditions: { type: string }[] }).conditions.map((x) => ({
      ...x,
      status: x.type === "Ready" ? "True" : "False",
      lastHeartbeatTime: now,
    }));
    await c.update(NODES, undefined, { ...back, status: { ...(back.status as object), conditions } }, { subresource: "status" });
    await renewLease(c, "worker-1", h.clock.now());
    await h.settle();
    expect(taintsOf(await c.get(NODES, undefined, "worker-1"))).toEqual([]);
  });

  it("taints at most one node a zone every 10 s, and none while the whole zone is down", async () => {
    h = await startHarness([nodeLifecycleController()]);
    const c = h.client;
    const noExecute = async (n: string) =>
      taintsOf(await c.get(NODES, undefined, n))
        .filter((t) => t.effect === "NoExecute")
        .map((t) => t.key);
    // only the control plane keeps renewing: worker-1 and worker-2 expire together
    for (let t = 0; t < 40; t += 10) {
      await h.advance(10_000);
      await renewLease(c, "control-plane", h.clock.now());
      await h.settle();
    }
    const tainted = [await noExecute("worker-1"), await noExecute("worker-2")];
    expect(tainted.filter((x) => x.length === 1)).toHaveLength(1);
    await h.advance(10_000);
    expect(await noExecute("worker-1")).toEqual(["node.kubernetes.io/unreachable"]);
    expect(await noExecute("worker-2")).toEqual(["node.kubernetes.io/unreachable"]);
    // the control plane's kubelet stops too: full disruption, the NoExecute taints go
    await h.advance(40_000);
    expect(getCondition(await c.get(NODES, undefined, "control-plane"), "Ready")?.status).toBe("Unknown");
    for (const n of ["control-plane", "worker-1", "worker-2"]) expect(await noExecute(n)).toEqual([]);
    expect(taintsOf(await c.get(NODES, undefined, "worker-1")).map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
    ]);
    expect(
      h.trace
        .entries()
        .some(
          (e) =>
            e.action === "zone-disruption" &&
            e.detail === "Controller detected that all Nodes are not-Ready. Entering master disruption mode.",
        ),
    ).toBe(true);
  });

  it("stops NoExecute tainting in a partially disrupted small zone", async () => {
    h = await startHarness([nodeLifecycleController()], { nodes: 5 });
    const c = h.client;
    for (let t = 0; t < 60; t += 10) {
      await h.advance(10_000);
      for (const n of ["control-plane", "worker-1"]) await renewLease(c, n, h.clock.now());
      await h.settle();
    }
    // 3 of 5 nodes not ready (60% >= 55%): NoSchedule taints only
    for (const n of ["worker-2", "worker-3", "worker-4"]) {
      const node = await c.get(NODES, undefined, n);
      expect(getCondition(node, "Ready")?.status).toBe("Unknown");
      expect(taintsOf(node).map((t) => `${t.key}:${t.effect}`)).toContain("node.kubernetes.io/unreachable:NoSchedule");
    }
    for (const n of ["worker-2", "worker-3", "worker-4"])
      expect(taintsOf(await c.get(NODES, undefined, n)).filter((t) => t.effect === "NoExecute")).toEqual([]);
    // one comes back: 2 of 5 not ready is a normal zone again, and tainting resumes at the normal rate
    const w2 = await c.get(NODES, undefined, "worker-2");
    const ts = rfc3339(h.clock.now());
    await c.update(
      NODES,
      undefined,
      {
        ...w2,
        status: {
          ...(w2.status as object),
          conditions: (w2.status as { conditions: { type: string }[] }).conditions.map((x) => ({
            ...x,
            status: x.type === "Ready" ? "True" : "False",
            lastHeartbeatTime: ts,
          })),
        },
      },
      { subresource: "status" },
    );
    await renewLease(c, "worker-2", h.clock.now());
    await h.settle();
    await h.advance(10_000);
    const tainted = [];
    for (const n of ["worker-3", "worker-4"])
      if (taintsOf(await c.get(NODES, undefined, n)).some((t) => t.effect === "NoExecute")) tainted.push(n);
    expect(tainted).toEqual(["worker-3", "worker-4"]);
  });

  it("evicts pods that do not tolerate a NoExecute taint at once, and cancels pending evictions when it goes", async () => {
    h = await startHarness([taintEvictionController()]);
    const c = h.client;
    await pod("plain", "worker-2", "10.244.2.5");
    await pod("patient", "worker-2", "10.244.2.6", [
      { key: "example.com/maintenance", operator: "Exists", effect: "NoExecute", tolerationSeconds: 60 },
    ]);
    await h.settle();
    const node = await c.get(NODES, undefined, "worker-2");
    await c.update(NODES, undefined, {
      ...node,
      spec: {
        ...(node.spec as object),
        taints: [{ key: "example.com/maintenance", effect: "NoExecute", timeAdded: rfc3339(h.clock.now()) }],
      },
    });
    await h.settle();
    expect((await c.get(PODS, "default", "plain")).metadata.deletionTimestamp).toBeDefined();
    expect((await c.get(PODS, "default", "patient")).metadata.deletionTimestamp).toBeUndefined();
    expect(h.clock.pending()).toBe(1);
    await h.advance(30_000);
    const tainted = await c.get(NODES, undefined, "worker-2");
    await c.update(NODES, undefined, { ...tainted, spec: { ...(tainted.spec as object), taints: undefined } });
    await h.settle();
    await h.advance(60_000);
    expect((await c.get(PODS, "default", "patient")).metadata.deletionTimestamp).toBeUndefined();
    expect((await events("TaintManagerEviction")).sort()).toEqual([
      "Cancelling deletion of Pod default/patient",
      "Marking for deletion Pod default/plain",
    ]);
  });
});
