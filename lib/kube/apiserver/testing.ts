/**
 * Test helpers: a cluster on a FakeClock served over real HTTP on 127.0.0.1, and a small
 * request function. (Plain http is fine here: our own client sends the token.)
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeClock } from "../clock";
import { createCluster, type Cluster, type ClusterOptions } from "../cluster";

export interface TestServer {
  cluster: Cluster;
  clock: FakeClock;
  token: string;
  base: string;
  server: Server;
  request(method: string, path: string, opts?: RequestOptions): Promise<TestResponse>;
  /** opens a streaming GET; events are parsed per line */
  stream(path: string, opts?: { headers?: Record<string, string> }): Promise<TestStream>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  /** raw body (sent as is) */
  raw?: Buffer | string;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface TestStream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  events: any[];
  /** resolves when at least n events have arrived */
  waitFor(n: number): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

export async function startTestServer(opts: Partial<ClusterOptions> = {}): Promise<TestServer> {
  const clock = (opts.clock as FakeClock | undefined) ?? new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
  const token = opts.token ?? "test-token-0123456789";
  const cluster = await createCluster({ nodes: 3, ...opts, token, clock, random: opts.random ?? seeded(42) });
  const server = createServer((req, res) => cluster.handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const prefix = cluster.apiServer.prefix;

  const request = (method: string, path: string, o: RequestOptions = {}) =>
    new Promise<TestResponse>((resolve, reject) => {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const tok = o.token === undefined ? token : o.token;
      if (tok) headers.authorization = `Bearer ${tok}`;
      let body: Buffer | undefined;
      if (o.raw !== undefined) body = Buffer.from(o.raw);
      else if (o.body !== undefined) {
        body = Buffer.from(JSON.stringify(o.body));
        if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
      }
      if (body) headers["content-length"] = String(body.length);
      const req = httpRequest(`${base}${prefix}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      req.on("error", reject);
      req.end(body);
    });

  const stream = (path: string, so: { headers?: Record<string, string> } = {}) =>
    new Promise<TestStream>((resolve, reject) => {
      const req = httpRequest(`${base}${prefix}${path}`, { method: "GET", headers: { authorization: `Bearer ${token}`, ...(so.headers ?? {}) } }, (res) => {
        const events: unknown[] = [];
        let buf = "";
        const waiters: { n: number; resolve: () => void }[] = [];
        const check = () => {
          for (const w of [...waiters]) {
            if (events.length < w.n) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        };
        let endResolve!: () => void;
        const ended = new Promise<void>((r) => (endResolve = r));
        res.on("data", (c: Buffer) => {
          buf += c.toString("utf8");
          let i;
          while ((i = buf.indexOf("\n")) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) events.push(JSON.parse(line));
          }
          check();
        });
        res.on("end", () => endResolve());
        res.on("close", () => endResolve());
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          events,
          ended,
          waitFor: (n) => (events.length >= n ? Promise.resolve() : new Promise<void>((r) => waiters.push({ n, resolve: r }))),
          close: () => req.destroy(),
        });
      });
      req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
      req.end();
    });

  return {
    cluster,
    clock,
    token,
    base,
    server,
    request,
    stream,
    async close() {
      cluster.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** a deterministic PRNG (mulberry32) for generated names */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const deployment = (name: string, replicas = 2, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, ...extra },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } },
  },
});

export const pod = (name: string, extra: { labels?: Record<string, string>; nodeName?: string; containers?: string[] } = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
  spec: {
    ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
    containers: (extra.containers ?? ["nginx"]).map((c) => ({ name: c, image: "nginx" })),
  },
});

export const configMap = (name: string, data: Record<string, string> = { a: "b" }, labels?: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, ...(labels ? { labels } : {}) },
  data,
});
