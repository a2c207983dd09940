/**
 * Throughput of the simulated data path (lib/kube/network): routed requests per second in process
 * for a ClusterIP Service with 3 endpoints (kube-proxy rules, DNAT, listener answering), a pod IP,
 * a DNS name through the search path, and a ClusterIP with 10 NetworkPolicies in force; plus the
 * time one kube-proxy needs to rebuild its table for 1,000 service ports.
 *
 * Run: npx tsx bench/network.bench.ts   (or `npm run bench -- network`)
 */
import type { KubeObject } from "../lib/kube/api/types";
import { buildRuleTable, endpointsFor, iptablesSave, servicePorts } from "../lib/kube/proxy";
import { networkPoliciesRef, startNetHarness } from "../lib/kube/network/testing";
import type { ConnectRequest } from "../lib/kube/network";
import { nowMs, round, type BenchResult } from "./lib";

const GOAL = 100_000;

/**
 * Requests per second of CPU time (user + system of this process): the machine running the
 * benchmarks is shared, so wall time would measure the neighbours; the wall-clock rate is noted.
 */
function rate(label: string, connect: () => void, minCpuMs = 1000): BenchResult {
  for (let i = 0; i < 20_000; i++) connect();
  let n = 0;
  const wall0 = nowMs();
  const cpu0 = process.cpuUsage();
  let cpuMs = 0;
  while (cpuMs < minCpuMs) {
    for (let i = 0; i < 1000; i++) connect();
    n += 1000;
    const d = process.cpuUsage(cpu0);
    cpuMs = (d.user + d.system) / 1000;
  }
  const wallMs = nowMs() - wall0;
  const perSec = (n / cpuMs) * 1000;
  return {
    name: label,
    value: Math.round(perSec),
    unit: "req/CPU-s",
    goal: `> ${GOAL.toLocaleString("en")}`,
    ok: perSec > GOAL,
    note: `${Math.round((n / wallMs) * 1000).toLocaleString("en")} req/s wall clock`,
  };
}

export async function run(): Promise<BenchResult[]> {
  const h = await startNetHarness();
  await h.kubeDns();
  const { svc } = await h.web(3);
  await h.pod("client", {
    node: "worker-1",
    ip: "10.244.1.100",
    labels: { app: "client" },
    containers: [{ name: "sh", image: "busybox:1.36" }],
  });
  const ip = (svc.spec as { clusterIP: string }).clusterIP;
  const client = { namespace: "default", name: "client" };
  const req = (toHost: string): ConnectRequest => ({ fromPod: client, toHost, toPort: 80, request: { method: "GET", path: "/" } });
  const check = (r: ReturnType<typeof h.network.connect>) => {
    if (r.outcome !== "connected") throw new Error(`bench request failed: ${r.message}`);
  };
  const results: BenchResult[] = [];
  const viaService = req(ip);
  results.push(rate("ClusterIP → 3 endpoints (HTTP GET answered)", () => check(h.network.connect(viaService))));
  const direct = req("10.244.1.10");
  results.push(rate("pod IP, no kube-proxy", () => check(h.network.connect(direct))));
  const byName = req("web");
  results.push(rate("DNS name `web` (search path, kube-dns, then ClusterIP)", () => check(h.network.connect(byName))));
  for (let i = 0; i < 10; i++) {
    await h.client.create(networkPoliciesRef, "default", {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `p${i}` },
      spec: {
        podSelector: { matchLabels: { app: i === 9 ? "web" : `other-${i}` } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "client" } } }], ports: [{ port: "http" }] }],
      },
    } as KubeObject);
  }
  await h.settle();
  results.push(rate("ClusterIP with 10 NetworkPolicies in the namespace", () => check(h.network.connect(viaService))));
  h.close();

  // kube-proxy sync cost: 1,000 services × 3 endpoints
  const services: KubeObject[] = [];
  const slices = new Map<string, KubeObject[]>();
  for (let i = 0; i < 1000; i++) {
    services.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: `s${i}`, namespace: "default" },
      spec: { clusterIP: `10.96.${(i >> 8) + 1}.${i & 255}`, ports: [{ name: "http", port: 80, protocol: "TCP" }] },
    });
    slices.set(`default/s${i}`, [
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: `s${i}-x`, namespace: "default" },
        addressType: "IPv4",
        endpoints: [1, 2, 3].map((k) => ({ addresses: [`10.244.${k}.${i & 255}`], conditions: { ready: true } })),
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      } as KubeObject,
    ]);
  }
  const t0 = nowMs();
  const rounds = 5;
  let rules = 0;
  for (let r = 0; r < rounds; r++) {
    const table = buildRuleTable("worker-1", services.flatMap(servicePorts), (sp) =>
      endpointsFor(sp, slices.get(`${sp.namespace}/${sp.service}`) ?? []),
    );
    rules = iptablesSave(table).split("\n").length;
  }
  results.push({
    name: "kube-proxy syncProxyRules, 1,000 services × 3 endpoints (build + render)",
    value: round((nowMs() - t0) / rounds, 1),
    unit: "ms",
    note: `${rules} iptables-save lines`,
  });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run())
    console.log(
      `${r.name}: ${r.value.toLocaleString("en")} ${r.unit}${r.goal ? ` (goal ${r.goal}: ${r.ok ? "ok" : "MISSED"})` : ""}${r.note ? ` — ${r.note}` : ""}`,
    );
}
