/**
 * Starts the real platform (`node scripts/start.mjs`, the same command as `npm start`) as a child
 * process on a free port with its own data folder, and stops it with SIGTERM. Used by tests that
 * must restart the server against the same database; playwright.config.ts's webServer uses the
 * same script for the shared server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A free TCP port, synchronously (asked of the OS in a short child process) — for config code. */
export function freePort(): number {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = spawnSync(
    process.execPath,
    ["-e", "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"],
    { encoding: "utf8", env },
  );
  const port = Number(out.stdout.trim());
  if (!port) throw new Error(`could not find a free port: ${out.stderr}`);
  return port;
}

/** A free TCP port (for tests). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function tempDataDir(prefix = "kubelab-e2e-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The environment for a platform whose data (SQLite file + auth secret) lives in `dataDir`. */
export function platformEnv(port: number, dataDir: string): Record<string, string> {
  return {
    PORT: String(port),
    DATABASE_URL: `file:${path.join(dataDir, "kubelab.db")}`,
    KUBELAB_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

export interface RunningPlatform {
  baseURL: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startPlatform(opts: { port: number; dataDir: string; timeoutMs?: number }): Promise<RunningPlatform> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env: { ...process.env, ...platformEnv(opts.port, opts.dataDir) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseURL = `http://localhost:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`platform did not become ready:\n${log}`);
    }
    ready = await fetch(`${baseURL}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseURL,
    output: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
