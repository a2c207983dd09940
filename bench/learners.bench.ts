/**
 * Concurrent learners one server holds (issue #6): the platform server (without Next) runs in a
 * child process (bench/learners-server.ts); this process is the load generator, measuring from
 * outside. Each learner drives their own sandbox over HTTPS with their bearer token like a person
 * typing kubectl commands: a new TLS connection per command (a new kubectl process), a seeded
 * think time of 3–5 s between commands, commands weighted like a lesson (get pods / deployments /
 * nodes most, create a Deployment then scale it, delete it, get events), and one watch of pods
 * kept open per learner (`kubectl get pods -w` in a second tab). The number of learners grows
 * step by step; each step is measured for a while after a warm-up.
 *
 * Env (for short runs): LEARNERS_STEPS="50,100,…", LEARNERS_WARMUP_S, LEARNERS_MEASURE_S,
 * LEARNERS_PROFILE_S (0 = no CPU profile of the server at the last step).
 */
import { spawn, type ChildProcess } from "node:child_process";
import https from "node:https";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { findFreePort } from "../tests/e2e/support/platform";
import { nowMs, percentile, round, type BenchResult } from "./lib";

const STEPS = (process.env.LEARNERS_STEPS ?? "50,100,200,350,500,700,1000").split(",").map(Number);
const WARMUP_MS = Number(process.env.LEARNERS_WARMUP_S ?? 10) * 1000;
const MEASURE_MS = Number(process.env.LEARNERS_MEASURE_S ?? 30) * 1000;
const PROFILE_MS = Number(process.env.LEARNERS_PROFILE_S ?? 15) * 1000;
const P99_LIMIT = 300;
const GOAL = 500;
const TIMEOUT_MS = 10_000;

/** seeded PRNG (mulberry32) */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- the server child ----------

