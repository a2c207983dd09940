import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { kubeletTestCluster, type KubeletTestCluster } from "./testing";
import { leasesRef, nodesRef, podsRef } from "./types";

let t: KubeletTestCluster;
afterEach(() => t?.close());

const renewTime = async (node: string) => ((await t.ctx.client.get(leasesRef, "kube-node-lease", node)).spec as { renewTime: string }).renewTime;

describe("graceful termination", () => {
  it("nginx stops fast on its stop signal, then the kubelet deletes the pod", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", { containers: [{ name: "nginx", image: "nginx" }] });
    await t.run(2500);
    await t.ctx.client.delete(podsRef, "default", "web");
    await t.tracker.settle();
    expect((await t.pod("web"))?.metadata.deletionTimestamp).toBeDefined();
    await t.run(500);
    expect(await t.pod("web")).toBeUndefined();
    expect(await t.events("web")).toContain("Normal Killing Stopping container nginx");
  });

  it("sleep ignores SIGTERM and is killed when the grace period ends", async () => {
    t = await kubeletTestCluster();
    await t.createPod("sleeper", { terminationGracePeriodSeconds: 5, containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }] });
    await t.run(1500);
    await t.ctx.client.delete(podsRef, "default", "sleeper");
    await t.run(4500);
    const pod = await t.pod("sleeper");
    expect(pod).toBeDefined();
    expect(((pod!.status as { containerStatuses: { state: object }[] }).containerStatuses[0]!.state as object)).toHaveProperty("running");
    await t.run(1000);
    expect(await t.pod("sleeper")).toBeUndefined();
  });

  it("a preStop sleep delays the stop signal", async () => {
    t = await kubeletTestCluster();
    await t.createPod("hook", { containers: [{ name: "nginx", image: "nginx", lifecycle: { preStop: { sleep: { seconds: 3 } } } }] });
    await t.run(2500);
    await t.ctx.client.delete(podsRef, "default", "hook");
    await t.run(2500);
    expect(await t.pod("hook")).toBeDefined();
    await t.run(1000);
    expect(await t.pod("hook")).toBeUndefined();
  });
});

describe("node heartbeats", () => {
  it("renews the Lease every 10 s with one timer for all nodes", async () => {
    t = await kubeletTestCluster();
    const before = await renewTime("worker-1");
    await t.run(10_000, 1000);
    const after = await renewTime("worker-1");
    expect(Date.parse(after) - Date.parse(before)).toBe(10_000);
    expect(after).toMatch(/^2026-11-27T13:00:10\.000000Z$/);
    expect(await renewTime("control-plane")).toBe(after);
    // the fleet holds a single heartbeat timer on an idle cluster, none while paused
    expect(t.clock.pending()).toBe(1);
    t.fleet.setHeartbeatInterval(null);
    expect(t.clock.pending()).toBe(0);
    await t.run(60_000);
    expect(await renewTime("worker-1")).toBe(after);
    t.fleet.setHeartbeatInterval(10_000);
    await t.run(0);
    expect(await renewTime("worker-1")).toMatch(/^2026-11-27T13:01:10\.000000Z$/);
    expect(t.clock.pending()).toBe(1);
  });

  it("reports pulled images and keeps Ready posted", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", { containers: [{ name: "nginx", image: "nginx:1.27" }] });
    await t.run(12_000, 500);
    const node = await t.ctx.client.get(nodesRef, undefined, "worker-1");
    const st = node.status as { images: { names: string[]; sizeBytes: number }[]; conditions: { type: string; status: string; message: string }[] };
    expect(st.images[0]).toEqual({ names: [expect.stringMatching(/^docker\.io\/library\/nginx@sha256:/), "docker.io/library/nginx:1.27"], sizeBytes: 72225394 });
    expect(st.conditions.find((c) => c.type === "Ready")).toMatchObject({ status: "True", message: "kubelet is posting ready status" });
  });

  it("a stopped kubelet stops heartbeating and updating pods; restarting resumes both", async () => {
    t = await kubeletTestCluster();
    await t.createPod("crash", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "sleep 1; exit 1"] }] });
    await t.run(1000);
    t.fleet.stopKubelet("worker-1");
    const frozen = await renewTime("worker-1");
    const rv = (await t.pod("crash"))!.metadata.resourceVersion;
    await t.run(30_000, 1000);
    expect(await renewTime("worker-1")).toBe(frozen);
    expect(await renewTime("worker-2")).not.toBe(frozen);
    expect((await t.pod("crash"))!.metadata.resourceVersion).toBe(rv);
    t.fleet.startKubelet("worker-1");
    await t.run(1000);
    expect(await renewTime("worker-1")).not.toBe(frozen);
    const pod = (await t.pod("crash")) as KubeObject;
    expect(pod.metadata.resourceVersion).not.toBe(rv);
    const ev = await t.ctx.client.list({ group: "", version: "v1", resource: "events" }, { namespace: "default" });
    expect(ev.items.some((e) => (e as unknown as { reason: string; message: string }).message === "Starting kubelet.")).toBe(true);
  });
});

describe("hibernation", () => {
  it("a restored cluster adopts running pods: same containers, same logs, no restart", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", { containers: [{ name: "nginx", image: "nginx" }] });
    await t.run(3000);
    const before = (await t.pod("web"))!;
    const logs = await t.logs("web");
    const store = t.cluster.snapshot();
    const logSnap = JSON.parse(JSON.stringify(t.fleet.snapshotLogs()));
    t.close();
    t = await kubeletTestCluster({ snapshot: store, restoreLogs: logSnap });
    await t.run(3000);
    const after = (await t.pod("web"))!;
    const cs = (p: KubeObject) => (p.status as { containerStatuses: { containerID: string; restartCount: number; state: object }[] }).containerStatuses[0]!;
    expect(cs(after).containerID).toBe(cs(before).containerID);
    expect(cs(after).restartCount).toBe(0);
    expect(cs(after).state).toEqual(cs(before).state);
    expect(await t.logs("web")).toBe(logs);
    expect((await t.events("web")).filter((e) => e.includes("Started"))).toEqual(["Normal Started Started container nginx"]);
    // the adopted nginx still answers
    expect(t.fleet.network.http((after.status as { podIP: string }).podIP, 80, "/", "10.244.1.1", "curl")?.status).toBe(200);
  });
});

describe("node registration", () => {
  it("a deleted Node object is registered again by its kubelet", async () => {
    t = await kubeletTestCluster();
    await t.ctx.client.delete(nodesRef, undefined, "worker-2");
    await t.run(10_000);
    const node = await t.ctx.client.get(nodesRef, undefined, "worker-2");
    expect((node.status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === "Ready")?.status).toBe("True");
    expect((node.spec as { podCIDR: string }).podCIDR).toBe("10.244.2.0/24");
  });
});
