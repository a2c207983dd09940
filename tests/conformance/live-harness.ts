/**
 * A live embedded cluster (scheduler, controllers, kubelets, networking) on a FakeClock, served
 * over HTTPS to the real kubectl. Cluster time moves only when a test says so:
 * `advance(ms)` steps the clock and lets every component settle; `kubectlWhile(...)` runs a
 * command that waits on the cluster (rollout status, wait) while the clock steps underneath it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../lib/kube/clock";
import { seededRandom } from "../../lib/kube/client";
import { createCluster, type Cluster } from "../../lib/kube/cluster";
import { sharedServingCertificate } from "../../lib/kube/pki";
import { kubectlBinary, type KubectlVersion } from "./harness";

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface LiveCluster {
  cluster: Cluster;
  clock: FakeClock;
  dir: string;
  kubectl(...args: string[]): Promise<Result>;
  /** runs kubectl with `input` on stdin */
  kubectlInput(input: string, ...args: string[]): Promise<Result>;
  /** runs kubectl while cluster time advances in `stepMs` steps (up to `maxMs` of cluster time) */
  kubectlWhile(opts: { stepMs?: number; maxMs?: number }, ...args: string[]): Promise<Result>;
  /** advances cluster time in steps of at most 100 ms, settling the components after each */
  advance(ms: number): Promise<void>;
  write(name: string, content: string): string;
  close(): Promise<void>;
}

export async function startLiveCluster(opts: { nodes?: number; version?: KubectlVersion } = {}): Promise<LiveCluster> {
  const binary = kubectlBinary(opts.version ?? "default");
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  const { ca, server: cert } = await sharedServingCertificate();
  // idle: false — cluster time moves here only while a test drives it and looks, often without a
  // request for minutes of cluster time; parking is covered by lib/kube/cluster/idle.test.ts
  const cluster = await createCluster({ token: "live-token", clock, nodes: opts.nodes ?? 3, caPem: ca.certPem, components: true, random: seededRandom(11), idle: false });
  await cluster.settle();
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => cluster.handle(req, res));
  server.on("upgrade", (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "kubelab-live-"));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(join(dir, "config"), cluster.kubeconfig(url, ca.certPem), { mode: 0o600 });

  const run = (input: string | undefined, args: string[]) =>
    new Promise<Result>((resolve) => {
      const child = execFile(binary, ["--kubeconfig", join(dir, "config"), "--cache-dir", join(dir, "cache"), ...args], { timeout: 60_000, cwd: dir }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
      );
      if (input !== undefined) child.stdin?.end(input);
    });

  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= 100) {
      clock.advance(Math.min(100, left));
      await cluster.settle();
    }
  };

  return {
    cluster,
    clock,
    dir,
    kubectl: (...args) => run(undefined, args),
    kubectlInput: (input, ...args) => run(input, args),
    async kubectlWhile({ stepMs = 100, maxMs = 120_000 }, ...args) {
      let done = false;
      const p = run(undefined, args).finally(() => (done = true));
      for (let t = 0; !done && t < maxMs; t += stepMs) {
        clock.advance(stepMs);
        await cluster.settle();
        await new Promise((r) => setTimeout(r, 5));
      }
      return p;
    },
    advance,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      cluster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** the rows of a `kubectl get` table, split on runs of spaces */
export function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.trim().split(/\s{2,}/));
}
