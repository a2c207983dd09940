/**
 * kube-scheduler throughput: 1,000 nodes and 10,000 pending pods.
 * - "scheduling cycles": the framework alone (filter + score + assume), no API, after a warm-up;
 * - "component, stub API": the whole scheduler (queue, cache, trace, cycle history, events)
 *   over a client whose bindings and event writes resolve at once;
 * - "end to end": an embedded cluster with 1,000 nodes; 10,000 pods created first, then the
 *   scheduler starts and binds them all through pods/binding (with Scheduled events).
 *
 * Wall-clock rates depend on machine load; the "per CPU-second" figures are steadier.
 * Exports `run()` for bench/run.ts (rename to scheduler.bench.ts to have it picked up);
 * run alone with `npx tsx bench/scheduler.ts [nodes] [pods]`.
 */
import { fileURLToPath } from "node:url";
import { PerformanceObserver } from "node:perf_hooks";
import type { BenchResult } from "./lib";
import type { KubeObject } from "../lib/kube/api/types";
import { FakeClock } from "../lib/kube/clock";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext, type KubeClient } from "../lib/kube/client";
import { Trace } from "../lib/kube/trace";
import { createCluster, nodeObject } from "../lib/kube/cluster";
import { createScheduler, DEFAULT_PLUGINS, Framework, inTreeRegistry, podInfoOf, SchedulerCache } from "../lib/kube/scheduler";

const GOAL = 5000;

function benchPod(i: number, ns = "default"): KubeObject {
  const cpu = ["50m", "100m", "250m"][i % 3]!;
  const memory = ["64Mi", "128Mi", "256Mi"][i % 3]!;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `pod-${i}`, namespace: ns, uid: `uid-${i}`, labels: { app: `app-${i % 50}` } },
    spec: { schedulerName: "default-scheduler", containers: [{ name: "app", image: "nginx:1.27", resources: { requests: { cpu, memory } } }] },
  };
}

function bigNode(i: number, now: number): KubeObject {
  const n = nodeObject(i === 0 ? "control-plane" : `worker-${i}`, i, now);
  // roomy workers so 10,000 pods fit on 1,000 nodes
  (n.status as { allocatable: Record<string, string> }).allocatable = { cpu: "16", memory: "64Gi", pods: "110", "ephemeral-storage": "100Gi" };
  return n;
}

