/**
 * Conformance harness: one embedded cluster served over HTTPS on a free loopback port, a
 * kubeconfig in a temp dir, and the real kubectl run as a child process (argv arrays only, a
 * fresh --cache-dir per client version). `kubectl` on PATH is the gcloud dispatcher, which picks
 * kubectl.1.<minor> from /version; specific versions run as `kubectl.1.27` etc.
 */
import { execFile, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { FakeClock } from "../../lib/kube/clock";
import { createCluster, kubeconfigYaml, type Cluster } from "../../lib/kube/cluster";
import { sharedServingCertificate } from "../../lib/kube/pki";

/** "default" is the dispatcher (`kubectl`), otherwise a minor version such as "1.27" */
export type KubectlVersion = "default" | `1.${number}`;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The kubectl binary for a version; throws a clear error when it is not installed. */
export function kubectlBinary(version: KubectlVersion): string {
  const dispatcher = onPath("kubectl");
  if (version === "default") {
    if (!dispatcher) throw new Error("kubectl is not installed (not on PATH): the conformance suite needs the real kubectl (Google Cloud CLI's kubectl package)");
    return dispatcher;
  }
  const name = `kubectl.${version}`;
  const direct = onPath(name);
  if (direct) return direct;
  if (dispatcher) {
    const beside = join(dirname(realpathSync(dispatcher)), name);
    try {
      accessSync(beside, constants.X_OK);
      return beside;
    } catch {
      /* fall through */
    }
  }
  throw new Error(`${name} is not installed (looked on PATH and beside kubectl): install the Google Cloud CLI kubectl package`);
}

export function kubectlAvailable(version: KubectlVersion): boolean {
  try {
    kubectlBinary(version);
    return true;
  } catch {
    return false;
  }
}

/**
 * At most this many kubectl processes at once (per test file), so scenarios can run concurrently
 * without starving a small machine: CONFORMANCE_JOBS, default 4.
 */
const MAX_PROCESSES = Math.max(1, Number(process.env.CONFORMANCE_JOBS) || 4);

function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire(): Promise<() => void> {
      if (active >= limit) await new Promise<void>((r) => waiting.push(r));
      else active++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = waiting.shift();
        if (next) next();
        else active--;
      };
    },
  };
}

const processSlots = semaphore(MAX_PROCESSES);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Background {
  stdout(): string;
  stderr(): string;
  /** resolves when stdout matches (rejects after timeoutMs of real time) */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  /** stops it and resolves with the exit code (null when killed) */
  stop(): Promise<number | null>;
  /** resolves with the exit code when it ends by itself */
  exited: Promise<number | null>;
}

export interface KubectlOptions {
  stdin?: string;
  timeoutMs?: number;
  /** run with a kubeconfig whose context namespace is this (see `namespace()`) */
  namespace?: string;
  /** working directory (default: the cluster's dir), e.g. a scenario's own folder */
  cwd?: string;
}

