/**
 * The embedded API server (issue "Embedded Kubernetes (1)"): time to create a cluster ready to
 * serve, heap per idle cluster, p50/p99 latency of get, list, create and watch delivery with 100
 * concurrent clients, and listing 10,000 objects. Clients run in this process, over real HTTP on
 * 127.0.0.1 (keep-alive) and through the in-process loopback client.
 */
import { createServer, request, Agent, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCluster, type Cluster } from "../lib/kube/cluster";
import type { KubeObject } from "../lib/kube/api/types";
import { gc, nowMs, round, summarize, type BenchResult } from "./lib";

const TOKEN = "bench-token";
const cm = { group: "", version: "v1", resource: "configmaps" };

function configMap(name: string): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", labels: { app: "bench" } }, data: { key: "value" } };
}

async function createClusterTiming(): Promise<BenchResult[]> {
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = nowMs();
    const c = await createCluster({ token: TOKEN });
    samples.push(nowMs() - t0);
    c.close();
  }
  const s = summarize(samples.slice(50));
  return [
    { name: "create a cluster ready to serve, in process (median of 250)", value: round(s.p50), unit: "ms", goal: "< 10 ms", ok: s.p50 < 10 },
    { name: "create a cluster ready to serve (p99)", value: round(s.p99), unit: "ms" },
  ];
}

async function heapPerIdleCluster(): Promise<BenchResult[]> {
  // warm shared per-process data first (discovery, registry), then measure the increment
  const warm = await createCluster({ token: TOKEN });
  await warm.apiServer.loopback.list(cm, { namespace: "default" });
  const n = 500;
  gc();
  const before = process.memoryUsage().heapUsed;
  const clusters: Cluster[] = [];
  for (let i = 0; i < n; i++) clusters.push(await createCluster({ token: TOKEN }));
  gc();
  const after = process.memoryUsage().heapUsed;
  const perCluster = (after - before) / n / 1024;
  for (const c of clusters) c.close();
  warm.close();
  return [{ name: `heap per idle cluster (3 nodes, bootstrapped; ${n} clusters)`, value: round(perCluster, 1), unit: "KiB", goal: "< 1 MB (kwok: ~300 MB)", ok: perCluster < 1024 }];
}

function httpCall(agent: Agent, port: number, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      { host: "127.0.0.1", port, method, path, agent, headers: { authorization: `Bearer ${TOKEN}`, accept: "application/json", ...(data ? { "content-type": "application/json", "content-length": data.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

async function listen(cluster: Cluster): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => cluster.handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port };
}

async function concurrent(clients: number, perClient: number, op: (client: number, i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = nowMs();
        await op(c, i);
        samples.push(nowMs() - t0);
      }
    }),
  );
  return samples;
}

