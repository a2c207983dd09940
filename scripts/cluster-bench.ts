/**
 * Measures embedded cluster creation: median/p95 time and retained heap per idle cluster.
 *   npx tsx --expose-gc scripts/cluster-bench.ts [count]
 */
import { FakeClock } from "../lib/kube/clock";
import { createCluster, type Cluster } from "../lib/kube/cluster";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const gc = (globalThis as { gc?: () => void }).gc;
  // warm up: shared per-process data (schemas, discovery) is built on first use
  (await createCluster({ token: "t", clock: new FakeClock() })).close();
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const times: number[] = [];
  const clusters: Cluster[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    clusters.push(await createCluster({ token: `t${i}`, clock: new FakeClock() }));
    times.push(performance.now() - t0);
  }
  gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(`clusters: ${n}  create ms: median ${q(0.5)}  p95 ${q(0.95)}  max ${q(1)}`);
  console.log(`heap per idle cluster: ${((heap1 - heap0) / n / 1024).toFixed(0)} KiB${gc ? "" : " (run with --expose-gc for a stable number)"}`);
  for (const c of clusters) c.close();
}

void main();
