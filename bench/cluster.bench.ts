/**
 * Live clusters (issue "Embedded Kubernetes (2)"): heap of an idle 3-node cluster running a
 * 3-replica Deployment, and CPU used by idle live clusters (real clock; kubelets heartbeating,
 * every controller running) measured over a window and scaled to 1,000 clusters.
 */
import { createCluster, type Cluster } from "../lib/kube/cluster";
import { FakeClock, realClock } from "../lib/kube/clock";
import type { KubeObject } from "../lib/kube/api/types";
import { gc, round, type BenchResult } from "./lib";

const deployments = { group: "apps", version: "v1", resource: "deployments" };
const web: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
};

async function runningCluster(): Promise<{ cluster: Cluster; clock: FakeClock }> {
  const clock = new FakeClock();
  const cluster = await createCluster({ token: "t", clock, components: true });
  await cluster.apiServer.loopback.create(deployments, "default", web);
  for (let i = 0; i < 40; i++) {
    clock.advance(100);
    await cluster.settle();
  }
  const d = await cluster.apiServer.loopback.get(deployments, "default", "web");
  if ((d.status as { readyReplicas?: number }).readyReplicas !== 3) throw new Error("deployment did not become ready");
  return { cluster, clock };
}

async function heap(): Promise<BenchResult[]> {
  const warm = await runningCluster();
  warm.cluster.close();
  const n = 40;
  gc();
  const before = process.memoryUsage().heapUsed;
  const all: Cluster[] = [];
  for (let i = 0; i < n; i++) all.push((await runningCluster()).cluster);
  gc();
  const per = (process.memoryUsage().heapUsed - before) / n / 1024;
  for (const c of all) c.close();
  return [{ name: `heap of an idle 3-node cluster running a 3-replica Deployment (${n} clusters)`, value: round(per, 1), unit: "KiB", goal: "< 2 MB", ok: per < 2048 }];
}

async function idleCpu(): Promise<BenchResult[]> {
  const n = 100;
  const windowMs = 20_000;
  const clusters: Cluster[] = [];
  for (let i = 0; i < n; i++) clusters.push(await createCluster({ token: "t", clock: realClock(), components: true }));
  await Promise.all(clusters.map((c) => c.settle()));
  await new Promise((r) => setTimeout(r, 2000));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const percentFor1000 = (cpuMs / wall) * 100 * (1000 / n);
  for (const c of clusters) c.close();
  return [
    {
      name: `CPU of 1,000 idle live clusters (measured: ${n} clusters over ${windowMs / 1000} s, scaled)`,
      value: round(percentFor1000, 2),
      unit: "% of one core",
      goal: "< 1%",
      ok: percentFor1000 < 1,
      note: "kubelets renew their node Leases every 10 s as upstream does; each renewal is a full API write",
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  return [...(await heap()), ...(await idleCpu())];
}
