import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, podObject, runPod, type Harness } from "../common/testing";
import { HPAS, PODS, getCondition } from "../common/util";
import { CPU_LOAD_ANNOTATION, createLoadGenerator, horizontalPodAutoscaler, nodeMetrics, podMetrics } from "./index";

let h: Harness;
afterEach(() => h?.close());

const DEPLOYMENTS = { group: "apps", version: "v1", resource: "deployments" };
const EVENTS = { group: "", version: "v1", resource: "events" };

const deployment = (replicas: number): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" }, annotations: { [CPU_LOAD_ANNOTATION]: "100m" } },
      spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "100m" } } }] },
    },
  },
});

const hpa = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } } }],
    ...extra,
  },
});

/** plays the deployment controller, scheduler and kubelet: a running, ready replica with the template's load */
let ip = 10;
async function replica(name: string): Promise<void> {
  const p = podObject(name, { app: "web" }, { cpu: "100m" });
  p.metadata.annotations = { [CPU_LOAD_ANNOTATION]: "100m" };
  await h.client.create(PODS, "default", p);
  await runPod(h.client, "default", name, "worker-1", `10.244.1.${ip++}`, true, h.clock.now());
}

const replicas = async () => ((await h.client.get(DEPLOYMENTS, "default", "web")).spec as { replicas: number }).replicas;
const rescales = async () =>
  (await h.client.list(EVENTS, { namespace: "default" })).items.filter((e) => e.reason === "SuccessfulRescale").map((e) => e.message);