export interface ConformanceCluster {
  cluster: Cluster;
  clock: FakeClock;
  url: string;
  /** the admin bearer token and the CA that signed the serving certificate (for raw requests) */
  token: string;
  caPem: string;
  kubeconfigPath: string;
  kubeconfig: string;
  dir: string;
  /** writes a file (a relative path, folders created) under `dir` and returns its path */
  file(name: string, content: string): string;
  kubectl(version: KubectlVersion, args: string[], opts?: KubectlOptions): Promise<RunResult>;
  /** a long-running kubectl (e.g. `get -w`); it does not count against the process limit */
  background(version: KubectlVersion, args: string[], opts?: { namespace?: string; cwd?: string }): Background;
  /**
   * Creates a namespace (as `kubectl create ns` would, but in-process) and waits until its
   * `default` ServiceAccount exists, so pods can be created in it right away.
   */
  namespace(name: string): Promise<void>;
  /**
   * Resolves once the API server has authorized a watch on `path` (e.g.
   * "/api/v1/namespaces/ns/configmaps") — read from the cluster's trace, so a test can act right
   * after a background kubectl starts watching instead of sleeping.
   */
  watchStarted(path: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startConformanceCluster(opts: { nodes?: number; prefix?: string } = {}): Promise<ConformanceCluster> {
  const { ca, server: cert } = await sharedServingCertificate();
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
  const token = `conformance-${Math.random().toString(36).slice(2)}`;
  // the request rate limit refills with cluster time, which a FakeClock holds still: give the
  // suite's hundreds of kubectl runs a bucket that never runs dry
  const cluster = await createCluster({ token, clock, nodes: opts.nodes ?? 3, caPem: ca.certPem, prefix: opts.prefix, limits: { burst: 1_000_000 } });
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => cluster.handle(req, res));
  server.on("upgrade", (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}${cluster.apiServer.prefix}`;
  const dir = mkdtempSync(join(tmpdir(), "kubelab-conformance-"));
  const kubeconfig = cluster.kubeconfig(url, ca.certPem);
  const kubeconfigPath = join(dir, "kubeconfig");
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  const cacheDirs = new Map<string, string>();
  const cacheDir = (v: string) => {
    let d = cacheDirs.get(v);
    if (!d) cacheDirs.set(v, (d = mkdtempSync(join(dir, `cache-${v}-`))));
    return d;
  };
  const nsConfigs = new Map<string, string>();
  const configFor = (namespace: string | undefined): string => {
    if (!namespace) return kubeconfigPath;
    let p = nsConfigs.get(namespace);
    if (!p) {
      p = join(dir, `kubeconfig-${namespace}`);
      writeFileSync(p, kubeconfigYaml({ server: url, token, caPem: ca.certPem, namespace }), { mode: 0o600 });
      nsConfigs.set(namespace, p);
    }
    return p;
  };
  const spawnKubectl = (version: KubectlVersion, args: string[], namespace: string | undefined, cwd: string | undefined, stdin: "pipe" | "ignore") => {
    const config = configFor(namespace);
    return spawn(kubectlBinary(version), ["--kubeconfig", config, "--cache-dir", cacheDir(version), ...args], {
      cwd: cwd ?? dir,
      env: { ...process.env, KUBECONFIG: config, HOME: dir, NO_COLOR: "1" },
      stdio: [stdin, "pipe", "pipe"],
    });
  };
  const loopback = cluster.apiServer.loopback;
  const nsRef = { group: "", version: "v1", resource: "namespaces" };
  const saRef = { group: "", version: "v1", resource: "serviceaccounts" };
  return {
    cluster,
    clock,
    url,
    token,
    caPem: ca.certPem,
    kubeconfig,
    kubeconfigPath,
    dir,
    file(name, content) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      return p;
    },
    async kubectl(version, args, o = {}) {
      const release = await processSlots.acquire();
      try {
        return await new Promise<RunResult>((resolve, reject) => {
          const child = spawnKubectl(version, args, o.namespace, o.cwd, "pipe");
          let stdout = "";
          let stderr = "";
          child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
          child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
          const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 60_000);
          child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
          });
          child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
          });
          child.stdin!.end(o.stdin ?? "");
        });
      } finally {
        release();
      }
    },
    background(version, args, o = {}) {
      const child = spawnKubectl(version, args, o.namespace, o.cwd, "ignore");
      let out = "";
      let err = "";
      const listeners = new Set<() => void>();
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        for (const l of [...listeners]) l();
      });
      child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
      return {
        stdout: () => out,
        stderr: () => err,
        exited,
        waitFor(re, timeoutMs = 30_000) {
          return new Promise<void>((resolve, reject) => {
            const check = () => {
              if (!re.test(out)) return;
              listeners.delete(check);
              clearTimeout(timer);
              resolve();
            };
            const timer = setTimeout(() => {
              listeners.delete(check);
              reject(new Error(`kubectl ${args.join(" ")}: stdout never matched ${re}\n--- stdout\n${out}--- stderr\n${err}`));
            }, timeoutMs);
            listeners.add(check);
            check();
          });
        },
        async stop() {
          child.kill("SIGTERM");
          return exited;
        },
      };
    },
    async namespace(name) {
      await loopback.create(nsRef, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
      // the serviceaccount controller creates "default" asynchronously (a fake clock does not hold it up)
      for (let i = 0; ; i++) {
        try {
          await loopback.get(saRef, name, "default");
          return;
        } catch (e) {
          if (i >= 200) throw new Error(`namespace ${name}: its default ServiceAccount never appeared (${String(e)})`);
          await new Promise((r) => setTimeout(r, 10));
        }
      }
    },
    watchStarted(path, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const seen = () => {
        const entries = cluster.trace.entries();
        const requests = new Set(entries.filter((e) => e.action === "authentication" && e.detail?.startsWith(`GET ${path} `)).map((e) => e.cause));
        return entries.some((e) => e.action === "authorization" && e.verdict === "allowed" && e.detail?.startsWith("watch ") && requests.has(e.cause));
      };
      return new Promise<void>((resolve, reject) => {
        const poll = () => {
          if (seen()) return resolve();
          if (Date.now() > deadline) return reject(new Error(`no watch on ${path} within ${timeoutMs}ms`));
          setTimeout(poll, 20);
        };
        poll();
      });
    },
    async close() {
      cluster.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `kubectl version --client` of a binary, e.g. "v1.27.16" (for messages) */
export function clientVersion(version: KubectlVersion): Promise<string> {
  return new Promise((resolve) => {
    execFile(kubectlBinary(version), ["version", "--client", "-o", "json"], (err, out) => {
      if (err) return resolve("unknown");
      try {
        resolve((JSON.parse(out) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion);
      } catch {
        resolve("unknown");
      }
    });
  });
}
