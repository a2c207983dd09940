import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { nodeObject } from "../cluster";
import { core, createPod, eventsFor, getPod, nodeNameOf, pod, startSchedulerCluster, type SchedulerHarness } from "./testing";

let h: SchedulerHarness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
const conditionOf = (p: KubeObject) => (p.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] }).conditions?.find((c) => c.type === "PodScheduled");

async function addNode(hh: SchedulerHarness, name: string, index: number, labels: Record<string, string> = {}): Promise<void> {
  const api = hh.cluster.apiServer.loopback;
  const n = nodeObject(name, index, hh.clock.now());
  n.metadata.labels = { ...n.metadata.labels, ...labels };
  const { status, ...spec } = n;
  const created = await api.create(core("nodes"), undefined, spec as KubeObject);
  await api.update(core("nodes"), undefined, { ...created, status } as KubeObject, { subresource: "status" });
}

describe("kube-scheduler", () => {
  it("binds a pod through pods/binding and records a Scheduled event and the trace", async () => {
    h = await startSchedulerCluster();
    await createPod(h, pod("web-abc"));
    await h.settle();
    const p = await getPod(h, "web-abc");
    expect(["worker-1", "worker-2"]).toContain(nodeNameOf(p));
    expect(conditionOf(p)?.status).toBe("True");
    const ev = await eventsFor(h, "web-abc");
    expect(ev).toEqual([expect.objectContaining({ type: "Normal", reason: "Scheduled", message: `Successfully assigned default/web-abc to ${nodeNameOf(p)}`, source: { component: "default-scheduler" } })]);
    const mine = h.cluster.trace.entries().filter((e) => e.component === "kube-scheduler");
    expect(mine.map((e) => e.action)).toEqual(["filter", "score", "bind"]);
    expect(mine[0]!.detail).toContain("control-plane: TaintToleration rejected (node(s) had untolerated taint {node-role.kubernetes.io/control-plane: })");
    expect(mine[2]).toMatchObject({ verdict: "bound", detail: `to node ${nodeNameOf(p)}` });
    // the inspector's tables
    const cycle = h.scheduler.cycles().at(-1)!;
    expect(cycle.selected).toBe(nodeNameOf(p));
    expect(cycle.filter().map((r) => [r.node, r.code, r.plugin ?? ""])).toEqual(expect.arrayContaining([["control-plane", "UnschedulableAndUnresolvable", "TaintToleration"], ["worker-1", "Success", ""], ["worker-2", "Success", ""]]));
    const scores = cycle.scores();
    expect(scores).toHaveLength(2);
    expect(scores[0]!.plugins.NodeResourcesFit).toMatchObject({ weight: 1 });
    expect(scores[0]!.total).toBe(Object.values(scores[0]!.plugins).reduce((a, p) => a + p.weighted, 0));
    expect(h.clock.pending()).toBe(0);
  });

  it("reports mixed reasons in upstream's FailedScheduling format and sets PodScheduled=False", async () => {
    h = await startSchedulerCluster();
    await createPod(h, pod("big-1", { cpu: "1500m" }));
    await createPod(h, pod("big-2", { cpu: "1500m" }));
    await h.settle();
    await createPod(h, pod("web-abc", { cpu: "1" }));
    await h.settle();
    const msg = `0/3 nodes are available: ${TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`;
    const p = await getPod(h, "web-abc");
    expect(nodeNameOf(p)).toBeUndefined();
    expect(conditionOf(p)).toMatchObject({ status: "False", reason: "Unschedulable", message: msg });
    expect(await eventsFor(h, "web-abc")).toEqual([expect.objectContaining({ type: "Warning", reason: "FailedScheduling", message: msg })]);
    expect(h.scheduler.queueStats().unschedulable).toBe(1);
    // nothing pending in backoff: the only timer is the 5-minute unschedulable flush
    expect(h.clock.pending()).toBe(1);
  });

  it("requeues an unschedulable pod when a node is added, after its backoff", async () => {
    h = await startSchedulerCluster({ nodes: 1 });
    await createPod(h, pod("web-abc"));
    await h.settle();
    expect(conditionOf(await getPod(h, "web-abc"))?.message).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    await addNode(h, "worker-1", 1);
    await h.settle();
    // moved to backoffQ (1 s after the failed attempt), not scheduled yet
    expect(h.scheduler.queueStats()).toMatchObject({ backoff: 1, unschedulable: 0 });
    expect(nodeNameOf(await getPod(h, "web-abc"))).toBeUndefined();
    h.clock.advance(1000);
    await h.settle();
    expect(nodeNameOf(await getPod(h, "web-abc"))).toBe("worker-1");
    expect(h.clock.pending()).toBe(0);
  });

  it("backs off 1 s, 2 s, 4 s … while a pod keeps failing with events arriving", async () => {
    h = await startSchedulerCluster({ nodes: 1 });
    await createPod(h, pod("web-abc"));
    await h.settle();
    const attempts = () => h!.scheduler.cycles().filter((c) => c.pod.name === "web-abc").length;
    expect(attempts()).toBe(1);
    // a node update that doesn't help (a label) does not move it
    await h.cluster.apiServer.loopback.patch(core("nodes"), undefined, "control-plane", "merge", { metadata: { labels: { x: "y" } } });
    await h.settle();
    expect(h.scheduler.queueStats().unschedulable).toBe(1);
    // a taint change does (TaintToleration registered it): 2nd attempt after 1 s
    await h.cluster.apiServer.loopback.patch(core("nodes"), undefined, "control-plane", "merge", { spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule", value: "x" }] } });
    await h.settle();
    h.clock.advance(999);
    await h.settle();
    expect(attempts()).toBe(1);
    h.clock.advance(1);
    await h.settle();
    expect(attempts()).toBe(2);
    // 3rd attempt only 2 s after the 2nd failure
    await h.cluster.apiServer.loopback.patch(core("nodes"), undefined, "control-plane", "merge", { spec: { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } });
    await h.settle();
    h.clock.advance(1999);
    await h.settle();
    expect(attempts()).toBe(2);
    h.clock.advance(1);
    await h.settle();
    expect(attempts()).toBe(3);
  });

  it("spreads a 3-replica set over the two workers and never uses the control plane", async () => {
    h = await startSchedulerCluster();
    const api = h.cluster.apiServer.loopback;
    const labels = { app: "web" };
    const rs = await api.create({ group: "apps", version: "v1", resource: "replicasets" }, "default", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web-6d4b" },
      spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "nginx:1.27" }] } } },
    });
    await h.settle();
    for (const s of ["a", "b", "c"]) {
      const p = pod(`web-6d4b-${s}`, { labels });
      p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-6d4b", uid: rs.metadata.uid!, controller: true }];
      await createPod(h, p);
      await h.settle();
    }
    const placed = await Promise.all(["a", "b", "c"].map(async (s) => nodeNameOf(await getPod(h!, `web-6d4b-${s}`))));
    expect(placed).not.toContain("control-plane");
    expect(new Set(placed)).toEqual(new Set(["worker-1", "worker-2"]));
    // default topology spreading scored the replica set's pods
    expect(h.scheduler.cycles().at(-1)!.scores()[0]!.plugins.PodTopologySpread).toBeDefined();
  });

  it("honours nodeSelector and tolerations", async () => {
    h = await startSchedulerCluster();
    const api = h.cluster.apiServer.loopback;
    await api.patch(core("nodes"), undefined, "worker-2", "merge", { metadata: { labels: { disk: "ssd" } } });
    await h.settle();
    await createPod(h, pod("ssd", { spec: { nodeSelector: { disk: "ssd" } } }));
    await createPod(h, pod("nvme", { spec: { nodeSelector: { disk: "nvme" } } }));
    await createPod(h, pod("admin", { spec: { nodeSelector: { "node-role.kubernetes.io/control-plane": "" }, tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] } }));
    await h.settle();
    expect(nodeNameOf(await getPod(h, "ssd"))).toBe("worker-2");
    expect(nodeNameOf(await getPod(h, "admin"))).toBe("control-plane");
    expect(conditionOf(await getPod(h, "nvme"))?.message).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
    // labelling a node moves the pod back (NodeAffinity registered NodeUpdateLabel)
    await api.patch(core("nodes"), undefined, "worker-1", "merge", { metadata: { labels: { disk: "nvme" } } });
    await h.settle();
    h.clock.advance(1000);
    await h.settle();
    expect(nodeNameOf(await getPod(h, "nvme"))).toBe("worker-1");
  });

  it("keeps pods with required anti-affinity apart", async () => {
    h = await startSchedulerCluster();
    const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } };
    for (const n of ["db-0", "db-1", "db-2"]) {
      await createPod(h, pod(n, { labels: { app: "db" }, spec: { affinity: anti } }));
      await h.settle();
    }
    const nodes = await Promise.all(["db-0", "db-1"].map(async (n) => nodeNameOf(await getPod(h!, n))));
    expect(new Set(nodes)).toEqual(new Set(["worker-1", "worker-2"]));
    const p = await getPod(h, "db-2");
    expect(nodeNameOf(p)).toBeUndefined();
    expect(conditionOf(p)?.message).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`,
    );
    // deleting one of them frees a node
    await h.cluster.apiServer.loopback.delete(core("pods"), "default", "db-0", { gracePeriodSeconds: 0 });
    await h.settle();
    h.clock.advance(1000);
    await h.settle();
    expect(nodeNameOf(await getPod(h, "db-2"))).toBe(nodes[0]);
  });

  it("ignores pods for other schedulers and terminating pods; holds no timers when idle", async () => {
    h = await startSchedulerCluster();
    await createPod(h, pod("other", { spec: { schedulerName: "my-scheduler" } }));
    await h.settle();
    expect(nodeNameOf(await getPod(h, "other"))).toBeUndefined();
    expect(h.scheduler.queueStats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 0, "in-flight": 0 });
    expect(h.clock.pending()).toBe(0);
  });
});

describe("kube-scheduler accounting", () => {
  it("frees a node's resources when a pod on it succeeds or is deleted", async () => {
    h = await startSchedulerCluster({ nodes: 2 });
    await createPod(h, pod("job", { cpu: "1500m" }));
    await h.settle();
    expect(nodeNameOf(await getPod(h, "job"))).toBe("worker-1");
    await createPod(h, pod("next", { cpu: "1" }));
    await h.settle();
    expect(conditionOf(await getPod(h, "next"))?.message).toContain("1 Insufficient cpu");
    const job = await getPod(h, "job");
    await h.cluster.apiServer.loopback.update(core("pods"), "default", { ...job, status: { ...(job.status as object), phase: "Succeeded" } }, { subresource: "status" });
    await h.settle();
    h.clock.advance(1000);
    await h.settle();
    expect(nodeNameOf(await getPod(h, "next"))).toBe("worker-1");
  });
});

describe("kube-scheduler binding errors and the inspector", () => {
  it("forgets the assumed pod when binding fails, reports SchedulerError and retries after backoff", async () => {
    let failures = 1;
    h = await startSchedulerCluster({
      nodes: 2,
      wrapClient: (c) => ({
        ...c,
        createSubresource: async (...args) => {
          if (args[3] === "binding" && failures-- > 0) throw new Error("etcdserver: request timed out");
          return c.createSubresource(...args);
        },
      }),
    });
    await createPod(h, pod("web-abc", { cpu: "1500m" }));
    await h.settle();
    let p = await getPod(h, "web-abc");
    expect(nodeNameOf(p)).toBeUndefined();
    expect(conditionOf(p)).toMatchObject({ status: "False", reason: "SchedulerError", message: "etcdserver: request timed out" });
    expect(h.scheduler.queueStats().backoff).toBe(1);
    expect(h.cluster.trace.entries().filter((e) => e.action === "bind").map((e) => e.verdict)).toEqual(["failed"]);
    h.clock.advance(1000);
    await h.settle();
    p = await getPod(h, "web-abc");
    // the failed assumption was forgotten: worker-1 still had room for 1500m
    expect(nodeNameOf(p)).toBe("worker-1");
    expect((await eventsFor(h, "web-abc")).map((e) => `${e.type} ${e.reason}`)).toEqual(["Warning FailedScheduling", "Normal Scheduled"]);
  });

  it("keeps the last cycles for the inspector, with the failure message and per-node verdicts", async () => {
    h = await startSchedulerCluster({ scheduler: { historySize: 2 } });
    await createPod(h, pod("a"));
    await createPod(h, pod("huge", { cpu: "64" }));
    await createPod(h, pod("b"));
    await h.settle();
    const cycles = h.scheduler.cycles();
    expect(cycles.map((c) => c.pod.name)).toEqual(["huge", "b"]);
    expect(h.scheduler.cycleFor("default", "huge")).toBe(cycles[0]);
    expect(h.scheduler.cycleFor("default", "a")).toBeUndefined(); // fell out of the history
    const huge = cycles[0]!;
    expect(huge.selected).toBeUndefined();
    expect(huge.message).toBe(`0/3 nodes are available: ${TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`);
    expect(huge.filter().map(({ plugins: _all, ...row }) => row)).toEqual([
      { node: "control-plane", code: "UnschedulableAndUnresolvable", plugin: "TaintToleration", reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"] },
      { node: "worker-1", code: "UnschedulableAndUnresolvable", plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] },
      { node: "worker-2", code: "UnschedulableAndUnresolvable", plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"] },
    ]);
    // the full matrix: the control plane would have failed NodeResourcesFit too
    expect(huge.filter()[0]!.plugins).toEqual([
      { plugin: "NodeUnschedulable", code: "Success", reasons: [] },
      { plugin: "NodeName", code: "Success", reasons: [] },
      { plugin: "TaintToleration", code: "UnschedulableAndUnresolvable", reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"] },
      { plugin: "NodeAffinity", code: "Skip", reasons: [] },
      { plugin: "NodePorts", code: "Skip", reasons: [] },
      { plugin: "NodeResourcesFit", code: "UnschedulableAndUnresolvable", reasons: ["Insufficient cpu"] },
      { plugin: "PodTopologySpread", code: "Skip", reasons: [] },
      { plugin: "InterPodAffinity", code: "Skip", reasons: [] },
    ]);
    expect(huge.scores()).toEqual([]);
    const unsched = h.cluster.trace.entries().find((e) => e.action === "unschedulable");
    expect(unsched).toMatchObject({ component: "kube-scheduler", object: { kind: "Pod", namespace: "default", name: "huge" }, verdict: "Unschedulable", detail: huge.message });
  });
});