/** the framework alone; `warmup` first runs a smaller round so the JIT has compiled the hot path */
export async function cycles(nodes: number, pods: number, warmup = true): Promise<BenchResult[]> {
  if (warmup) {
    const log = console.log;
    console.log = () => {};
    await cycles(200, 3000, false);
    console.log = log;
  }
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.addOrUpdateNode(bigNode(i, 0));
  const fw = new Framework(inTreeRegistry, DEFAULT_PLUGINS, { nodes: () => cache.nodeList(), namespaceLabels: () => ({}), affinityPods: () => cache.affinityPods() });
  const infos = Array.from({ length: pods }, (_, i) => podInfoOf(benchPod(i)));
  const random = seededRandom(1);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let placed = 0;
  for (const info of infos) {
    const r = fw.schedule(info, cache.nodeList(), random);
    if (r.node) {
      cache.assume(info, r.node.name);
      placed++;
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuRate = Math.round((placed / ((cpu.user + cpu.system) / 1000)) * 1000);
  const rate = Math.round((placed / ms) * 1000);
  console.log(`scheduling cycles: ${placed}/${pods} pods on ${nodes} nodes in ${ms.toFixed(0)} ms → ${rate} pods/s (${cpuRate} pods per CPU-second)`);
  return [{ name: `scheduling cycles (${nodes} nodes, ${pods} pods, no API)`, value: rate, unit: "pods/s", goal: `> ${GOAL}`, ok: rate > GOAL, note: `${cpuRate} pods/s per CPU-second` }];
}

/**
 * The whole component (queue, cache, framework, trace, cycle history, event recorder) over a
 * stub client: informers list the nodes and pods once, bindings and events resolve at once.
 */
export async function component(nodes: number, pods: number): Promise<BenchResult[]> {
  const clock = new FakeClock();
  const nodeObjs = Array.from({ length: nodes }, (_, i) => bigNode(i, 0));
  const podObjs = Array.from({ length: pods }, (_, i) => benchPod(i));
  let binds = 0;
  const ok = async () => ({}) as KubeObject;
  const client: KubeClient = {
    get: ok,
    list: async (r) => ({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "1" }, items: r.resource === "nodes" ? nodeObjs : r.resource === "pods" ? podObjs : [] }),
    watch: () => ({ stop() {} }),
    create: ok,
    update: ok,
    patch: ok,
    delete: async () => undefined,
    createSubresource: async () => {
      binds++;
      return {};
    },
  };
  const tracker = new WorkTracker();
  const trace = new Trace(() => clock.now());
  const ctx: ComponentContext = { client, informers: new InformerFactory(client), clock, trace, tracker, random: seededRandom(1) };
  const scheduler = createScheduler(process.env.SCHED_BENCH_NO_EVENTS ? { events: false } : {});
  scheduler.start(ctx);
  const profiler = process.env.SCHED_BENCH_PROFILE ? await startProfile() : undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await ctx.informers.start();
  await tracker.settle(1_000_000);
  await scheduler.flushEvents();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (profiler) await profiler(process.env.SCHED_BENCH_PROFILE!);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rate = Math.round((binds / ms) * 1000);
  const cpuRate = Math.round((binds / cpuMs) * 1000);
  console.log(`component, stub API: ${binds}/${pods} pods bound on ${nodes} nodes in ${ms.toFixed(0)} ms wall (${rate} pods/s), ${cpuMs.toFixed(0)} ms CPU (${cpuRate} pods/s)`);
  scheduler.stop();
  ctx.informers.stop();
  return [
    { name: `scheduler component, stub API (${nodes} nodes, ${pods} pods)`, value: rate, unit: "pods/s", goal: `> ${GOAL}`, ok: rate > GOAL, note: `queue + cache + framework + trace + events; ${cpuRate} pods/s per CPU-second` },
  ];
}

export async function endToEnd(nodes: number, pods: number): Promise<BenchResult[]> {
  const clock = new FakeClock();
  const cluster = await createCluster({ token: "t", clock, nodes: 1, historyLimit: pods * 4 + 10_000, traceCapacity: 2000, limits: { maxObjects: 10_000_000 } });
  const api = cluster.apiServer.loopback;
  const core = (resource: string) => ({ group: "", version: "v1", resource });
  for (let i = 1; i < nodes; i++) {
    const { status, ...spec } = bigNode(i, clock.now());
    const created = await api.create(core("nodes"), undefined, spec as KubeObject);
    await api.update(core("nodes"), undefined, { ...created, status } as KubeObject, { subresource: "status" });
  }
  for (let i = 0; i < pods; i++) {
    const p = benchPod(i);
    delete (p.metadata as { uid?: string }).uid;
    await api.create(core("pods"), "default", p);
  }
  const tracker = new WorkTracker();
  const ctx: ComponentContext = { client: api, informers: new InformerFactory(api), clock, trace: cluster.trace, tracker, random: seededRandom(1) };
  const scheduler = createScheduler(process.env.SCHED_BENCH_NO_EVENTS ? { events: false } : {});
  const profiler = process.env.SCHED_BENCH_PROFILE ? await startProfile() : undefined;
  const gc = gcPauses();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  scheduler.start(ctx);
  await ctx.informers.start();
  await tracker.settle(1_000_000);
  await scheduler.flushEvents();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const gcMs = await gc();
  if (profiler) await profiler(process.env.SCHED_BENCH_PROFILE!);
  const cpuRate = Math.round((pods / ((cpu.user + cpu.system) / 1000)) * 1000);
  const bound = (await api.list(core("pods"), { fieldSelector: "spec.nodeName!=" })).items.length;
  const rate = Math.round((bound / ms) * 1000);
  console.log(`end to end: ${bound}/${pods} pods bound on ${nodes} nodes in ${ms.toFixed(0)} ms → ${rate} pods/s, ${cpuRate} pods per CPU-second, GC pauses ${gcMs.toFixed(0)} ms (incl. informer sync, binding, Scheduled events)`);
  scheduler.stop();
  ctx.informers.stop();
  cluster.close();
  return [{ name: `end to end through the API (${nodes} nodes, ${pods} pods)`, value: rate, unit: "pods/s", goal: `> ${GOAL}`, ok: rate > GOAL, note: `informer sync + binding + Scheduled events; ${cpuRate} pods/s per CPU-second` }];
}

/** total garbage-collection pause time from now until the returned function is called */
function gcPauses(): () => Promise<number> {
  let ms = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ms += e.duration;
  });
  obs.observe({ entryTypes: ["gc"] });
  return async () => {
    // gc entries are delivered asynchronously
    await new Promise((r) => setTimeout(r, 10));
    for (const e of obs.takeRecords()) ms += e.duration;
    obs.disconnect();
    return ms;
  };
}

/** SCHED_BENCH_PROFILE=file.cpuprofile: a CPU profile of the measured phase only */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import("node:inspector/promises");
  const { writeFileSync } = await import("node:fs");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (file) => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** the best of `n` rounds (the machine is shared: the best round is the least disturbed) */
async function bestOf(n: number, round: () => Promise<BenchResult[]>): Promise<BenchResult[]> {
  let best: BenchResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = await round();
    if (!best.length || r[0]!.value > best[0]!.value) best = r;
  }
  return best.map((b) => ({ ...b, note: `${b.note ? `${b.note}; ` : ""}best of ${n}` }));
}

export async function run(): Promise<BenchResult[]> {
  const nodes = Number(process.env.SCHED_BENCH_NODES ?? 1000);
  const pods = Number(process.env.SCHED_BENCH_PODS ?? 10_000);
  return [...(await bestOf(3, () => cycles(nodes, pods))), ...(await bestOf(2, () => component(nodes, pods))), ...(await bestOf(2, () => endToEnd(nodes, pods)))];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2]) process.env.SCHED_BENCH_NODES = process.argv[2];
  if (process.argv[3]) process.env.SCHED_BENCH_PODS = process.argv[3];
  const results = await run();
  for (const r of results) console.log(`${r.name}: ${r.value} ${r.unit} (goal ${r.goal}: ${r.ok ? "met" : "not met"})`);
}
