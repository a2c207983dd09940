import { createServer, get as httpGet, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { SteppingClock } from "../kubelet/testing";
import { createCluster, type Cluster, type ClusterOptions } from "./index";

const core = (resource: string) => ({ group: "", version: "v1", resource });
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 27, 9, 0, 0);

interface Env {
  cluster: Cluster;
  clock: SteppingClock;
  url: string;
  /** an external GET through the cluster's handler */
  get(path: string): Promise<{ status: number; body: { items?: KubeObject[] } & KubeObject }>;
  /** advances cluster time timer by timer, settling the components after each */
  run(ms: number): Promise<void>;
  close(): Promise<void>;
}

const open: Env[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

async function start(opts: Partial<ClusterOptions> = {}): Promise<Env> {
  const clock = new SteppingClock(START);
  const cluster = await createCluster({ token: "t", clock, components: true, ...opts });
  await cluster.settle();
  const server: Server = createServer((req, res) => cluster.handle(req, res));
  server.on("upgrade", (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settle = async () => {
    await cluster.settle();
    // the idle check settles the components itself, then parks: let it finish
    await new Promise((r) => setImmediate(r));
    await cluster.settle();
  };
  const env: Env = {
    cluster,
    clock,
    url,
    async get(path) {
      const r = await fetch(url + path, { headers: { Authorization: "Bearer t" } });
      return { status: r.status, body: await r.json() };
    },
    async run(ms) {
      const target = clock.now() + ms;
      await settle();
      for (;;) {
        const next = clock.nextDue();
        if (next === undefined || next > target) break;
        clock.advance(Math.max(0, next - clock.now()));
        await settle();
      }
      clock.advance(target - clock.now());
      await settle();
    },
    async close() {
      cluster.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  open.push(env);
  return env;
}

const ready = (n: KubeObject) => (n.status as { conditions: { type: string; status: string; lastHeartbeatTime: string }[] }).conditions.find((c) => c.type === "Ready")!;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const traceOf = (c: Cluster, component: string) => c.trace.entries().filter((e) => e.component === component);

describe("parking idle clusters", () => {
  it("parks after 60 s without API requests, and then arms no timers and does no work", async () => {
    const { cluster, clock, run } = await start();
    await run(59_000);
    expect(cluster.parked).toBe(false);
    expect(clock.pending()).toBeGreaterThan(0); // heartbeats, the idle check
    await run(2_000);
    expect(cluster.parked).toBe(true);
    expect(clock.pending()).toBe(0);
    const park = traceOf(cluster, "kubelab").at(-1)!;
    expect(park).toMatchObject({ action: "park", verdict: "parked", time: START + 60_000 });
    expect(park.detail).toMatch(/^no API requests for 60s: \d+ timer\(s\) suspended until the next API request$/);
    const rev = cluster.store.revision();
    const traced = cluster.trace.entries().at(-1)!.seq;
    clock.advance(HOUR);
    await cluster.settle();
    expect(clock.pending()).toBe(0);
    expect(cluster.store.revision()).toBe(rev);
    expect(cluster.trace.entries().at(-1)!.seq).toBe(traced);
  });

  it("unparks on the next request before serving it: Leases renewed, node status reported, nodes Ready", async () => {
    const { cluster, clock, run, get } = await start();
    await run(61_000);
    expect(cluster.parked).toBe(true);
    clock.advance(HOUR);
    const now = clock.now();
    const leases = await get("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
    expect(leases.status).toBe(200);
    expect(cluster.parked).toBe(false);
    const renewed = leases.body.items!.map((l) => (l.spec as { renewTime: string }).renewTime);
    expect(renewed).toEqual(["control-plane", "worker-1", "worker-2"].map(() => new Date(now).toISOString().replace("Z", "000Z")));
    const nodes = await get("/api/v1/nodes");
    for (const n of nodes.body.items!) expect(ready(n)).toMatchObject({ status: "True", lastHeartbeatTime: iso(now) });
    const [park, resume] = traceOf(cluster, "kubelab");
    expect(park).toMatchObject({ action: "park", time: START + 60_000 });
    expect(resume).toMatchObject({ action: "resume", verdict: "resumed", time: now });
    expect(resume!.detail).toMatch(/^parked for 3601s; \d+ timer\(s\) that came due meanwhile fire now/);
    // the resume comes first in the trace, then what the components did on it
    const renewals = cluster.trace.entries(resume!.seq).filter((e) => e.object?.kind === "Lease" && e.action === "storage");
    expect(renewals.map((e) => e.object!.name).sort()).toEqual(["control-plane", "worker-1", "worker-2"]);
  });

  it("reports node status on resume even after a short park, as a starting kubelet does", async () => {
    const { cluster, clock, run, get } = await start();
    await run(61_000);
    expect(cluster.parked).toBe(true);
    clock.advance(30_000); // well within nodeStatusReportFrequency (5 min)
    const now = clock.now();
    const nodes = await get("/api/v1/nodes");
    for (const n of nodes.body.items!) expect(ready(n).lastHeartbeatTime).toBe(iso(now));
    // one heartbeat at the resume, not two (the one that came due while parked is replaced)
    const renewals = cluster.trace.entries().filter((e) => e.time === now && e.object?.kind === "Lease" && e.action === "storage");
    expect(renewals.map((e) => e.object!.name).sort()).toEqual(["control-plane", "worker-1", "worker-2"]);
  });

  it("keeps nodes Ready across a long park: resuming is no missed heartbeat", async () => {
    const { cluster, clock, run, get } = await start();
    await run(61_000);
    clock.advance(HOUR);
    await get("/api/v1/nodes");
    // past the node-monitor grace period (40 s) after the resume, with heartbeats running again
    await run(50_000);
    const nodes = (await cluster.apiServer.loopback.list(core("nodes"))).items;
    expect(nodes.map((n) => ready(n).status)).toEqual(["True", "True", "True"]);
    expect(traceOf(cluster, "node-lifecycle-controller").filter((e) => e.action === "update-node-health")).toEqual([]);
    const events = (await cluster.apiServer.loopback.list(core("events"), { namespace: "default" })).items;
    expect(events.filter((e) => (e as unknown as { reason: string }).reason === "NodeNotReady")).toEqual([]);
    // and it parks again after another idle minute
    await run(20_000);
    expect(cluster.parked).toBe(true);
  });

  it("runs a CrashLoopBackOff restart that came due while parked on resume", async () => {
    const { cluster, clock, run, get } = await start();
    const api = cluster.apiServer.loopback;
    await api.create(core("pods"), "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "crash" }, spec: { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "exit 1"] }] } } as KubeObject);
    await run(20_000);
    const restarts = async () => {
      const s = (await api.get(core("pods"), "default", "crash")).status as { containerStatuses: { restartCount: number; state: { waiting?: { reason: string } } }[] };
      return s.containerStatuses[0]!;
    };
    const before = await restarts();
    expect(before.restartCount).toBeGreaterThanOrEqual(1);
    await run(61_000);
    expect(cluster.parked).toBe(true);
    const parked = await restarts();
    expect(parked.state.waiting?.reason).toBe("CrashLoopBackOff");
    clock.advance(HOUR);
    expect((await restarts()).restartCount).toBe(parked.restartCount); // nothing ran while parked
    const resumedAt = clock.now();
    expect((await get("/api/v1/namespaces/default/pods/crash")).status).toBe(200);
    await run(1_000);
    expect((await restarts()).restartCount).toBe(parked.restartCount + 1);
    const started = traceOf(cluster, "kubelet/worker-1").concat(traceOf(cluster, "kubelet/worker-2")).filter((e) => e.action === "StartContainer" && e.detail === "c"); // the crash pod's container (the add-on pods start containers too)
    expect(started.at(-1)!.time).toBeGreaterThanOrEqual(resumedAt);
    expect(started.at(-1)!.time).toBeLessThan(resumedAt + 1_000);
  });

  it("does not park while an external watch is open, and parks an idle period after it ends", async () => {
    const { cluster, clock, run, url } = await start();
    const res = await new Promise<IncomingMessage>((resolve) => httpGet(`${url}/api/v1/namespaces/default/pods?watch=1`, { headers: { Authorization: "Bearer t" } }, resolve));
    expect(res.statusCode).toBe(200);
    await run(5 * 60_000);
    expect(cluster.parked).toBe(false);
    const lease = await cluster.apiServer.loopback.get({ group: "coordination.k8s.io", version: "v1", resource: "leases" }, "kube-node-lease", "worker-1");
    expect(Date.parse((lease.spec as { renewTime: string }).renewTime)).toBeGreaterThan(clock.now() - 10_001);
    const closed = new Promise((r) => res.once("close", r));
    res.destroy();
    await closed;
    await new Promise((r) => setTimeout(r, 20)); // the server sees the connection close
    await run(59_000);
    expect(cluster.parked).toBe(false);
    await run(2_000);
    expect(cluster.parked).toBe(true);
  });

  it("parks and unparks on demand; with idle: false only on demand", async () => {
    const { cluster, clock, run } = await start({ idle: false });
    await run(10 * 60_000);
    expect(cluster.parked).toBe(false);
    expect(await cluster.park()).toBe(true);
    expect(clock.pending()).toBe(0);
    clock.advance(HOUR);
    await cluster.unpark();
    expect(cluster.parked).toBe(false);
    const lease = await cluster.apiServer.loopback.get({ group: "coordination.k8s.io", version: "v1", resource: "leases" }, "kube-node-lease", "worker-2");
    expect(Date.parse((lease.spec as { renewTime: string }).renewTime)).toBe(clock.now());
    expect(traceOf(cluster, "kubelab").map((e) => e.action)).toEqual(["park", "resume"]);
  });

  it("an API server alone (no components) holds no timers and never parks", async () => {
    const clock = new SteppingClock(START);
    const cluster = await createCluster({ token: "t", clock });
    expect(clock.pending()).toBe(0);
    expect(await cluster.park()).toBe(false);
    expect(cluster.parked).toBe(false);
    cluster.close();
  });
});