async function latency(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const cluster = await createCluster({ token: TOKEN, limits: { maxObjects: 1_000_000, requestsPerSecond: 1e9, burst: 1e9, maxWatches: 10_000 } });
  const lb = cluster.apiServer.loopback;
  for (let i = 0; i < 100; i++) await lb.create(cm, "default", configMap(`seed-${i}`));
  const { server, port } = await listen(cluster);
  const agent = new Agent({ keepAlive: true, maxSockets: 200 });
  const clients = 100;
  const per = 30;

  const record = (label: string, samples: number[], goal = false) => {
    const s = summarize(samples);
    out.push({ name: `${label} p50`, value: round(s.p50), unit: "ms" });
    out.push({ name: `${label} p99`, value: round(s.p99), unit: "ms", ...(goal ? { goal: "< 5 ms", ok: s.p99 < 5 } : {}) });
  };

  // warm-up
  await concurrent(clients, 5, (c, i) => httpCall(agent, port, "GET", `/api/v1/namespaces/default/configmaps/seed-${(c + i) % 100}`).then(() => undefined));

  record(
    "HTTP get, 100 concurrent clients",
    await concurrent(clients, per, async (c, i) => {
      const r = await httpCall(agent, port, "GET", `/api/v1/namespaces/default/configmaps/seed-${(c + i) % 100}`);
      if (r.status !== 200) throw new Error(`get ${r.status} ${r.text}`);
    }),
  );
  record(
    "HTTP list (100 objects), 100 concurrent clients",
    await concurrent(clients, per, async () => {
      const r = await httpCall(agent, port, "GET", `/api/v1/namespaces/default/configmaps?limit=500`);
      if (r.status !== 200) throw new Error(`list ${r.status}`);
    }),
    false,
  );
  record(
    "HTTP create, 100 concurrent clients",
    await concurrent(clients, per, async (c, i) => {
      const r = await httpCall(agent, port, "POST", `/api/v1/namespaces/default/configmaps`, configMap(`c-${c}-${i}`));
      if (r.status !== 201) throw new Error(`create ${r.status} ${r.text}`);
    }),
  );
  record(
    "in process: get, 100 concurrent clients",
    await concurrent(clients, per, async (c, i) => void (await lb.get(cm, "default", `seed-${(c + i) % 100}`))),
    true,
  );
  record(
    "in process: list (100 objects), 100 concurrent clients",
    await concurrent(clients, per, async () => void (await lb.list(cm, { namespace: "default", labelSelector: "app=bench", limit: 500 }))),
    true,
  );
  record(
    "in process: create, 100 concurrent clients",
    await concurrent(clients, per, async (c, i) => void (await lb.create(cm, "default", configMap(`l-${c}-${i}`)))),
    true,
  );
  {
    const lbDelivery: number[] = [];
    let t = 0;
    const stops = Array.from({ length: clients }, () =>
      lb.watch(cm, { namespace: "default", resourceVersion: String(cluster.store.revision()), labelSelector: "app=lbwatch" }, (e) => {
        if (e.type === "ADDED") lbDelivery.push(nowMs() - t);
      }, () => undefined),
    );
    for (let i = 0; i < 50; i++) {
      t = nowMs();
      await lb.create(cm, "default", { ...configMap(`lw-${i}`), metadata: { name: `lw-${i}`, namespace: "default", labels: { app: "lbwatch" } } });
    }
    for (const s of stops) s.stop();
    record("in process: watch delivery to 100 watchers (write start → event)", lbDelivery, true);
  }

  // watch delivery: 100 HTTP watchers; time from the write to each watcher's receipt of the event
  const delivery: number[] = [];
  const pendingAt = new Map<string, number>();
  const watchers = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<() => void>((resolve, reject) => {
          const req = request(
            { host: "127.0.0.1", port, path: `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${cluster.store.revision()}&labelSelector=app%3Dwatch`, headers: { authorization: `Bearer ${TOKEN}` } },
            (res) => {
              let buf = "";
              res.on("error", () => undefined);
              res.setEncoding("utf8");
              res.on("data", (chunk: string) => {
                buf += chunk;
                let nl;
                while ((nl = buf.indexOf("\n")) >= 0) {
                  const line = buf.slice(0, nl);
                  buf = buf.slice(nl + 1);
                  const ev = JSON.parse(line) as { type: string; object: KubeObject };
                  const t = pendingAt.get(ev.object.metadata.name ?? "");
                  if (ev.type === "ADDED" && t !== undefined) delivery.push(nowMs() - t);
                }
              });
              resolve(() => {
                closing = true;
                req.destroy();
              });
            },
          );
          let closing = false;
          req.on("error", (e) => (closing ? undefined : reject(e)));
          req.end();
        }),
    ),
  );
  for (let i = 0; i < 50; i++) {
    const name = `w-${i}`;
    pendingAt.set(name, nowMs());
    await lb.create(cm, "default", { ...configMap(name), metadata: { name, namespace: "default", labels: { app: "watch" } } });
    const target = (i + 1) * clients;
    const deadline = nowMs() + 5000;
    while (delivery.length < target && nowMs() < deadline) await new Promise((r) => setImmediate(r));
  }
  record("HTTP watch delivery to 100 watchers (write → event received)", delivery);
  for (const stop of watchers) stop();

  // listing 10,000 objects
  for (let i = 0; i < 10_000; i++) await lb.create(cm, "default", configMap(`big-${i}`));
  const listTimes: number[] = [];
  const httpListTimes: number[] = [];
  const tableTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t0 = nowMs();
    const l = await lb.list(cm, { namespace: "default" });
    listTimes.push(nowMs() - t0);
    if (l.items.length < 10_000) throw new Error("list too short");
    t0 = nowMs();
    const r = await httpCall(agent, port, "GET", `/api/v1/namespaces/default/configmaps`);
    httpListTimes.push(nowMs() - t0);
    if (r.status !== 200) throw new Error("http list failed");
    t0 = nowMs();
    await new Promise<void>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: `/api/v1/namespaces/default/configmaps`, agent, headers: { authorization: `Bearer ${TOKEN}`, accept: "application/json;as=Table;v=v1;g=meta.k8s.io" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve());
        },
      );
      req.on("error", reject);
      req.end();
    });
    tableTimes.push(nowMs() - t0);
  }
  out.push({ name: "list 10,100 objects, loopback (median)", value: round(summarize(listTimes).p50), unit: "ms" });
  out.push({ name: "list 10,100 objects over HTTP as JSON (median)", value: round(summarize(httpListTimes).p50), unit: "ms" });
  out.push({ name: "list 10,100 objects over HTTP as Table (median)", value: round(summarize(tableTimes).p50), unit: "ms" });

  agent.destroy();
  server.close();
  cluster.close();
  return out;
}

export async function run(): Promise<BenchResult[]> {
  return [...(await createClusterTiming()), ...(await heapPerIdleCluster()), ...(await latency())];
}
