/**
 * Live clusters (issue "Embedded Kubernetes (2)"): heap of an idle 3-node cluster running a
 * 3-replica Deployment, and CPU used by idle live clusters (real clock) measured over a window
 * and scaled to 1,000 clusters: parked after their idle period (issue #4), and kept awake
 * (kubelets heartbeating, every controller running).
 */
import { createCluster, type Cluster, type ClusterOptions } from "../lib/kube/cluster";
import { FakeClock, realClock, type Clock } from "../lib/kube/clock";
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

/** CPU of this process per wall time over `windowMs`, in % of one core */
async function cpuOver(windowMs: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
}

/** the median of `k` windows of `windowMs` (a garbage collection in one window does not decide the figure) */
async function cpuMedian(k: number, windowMs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < k; i++) xs.push(await cpuOver(windowMs));
  xs.sort((a, b) => a - b);
  return xs[Math.floor(k / 2)]!;
}

/** the real clock, counting the timers armed on it (set, not yet fired or cancelled) */
function countingClock(): { clock: Clock; armed(): number } {
  const inner = realClock();
  let armed = 0;
  return {
    armed: () => armed,
    clock: {
      now: () => inner.now(),
      setTimer(ms, fn) {
        armed++;
        let live = true;
        const end = () => (live ? ((live = false), armed--) : undefined);
        const h = inner.setTimer(ms, () => {
          end();
          fn();
        });
        return { cancel: () => (end(), h.cancel()) };
      },
    },
  };
}

async function idleClusters(n: number, clock: Clock, idle: ClusterOptions["idle"]): Promise<Cluster[]> {
  const clusters: Cluster[] = [];
  for (let i = 0; i < n; i++) clusters.push(await createCluster({ token: "t", clock, components: true, idle }));
  await Promise.all(clusters.map((c) => c.settle()));
  return clusters;
}

/**
 * Idle clusters as the platform holds them: they park after their idle period (shortened here
 * to 3 s of real time so the bench need not wait a minute; parked is parked), and the CPU is
 * measured once every one of them is parked. The second row measures clusters that never park
 * (`idle: false`: heartbeats, Lease renewals and node monitoring running): what an idle cluster
 * costs while a learner keeps it awake.
 *
 * Both subtract the CPU of the same process holding the same clusters closed (no components,
 * no timers, same heap): a process with a large heap has a background cost of its own (V8 and
 * the OS, no JavaScript runs) that scaling to 1,000 clusters would otherwise multiply.
 */
async function idleCpu(): Promise<BenchResult[]> {
  // more parked clusters than awake ones: their cost is near the noise of the measurement
  const n = 200;
  const nAwake = 100;
  const windowMs = 20_000;
  const scale = (pct: number, base: number, count = n) => Math.max(0, ((pct - base) * 1000) / count);
  const counting = countingClock();
  const parked = await idleClusters(n, counting.clock, { after: 3000 });
  const deadline = Date.now() + 60_000;
  while (parked.some((c) => !c.parked) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const parkedCount = parked.filter((c) => c.parked).length;
  const timers = counting.armed();
  // both measurements start from a collected heap, after V8's background work has calmed down
  const quiet = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 5000));
  };
  await quiet();
  const parkedCpu = await cpuMedian(5, windowMs / 5);
  // what the first request after a park waits for: resume (Leases, node status, due timers) and settle
  const resumeMs: number[] = [];
  const resumeCpuMs: number[] = [];
  for (const c of parked.slice(0, 20)) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await c.unpark();
    const cpu = process.cpuUsage(c0);
    resumeMs.push(performance.now() - t0);
    resumeCpuMs.push((cpu.user + cpu.system) / 1000);
  }
  for (const c of parked) c.close();
  await quiet();
  const closedCpu = await cpuMedian(5, windowMs / 5);
  parked.length = 0;
  const awake = await idleClusters(nAwake, realClock(), false);
  await new Promise((r) => setTimeout(r, 2000));
  const awakeCpu = await cpuOver(windowMs);
  for (const c of awake) c.close();
  await quiet();
  const awakeClosedCpu = await cpuMedian(5, windowMs / 5);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const parked1000 = scale(parkedCpu, closedCpu);
  return [
    {
      name: `CPU of 1,000 idle live clusters, parked after their idle period (measured: ${parkedCount}/${n} parked, median of 5 × ${windowMs / 5000} s, scaled)`,
      value: round(parked1000, 3),
      unit: "% of one core",
      goal: "< 1%",
      ok: parkedCount === n && parked1000 < 1,
      note: `above the same process holding them closed: ${round(parkedCpu, 3)}% parked vs ${round(closedCpu, 3)}% closed, for ${n} clusters`,
    },
    {
      name: `timers armed by ${n} parked clusters`,
      value: timers,
      unit: "timers",
      goal: "0",
      ok: timers === 0,
    },
    {
      name: `CPU of 1,000 idle live clusters kept awake (idle: false; measured: ${nAwake} clusters over ${windowMs / 1000} s, scaled)`,
      value: round(scale(awakeCpu, awakeClosedCpu, nAwake), 2),
      unit: "% of one core",
      note: "kubelets renew their node Leases every 10 s as upstream does; each renewal is a full API write",
    },
    {
      name: "CPU to resume a parked cluster before its first request is served (median of 20)",
      value: round(median(resumeCpuMs), 2),
      unit: "ms",
      note: `Lease renewals and node status of 3 nodes, due timers, then the components settle; wall time median ${round(median(resumeMs), 1)} ms`,
    },
  ];
}

export async function run(): Promise<BenchResult[]> {
  return [...(await heap()), ...(await idleCpu())];
}
