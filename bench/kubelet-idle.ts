/**
 * Idle cost of the kubelets: N clusters (3 nodes each) with their kubelet fleets on FakeClocks;
 * measures the CPU time of one heartbeat round (every node renews its Lease; node status only
 * when changed), the timers an idle cluster holds, and extrapolates to 1,000 idle clusters
 * (heartbeat every 10 s of cluster time at speed 1).
 *
 * Run: npx tsx bench/kubelet-idle.ts [clusters]
 */
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext } from "../lib/kube/client";
import { FakeClock } from "../lib/kube/clock";
import { createCluster, nodeNames } from "../lib/kube/cluster";
import { createKubelets, DEFAULT_TIMINGS } from "../lib/kube/kubelet";

const N = Number(process.argv[2] ?? 100);

async function main() {
  const clusters: { clock: FakeClock; tracker: WorkTracker; beat: () => Promise<void>; close: () => void }[] = [];
  for (let i = 0; i < N; i++) {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const names = nodeNames(3);
    const { fleet, components, logSource } = createKubelets(names);
    const cluster = await createCluster({ token: "t", clock, nodes: 3, logSource });
    const informers = new InformerFactory(cluster.apiServer.loopback);
    const tracker = new WorkTracker();
    const ctx: ComponentContext = { client: cluster.apiServer.loopback, informers, clock, trace: cluster.trace, tracker, random: seededRandom(i) };
    for (const c of components) await c.start(ctx);
    await informers.start();
    await tracker.settle();
    clusters.push({
      clock,
      tracker,
      beat: () => fleet.heartbeatNow(),
      close: () => {
        for (const c of components) c.stop();
        informers.stop();
        cluster.close();
      },
    });
  }
  // warm-up round (first node status write with the preloaded pause image)
  for (const c of clusters) {
    c.clock.advance(DEFAULT_TIMINGS.leaseRenewMs);
    await c.tracker.settle();
  }
  const timers = clusters.reduce((n, c) => n + c.clock.pending(), 0) / N;
  const rounds = 5;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const c of clusters) await c.beat();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const perRoundPerCluster = cpuMs / (rounds * N);
  const perNodeBeat = perRoundPerCluster / 3;
  const fraction1000 = (1000 * perRoundPerCluster) / DEFAULT_TIMINGS.leaseRenewMs;
  console.log(`kubelet idle: ${N} clusters x 3 nodes, ${rounds} heartbeat rounds`);
  console.log(`  timers per idle cluster:        ${timers}`);
  console.log(`  cpu per node heartbeat:         ${(perNodeBeat * 1000).toFixed(1)} µs (wall ${((wall / (rounds * N * 3)) * 1000).toFixed(1)} µs)`);
  console.log(`  cpu per cluster per 10 s:       ${(perRoundPerCluster * 1000).toFixed(1)} µs`);
  console.log(`  1,000 idle clusters:            ${(fraction1000 * 100).toFixed(2)} % of one core (writes: ${(1000 * 3) / (DEFAULT_TIMINGS.leaseRenewMs / 1000)} Lease updates/s)`);
  // for comparison: the API server's cost of one Lease update (the write every heartbeat makes)
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const raw = await createCluster({ token: "t", clock, nodes: 3 });
  const ref = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
  let lease = await raw.apiServer.loopback.get(ref, "kube-node-lease", "worker-1");
  const renew = async (i: number) => {
    lease = await raw.apiServer.loopback.update(ref, "kube-node-lease", { ...lease, spec: { ...(lease.spec as object), renewTime: new Date(clock.now() + i).toISOString() } } as typeof lease, { fieldManager: "kubelet" });
  };
  for (let i = 0; i < 200; i++) await renew(i);
  const c0 = process.cpuUsage();
  for (let i = 0; i < 2000; i++) await renew(i);
  const c1 = process.cpuUsage(c0);
  console.log(`  API server Lease update alone:  ${((c1.user + c1.system) / 2000).toFixed(1)} µs (the floor of a heartbeat)`);
  raw.close();
  for (const c of clusters) c.close();
}

void main();