describe("horizontal-pod-autoscaler", () => {
  it("scales up on CPU load, waits out the stabilization window, then scales down", async () => {
    const loads = createLoadGenerator();
    h = await startHarness([horizontalPodAutoscaler({ loads })]);
    const c = h.client;
    await c.create(DEPLOYMENTS, "default", deployment(2));
    await replica("web-1");
    await replica("web-2");
    await c.create(HPAS, "default", hpa());
    await h.settle();
    // 100m used of 100m requested = 100% against a 50% target: 2 → 4
    expect(await replicas()).toBe(4);
    expect(await rescales()).toEqual(["New size: 4; reason: cpu resource utilization (percentage of request) above target"]);
    let st = (await c.get(HPAS, "default", "web")).status as Record<string, unknown>;
    expect(st).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 4,
      currentMetrics: [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: 100, averageValue: "100m" } } }],
    });
    const hpaObj = await c.get(HPAS, "default", "web");
    expect(getCondition(hpaObj, "AbleToScale")).toMatchObject({
      status: "True",
      reason: "SucceededRescale",
      message: "the HPA controller was able to update the target scale to 4",
    });
    expect(getCondition(hpaObj, "ScalingActive")).toMatchObject({
      status: "True",
      reason: "ValidMetricFound",
      message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
    });
    expect(getCondition(hpaObj, "ScalingLimited")).toMatchObject({ status: "False", reason: "DesiredWithinRange" });

    // the new replicas arrive; the load drops to 120m in total (30m a pod = 30%): want 3
    await replica("web-3");
    await replica("web-4");
    loads.setTotal("default", "app=web", "120m");
    await h.advance(15_000);
    expect(await replicas()).toBe(4);
    st = (await c.get(HPAS, "default", "web")).status as Record<string, unknown>;
    expect(st).toMatchObject({
      currentReplicas: 4,
      desiredReplicas: 4,
      currentMetrics: [{ resource: { current: { averageUtilization: 30, averageValue: "30m" } } }],
    });
    expect(getCondition(await c.get(HPAS, "default", "web"), "AbleToScale")).toMatchObject({
      reason: "ScaleDownStabilized",
      message: "recent recommendations were higher than current one, applying the highest recent recommendation",
    });
    for (let t = 15; t < 300; t += 15) await h.advance(15_000);
    expect(await replicas()).toBe(4);
    await h.advance(15_000);
    expect(await replicas()).toBe(3);
    expect(await rescales()).toContain("New size: 3; reason: All metrics below target");

    // deleting the HPA stops its 15 s sync: no timers left
    await c.delete(HPAS, "default", "web");
    await h.advance(15_000);
    expect(h.clock.pending()).toBe(0);
  });

  it("clamps to maxReplicas and reports a missing target", async () => {
    h = await startHarness([horizontalPodAutoscaler()]);
    const c = h.client;
    await c.create(DEPLOYMENTS, "default", deployment(3));
    for (const n of ["a", "b", "c"]) await replica(`web-${n}`);
    await c.create(HPAS, "default", hpa({ maxReplicas: 5 }));
    await c.create(HPAS, "default", {
      ...hpa(),
      metadata: { name: "lost" },
      spec: { ...(hpa().spec as object), scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "nope" } },
    });
    await h.settle();
    expect(await replicas()).toBe(5);
    expect(getCondition(await c.get(HPAS, "default", "web"), "ScalingLimited")).toMatchObject({
      status: "True",
      reason: "TooManyReplicas",
      message: "the desired replica count is more than the maximum replica count",
    });
    const lost = await c.get(HPAS, "default", "lost");
    expect(getCondition(lost, "AbleToScale")).toMatchObject({ status: "False", reason: "FailedGetScale" });
    expect(getCondition(lost, "AbleToScale")?.message).toMatch(
      /^the HPA controller was unable to get the target's current scale: deployments.apps "nope" not found/,
    );
  });

  it("reports pods without a CPU request as an invalid metric and does not scale", async () => {
    h = await startHarness([horizontalPodAutoscaler()]);
    const c = h.client;
    await c.create(DEPLOYMENTS, "default", deployment(1));
    const p = podObject("web-norequest", { app: "web" });
    await c.create(PODS, "default", p);
    await runPod(c, "default", "web-norequest", "worker-1", "10.244.1.99", true, h.clock.now());
    await c.create(HPAS, "default", hpa());
    await h.settle();
    expect(await replicas()).toBe(1);
    const obj = await c.get(HPAS, "default", "web");
    expect(getCondition(obj, "ScalingActive")).toMatchObject({
      status: "False",
      reason: "FailedGetResourceMetric",
      message:
        "the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container app of Pod web-norequest",
    });
    const evs = (await c.list(EVENTS, { namespace: "default" })).items.filter(
      (e) => (e.involvedObject as { kind: string }).kind === "HorizontalPodAutoscaler",
    );
    expect(evs.map((e) => [e.type, e.reason, e.message]).sort()).toEqual([
      [
        "Warning",
        "FailedComputeMetricsReplicas",
        "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container app of Pod web-norequest",
      ],
      [
        "Warning",
        "FailedGetResourceMetric",
        "failed to get cpu utilization: missing request for cpu in container app of Pod web-norequest",
      ],
    ]);
  });

  it("serves pod and node metrics from the load model", () => {
    const loads = createLoadGenerator();
    const pod = (name: string, ann?: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: "default",
        labels: { app: name.startsWith("web") ? "web" : "db" },
        ...(ann ? { annotations: { [CPU_LOAD_ANNOTATION]: ann } } : {}),
      },
      spec: { nodeName: "worker-1", containers: [{ name: "app" }] },
      status: { phase: "Running" },
    });
    const pods = [pod("web-1"), pod("web-2"), pod("db-1", "250m"), { ...pod("pending"), status: { phase: "Pending" } }];
    loads.setTotal("default", "app=web", "1");
    const now = Date.UTC(2026, 0, 1);
    const m = podMetrics(pods, now, loads);
    expect(m.map((x) => [x.metadata.name, x.containers[0]!.usage.cpu])).toEqual([
      ["web-1", "500m"],
      ["web-2", "500m"],
      ["db-1", "250m"],
    ]);
    expect(m[0]).toMatchObject({
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "PodMetrics",
      timestamp: "2026-01-01T00:00:00Z",
      containers: [{ name: "app", usage: { memory: "4Mi" } }],
    });
    const nodes = [
      { apiVersion: "v1", kind: "Node", metadata: { name: "worker-1" } },
      { apiVersion: "v1", kind: "Node", metadata: { name: "worker-2" } },
    ];
    expect(nodeMetrics(nodes, pods, now, loads).map((n) => [n.metadata.name, n.usage.cpu])).toEqual([
      ["worker-1", "1300m"],
      ["worker-2", "50m"],
    ]);
  });
});
