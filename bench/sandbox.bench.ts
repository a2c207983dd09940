/**
 * Sandboxes (issue #6): a first visit's sandbox ready on the server (the manager's `ensure` for a
 * new learner: cluster with every component in the lesson's starting state, DB record, kubeconfig
 * file), then the same measured over HTTPS through the platform's sandbox API route (first
 * `GET /api/v1/nodes` answered), and hibernated sandboxes restored per second (each running a
 * 3-replica Deployment; restore = read the snapshot from SQLite, gunzip, rebuild the cluster).
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { parse } from "yaml";
import os from "node:os";
import path from "node:path";
import { createTestDb } from "../lib/db/test-db";
import { createCertificateAuthority, issueServerCertificate } from "../lib/kube/pki";
import { SandboxManager, type StartingState } from "../lib/sandbox";
import { createPlatformServer } from "../server/http";
import { sandboxApiRoute } from "../server/routes/sandbox-api";
import { createDualServer } from "../server/tls";
import { nowMs, round, summarize, type BenchResult } from "./lib";

const lesson: StartingState = {
  lessonId: "c/m/l",
  nodes: 3,
  objects: [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } } },
    },
  ],
  faults: [],
};

function get(port: number, ca: string, pathname: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, path: pathname, ca, servername: "localhost", headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

export async function run(): Promise<BenchResult[]> {
  const t = createTestDb();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kubelab-bench-sbx-"));
  const ca = await createCertificateAuthority();
  const cert = await issueServerCertificate(ca);
  let port = 0;
  // as the server runs it: a warm pool of 2 started clusters
  const manager = new SandboxManager({ db: t.db, dataDir, caPem: ca.certPem, apiBase: () => `https://127.0.0.1:${port}`, warmPool: 2 });
  const plain = createPlatformServer({ routes: [sandboxApiRoute({ manager: () => manager, trustProxy: false })], trustProxy: false, fallback: (_q, r) => void r.end() });
  const dual = createDualServer(plain as http.Server, cert);
  await dual.listen(0, "127.0.0.1");
  port = (dual.listener.address() as AddressInfo).port;

  const n = 40;
  for (let i = 0; i < n * 3 + 5; i++) await t.db.user.create({ data: { id: `u${i}`, email: `u${i}@bench.test` } });
  // warm-up (per-process bootstrap template, JIT)
  for (let i = 0; i < 5; i++) await manager.hibernate((await manager.ensure(`u${n * 3 + i}`, "c", lesson)).id);

  // first visits arriving one at a time (the pool refilled between two), each sandbox hibernated afterwards (untimed)
  const ensureMs: number[] = [];
  const ensureCpuMs: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    await manager.warmUp();
    const t0 = nowMs();
    const cpu0 = process.cpuUsage();
    const h = await manager.ensure(`u${i}`, "c", lesson);
    ensureMs.push(nowMs() - t0);
    const cpu = process.cpuUsage(cpu0);
    ensureCpuMs.push((cpu.user + cpu.system) / 1000);
    ids.push(h.id);
    await new Promise((r) => setTimeout(r, 50));
    await manager.hibernate(h.id);
  }
  // the same, measured over HTTPS: first GET /api/v1/nodes answered (new TLS connection each)
  const httpMs: number[] = [];
  const getMs: number[] = [];
  const secondMs: number[] = [];
  for (let i = n; i < 2 * n; i++) {
    await manager.warmUp();
    const t0 = nowMs();
    const h = await manager.ensure(`u${i}`, "c", lesson);
    // the internal token of the server-side kubeconfig (what the terminal's kubectl uses)
    const token = (parse(readFileSync(h.kubeconfigPath, "utf8")) as { users: { user: { token: string } }[] }).users[0]!.user.token;
    const t1 = nowMs();
    const status = await get(port, ca.certPem, `/k8s/${h.id}/api/v1/nodes`, token);
    if (status !== 200) throw new Error(`GET nodes → ${status}`);
    httpMs.push(nowMs() - t0);
    getMs.push(nowMs() - t1);
    const t2 = nowMs();
    await get(port, ca.certPem, `/k8s/${h.id}/api/v1/nodes`, token);
    secondMs.push(nowMs() - t2);
    await manager.hibernate(h.id);
  }
  // a burst: first visits back to back, the pool drained (cold cluster starts)
  const coldMs: number[] = [];
  for (let i = 2 * n; i < 2 * n + 10; i++) {
    const t0 = nowMs();
    const h = await manager.ensure(`u${i}`, "c", lesson);
    coldMs.push(nowMs() - t0);
    await manager.hibernate(h.id);
  }

  // restore: each hibernated sandbox from the first round (its Deployment created; snapshot in SQLite), then hibernated again (untimed)
  const bytes = (await t.db.sandbox.findMany({ where: { id: { in: ids } }, select: { snapshot: true } })).map((r) => r.snapshot?.byteLength ?? 0);
  const restoreMs: number[] = [];
  for (const id of ids) {
    const t0 = nowMs();
    await manager.get(id);
    restoreMs.push(nowMs() - t0);
    await manager.hibernate(id);
  }
  const perSecond = (1000 * ids.length) / restoreMs.reduce((a, b) => a + b, 0);

  await manager.shutdown();
  await dual.close();
  await t.cleanup();
  rmSync(dataDir, { recursive: true, force: true });

  const e = summarize(ensureMs);
  const h = summarize(httpMs);
  const c = summarize(coldMs);
  const r = summarize(restoreMs);
  const load = os.loadavg()[0]!.toFixed(1);
  return [
    { name: `first-visit sandbox ready server-side: ensure() from the warm pool, lesson with a Deployment, p50 (${n} learners)`, value: round(e.p50, 1), unit: "ms", goal: "< 50 ms", ok: e.p50 < 50, note: `load average ${load} on ${os.cpus().length} cores` },
    { name: "… p99", value: round(e.p99, 1), unit: "ms" },
    { name: "… CPU time of one ensure(), p50 (independent of other load on the machine)", value: round(summarize(ensureCpuMs).p50, 1), unit: "ms" },
    { name: "first visit until the first `GET /api/v1/nodes` is answered over HTTPS (new TLS connection), p50", value: round(h.p50, 1), unit: "ms", goal: "< 50 ms", ok: h.p50 < 50 },
    { name: "… p99", value: round(h.p99, 1), unit: "ms" },
    { name: "… of which the first HTTPS GET alone, p50", value: round(summarize(getMs).p50, 1), unit: "ms", note: `second GET (new TLS connection too) p50 ${round(summarize(secondMs).p50, 1)} ms` },
    { name: "first visit with the pool drained (cold cluster start with all components), p50 of 10", value: round(c.p50, 1), unit: "ms" },
    { name: `hibernated sandboxes restored per second (${ids.length}, one at a time)`, value: round(perSecond, 1), unit: "/s", note: `restore p50 ${round(r.p50, 1)} ms, p99 ${round(r.p99, 1)} ms` },
    { name: "snapshot size in the database (gzip), median", value: round(summarize(bytes).p50 / 1024, 1), unit: "KiB" },
  ];
}