class ServerChild {
  readonly proc: ChildProcess;
  private readonly waiting: ((x: unknown) => void)[] = [];
  constructor(env: NodeJS.ProcessEnv) {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "learners-server.ts");
    this.proc = spawn(process.execPath, ["--import", "tsx", script], { env, stdio: ["pipe", "pipe", "inherit"] });
    createInterface({ input: this.proc.stdout! }).on("line", (line) => {
      if (line.startsWith("@@LEARNERS@@")) this.waiting.shift()?.(JSON.parse(line.slice("@@LEARNERS@@".length)));
      else process.stderr.write(`[server] ${line}\n`);
    });
    this.proc.on("exit", (code) => {
      if (this.waiting.length) process.stderr.write(`server child exited (${code}) with commands pending\n`);
    });
  }
  send<T>(msg: object): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (x: unknown) => void);
      this.proc.stdin!.write(`${JSON.stringify(msg)}\n`);
    });
  }
  /** [rss bytes, cpu ms (user+system)] read from /proc, i.e. from outside the process */
  usage(): { rss: number; cpuMs: number } {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    const stat = readFileSync(`/proc/${this.proc.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rss, cpuMs: (ticks * 1000) / 100 };
  }
}

// ---------- the learners ----------

interface LearnerInfo {
  id: string;
  apiUrl: string;
  token: string;
}

interface Sample {
  kind: string;
  ms: number;
}

class Load {
  measuring = false;
  samples: Sample[] = [];
  /** TLS handshake times (connect → secureConnect) of the commands' new connections */
  handshakes: number[] = [];
  errors: string[] = [];
  watchEvents = 0;
  running = true;
  readonly loops: Promise<void>[] = [];
  private readonly watches = new Set<import("node:http").ClientRequest>();
  constructor(
    private readonly ca: string,
    private readonly port: number,
  ) {}

  resetWindow(): void {
    this.samples = [];
    this.handshakes = [];
    this.errors = [];
    this.watchEvents = 0;
  }

  private error(msg: string): void {
    if (this.running) this.errors.push(msg);
  }

  /** one HTTPS request; resolves with the status and body (latency recorded when measuring) */
  request(l: LearnerInfo, agent: https.Agent, kind: string, method: string, pathname: string, body?: unknown, contentType = "application/json"): Promise<{ status: number; body: string }> {
    const prefix = new URL(l.apiUrl).pathname;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const t0 = nowMs();
    return new Promise((resolve) => {
      const req = https.request(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path: prefix + pathname,
          ca: this.ca,
          servername: "localhost",
          agent,
          timeout: TIMEOUT_MS,
          headers: { authorization: `Bearer ${l.token}`, accept: "application/json", "user-agent": "kubectl/v1.33.0 (linux/amd64) kubelab-bench", ...(payload ? { "content-type": contentType, "content-length": Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => {
            if (this.measuring) this.samples.push({ kind, ms: nowMs() - t0 });
            resolve({ status: res.statusCode ?? 0, body: text });
          });
        },
      );
      req.on("socket", (sock) => {
        if (!sock.connecting) return;
        sock.once("secureConnect", () => {
          if (this.measuring) this.handshakes.push(nowMs() - t0);
        });
      });
      req.on("timeout", () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)));
      req.on("error", (e) => {
        this.error(`${kind}: ${e.message}`);
        resolve({ status: 0, body: "" });
      });
      req.end(payload);
    });
  }

  /** `kubectl get pods -w`: list, then watch from the list's resourceVersion; reopened when the server ends it */
  async watchPods(l: LearnerInfo): Promise<void> {
    while (this.running) {
      const agent = new https.Agent({ keepAlive: true, ca: this.ca });
      const list = await this.request(l, agent, "list pods (watch start)", "GET", "/api/v1/namespaces/default/pods?limit=500");
      if (list.status !== 200) {
        if (list.status) this.error(`watch list → ${list.status}`);
        agent.destroy();
        await sleep(1000);
        continue;
      }
      const rv = (JSON.parse(list.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
      await new Promise<void>((resolve) => {
        const req = https.request(
          {
            host: "127.0.0.1",
            port: this.port,
            path: `${new URL(l.apiUrl).pathname}/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`,
            ca: this.ca,
            servername: "localhost",
            agent,
            headers: { authorization: `Bearer ${l.token}`, accept: "application/json" },
          },
          (res) => {
            if (res.statusCode !== 200) this.error(`watch → ${res.statusCode}`);
            res.on("data", (c: Buffer) => {
              for (const b of c) if (b === 10) this.watchEvents++;
            });
            res.on("end", resolve);
            res.on("error", resolve);
          },
        );
        this.watches.add(req);
        req.on("error", (e) => {
          this.error(`watch: ${e.message}`);
          resolve();
        });
        req.on("close", () => {
          this.watches.delete(req);
          resolve();
        });
        req.end();
      });
      agent.destroy();
    }
  }

  /** the learner at a keyboard: think, type a command, repeat */
  async person(l: LearnerInfo, index: number): Promise<void> {
    const random = rng(1000 + index);
    let deployment: { name: string; replicas: number } | undefined;
    let created = 0;
    await sleep(random() * 4000); // learners don't all start typing at the same moment
    while (this.running) {
      const agent = new https.Agent({ keepAlive: true, ca: this.ca }); // one kubectl process: one connection
      const r = random();
      const ok = (kind: string, res: { status: number; body: string }, expected: number[]) => {
        if (res.status && !expected.includes(res.status)) this.error(`${kind} → ${res.status} ${res.body.slice(0, 160)}`.trim());
      };
      if (r < 0.3) ok("get pods", await this.request(l, agent, "get pods", "GET", "/api/v1/namespaces/default/pods?limit=500"), [200]);
      else if (r < 0.5) {
        if (deployment) ok("get deployment", await this.request(l, agent, "get deployment", "GET", `/apis/apps/v1/namespaces/default/deployments/${deployment.name}`), [200]);
        else ok("get deployments", await this.request(l, agent, "get deployment", "GET", "/apis/apps/v1/namespaces/default/deployments?limit=500"), [200]);
      } else if (r < 0.65) ok("get nodes", await this.request(l, agent, "get nodes", "GET", "/api/v1/nodes?limit=500"), [200]);
      else if (r < 0.75) ok("get events", await this.request(l, agent, "get events", "GET", "/api/v1/namespaces/default/events?limit=500"), [200]);
      else if (r < 0.87 && !deployment) {
        const name = `app-${created++}`;
        const res = await this.request(l, agent, "create deployment", "POST", "/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict", {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name, labels: { app: name } },
          spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
        });
        ok("create deployment", res, [201]);
        if (res.status === 201) deployment = { name, replicas: 1 };
      } else if (r < 0.95 && deployment) {
        // kubectl scale: GET the deployment, then PATCH its scale subresource
        const replicas = deployment.replicas === 3 ? 1 : deployment.replicas + 1;
        ok("scale (get)", await this.request(l, agent, "scale deployment", "GET", `/apis/apps/v1/namespaces/default/deployments/${deployment.name}`), [200]);
        ok("scale (patch)", await this.request(l, agent, "scale deployment", "PATCH", `/apis/apps/v1/namespaces/default/deployments/${deployment.name}/scale?fieldManager=kubectl-scale`, { spec: { replicas } }, "application/merge-patch+json"), [200]);
        deployment.replicas = replicas;
      } else if (deployment) {
        const res = await this.request(l, agent, "delete deployment", "DELETE", `/apis/apps/v1/namespaces/default/deployments/${deployment.name}`, { propagationPolicy: "Background" });
        ok("delete deployment", res, [200]);
        deployment = undefined;
      } else ok("get pods", await this.request(l, agent, "get pods", "GET", "/api/v1/namespaces/default/pods?limit=500"), [200]);
      agent.destroy();
      await sleep(3000 + random() * 2000);
    }
  }

  start(l: LearnerInfo, index: number): void {
    const died = (what: string) => (e: unknown) => this.error(`${what} loop of ${l.id} died: ${String(e)}`);
    this.loops.push(this.watchPods(l).catch(died("watch")), this.person(l, index).catch(died("learner")));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const w of this.watches) w.destroy();
    await Promise.all(this.loops);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** the functions (and the modules) with the most self time in a .cpuprofile, as % of the busy time */
function topFunctions(file: string, n: number): { busy: number; functions: string[]; modules: string[] } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: { id: number; hitCount?: number; callFrame: { functionName: string; url: string } }[] };
  const all = profile.nodes.reduce((a, x) => a + (x.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const hits = node.hitCount ?? 0;
    if (f.functionName === "(idle)") continue;
    busy += hits;
    const where = f.url.replace(/^file:\/\/.*?\/(node_modules|lib|server)\//, "$1/");
    const key = `${f.functionName || "(anonymous)"}${where ? ` ${where}` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const mod = where ? where.replace(/^(node_modules\/(@[^/]+\/)?[^/]+|lib\/[^/]+\/[^/]+|node:[^/]+|server\/[^/]+).*$/, "$1") : f.functionName;
    byModule.set(mod, (byModule.get(mod) ?? 0) + hits);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / Math.max(1, busy)).toFixed(1)}% ${k}`);
  return { busy: (100 * busy) / Math.max(1, all), functions: top(byFunction), modules: top(byModule) };
}

interface Step {
  n: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  errorSample: string;
  rssMiB: number;
  serverCpu: number;
  loadCpu: number;
  watchEvents: number;
  worstKind: string;
  tlsP50: number;
  tlsP99: number;
  loadavg: string;
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kubelab-bench-learners-"));
  const port = await findFreePort();
  const server = new ServerChild({
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${path.join(dataDir, "kubelab.db")}`,
    KUBELAB_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    KUBELAB_DEMO_ACCOUNT: "false",
  });
  const steps: Step[] = [];
  let profile: ReturnType<typeof topFunctions> | undefined;
  let load: Load | undefined;
  const startRss = { rss: 0 };
  try {
    const { caPem } = await server.send<{ caPem: string; port: number }>({ cmd: "ready" });
    startRss.rss = server.usage().rss;
    load = new Load(caPem, port);
    let started = 0;
    for (const n of STEPS) {
      const g0 = nowMs();
      const { learners } = await server.send<{ learners: LearnerInfo[] }>({ cmd: "grow", to: n });
      for (const l of learners) load.start(l, started++);
      process.stderr.write(`learners: ${n} sandboxes ready (+${learners.length} in ${((nowMs() - g0) / 1000).toFixed(1)} s); warm-up ${WARMUP_MS / 1000} s\n`);
      await sleep(WARMUP_MS);
      load.resetWindow();
      const u0 = server.usage();
      const c0 = process.cpuUsage();
      const t0 = nowMs();
      load.measuring = true;
      await sleep(MEASURE_MS);
      load.measuring = false;
      const elapsed = nowMs() - t0;
      const u1 = server.usage();
      const c1 = process.cpuUsage(c0);
      const ms = load.samples.map((s) => s.ms).sort((a, b) => a - b);
      const kinds = new Map<string, number[]>();
      for (const s of load.samples) kinds.set(s.kind, [...(kinds.get(s.kind) ?? []), s.ms]);
      const worst = [...kinds].map(([k, v]) => [k, percentile(v.sort((a, b) => a - b), 99)] as const).sort((a, b) => b[1] - a[1])[0];
      const step: Step = {
        n,
        requests: ms.length,
        p50: round(percentile(ms, 50), 1),
        p95: round(percentile(ms, 95), 1),
        p99: round(percentile(ms, 99), 1),
        errors: load.errors.length,
        errorSample: [...new Set(load.errors)].slice(0, 3).join("; "),
        rssMiB: round(u1.rss / 2 ** 20, 0),
        serverCpu: round((100 * (u1.cpuMs - u0.cpuMs)) / elapsed, 0),
        loadCpu: round((100 * (c1.user + c1.system)) / 1000 / elapsed, 0),
        watchEvents: load.watchEvents,
        worstKind: worst ? `${worst[0]} p99 ${round(worst[1], 0)} ms` : "",
        tlsP50: round(percentile([...load.handshakes].sort((a, b) => a - b), 50), 1),
        tlsP99: round(percentile([...load.handshakes].sort((a, b) => a - b), 99), 1),
        loadavg: os.loadavg()[0]!.toFixed(1),
      };
      steps.push(step);
      process.stderr.write(`learners: ${JSON.stringify(step)}\n`);
      if (step.p99 >= P99_LIMIT || step.errors > 0) break;
    }
    if (PROFILE_MS > 0 && steps.length) {
      const file = path.join(os.tmpdir(), `kubelab-learners-${steps.at(-1)!.n}.cpuprofile`);
      await server.send({ cmd: "profile-start" });
      await sleep(PROFILE_MS);
      await server.send({ cmd: "profile-stop", path: file });
      profile = topFunctions(file, 15);
      process.stderr.write(`learners: server CPU profile at ${steps.at(-1)!.n} learners (${file}), busy ${profile.busy.toFixed(0)}%; self time of the busy time by function:\n  ${profile.functions.join("\n  ")}\nby module:\n  ${profile.modules.join("\n  ")}\n`);
    }
  } finally {
    await load?.stop();
    await Promise.race([server.send({ cmd: "close" }), sleep(60_000)]);
    if (server.proc.exitCode === null) server.proc.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const passing = steps.filter((s) => s.p99 < P99_LIMIT && s.errors === 0);
  const best = passing.at(-1)?.n ?? 0;
  const cores = os.cpus().length;
  const results: BenchResult[] = [
    {
      name: `concurrently active learners one server holds with p99 < ${P99_LIMIT} ms and no errors (load generator in another process on the same ${cores}-core machine)`,
      value: best,
      unit: "learners",
      goal: `≥ ${GOAL}`,
      ok: best >= GOAL,
      note: `steps tried: ${steps.map((s) => s.n).join(", ")}; ${WARMUP_MS / 1000} s warm-up + ${MEASURE_MS / 1000} s measured each; think time 3–5 s, one watch of pods per learner, new TLS connection per command; load average ${os.loadavg()[0]!.toFixed(1)}`,
    },
    { name: "server RSS before any sandbox", value: round(startRss.rss / 2 ** 20, 0), unit: "MiB" },
    ...steps.map((s) => ({
      name: `${s.n} learners: request latency p50 / p95 / p99`,
      value: s.p99,
      unit: "ms (p99)",
      note: `p50 ${s.p50} ms, p95 ${s.p95} ms; ${s.requests} requests (${round(s.requests / (MEASURE_MS / 1000), 1)}/s), ${s.errors} errors${s.errorSample ? ` (${s.errorSample})` : ""}; slowest kind: ${s.worstKind}; server RSS ${s.rssMiB} MiB, server CPU ${s.serverCpu}% of one core, load generator CPU ${s.loadCpu}%; TLS handshake p50 ${s.tlsP50} ms, p99 ${s.tlsP99} ms; ${s.watchEvents} watch events; load average ${s.loadavg}`,
    })),
  ];
  if (profile) {
    results.push({ name: `server CPU profile at ${steps.at(-1)!.n} learners: busy share of the profiled time`, value: round(profile.busy, 0), unit: "%", note: `self time of the busy time by module: ${profile.modules.slice(0, 8).join(" · ")}` });
    results.push({ name: "… by function", value: PROFILE_MS / 1000, unit: "s profiled", note: profile.functions.slice(0, 8).join(" · ") });
  }
  return results;
}
