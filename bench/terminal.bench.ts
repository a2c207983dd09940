/**
 * The learner's terminal (issue 6): round trip of `kubectl get pods` typed into the terminal,
 * measured from outside — a WebSocket client against the platform's HTTP server with the terminal
 * route, the real kubectl process, and an embedded cluster served over HTTPS. From sending the
 * keystrokes to receiving the next prompt.
 */
import { basename } from "node:path";
import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { createPlatformServer } from "../server/http";
import { terminalRoute } from "../server/routes/terminal";
import { findKubectl, PROMPT } from "../lib/terminal/index";
import { startConformanceCluster } from "../tests/conformance/harness";
import { nowMs, percentile, round, type BenchResult } from "./lib";

const SAMPLES = 40;
const WARMUP = 3;

/** how long the bare kubectl binary takes to start and exit (no terminal, no request) */
async function bareStartup(kubectlPath: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = nowMs();
    await new Promise<void>((r) =>
      execFile(
        kubectlPath,
        ["version", "--client"],
        { env: { PATH: "/nonexistent", HOME: tmpdir() } as Record<string, string> as NodeJS.ProcessEnv },
        () => r(),
      ),
    );
    samples.push(nowMs() - t0);
  }
  return percentile(
    samples.sort((a, b) => a - b),
    50,
  );
}

async function roundTrips(kubectlPath: string, label: string): Promise<BenchResult[]> {
  const cc = await startConformanceCluster({ nodes: 3 });
  const workspace = mkdtempSync(join(tmpdir(), "kubelab-bench-terminal-"));
  const route = terminalRoute({
    kubectlPath,
    resolve: async () => ({ sandboxId: "bench", workspaceDir: workspace, kubeconfigPath: cc.kubeconfigPath }),
  });
  const server = createPlatformServer({ routes: [route], fallback: (_q, r) => void r.writeHead(404).end(), trustProxy: false });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // a few pods to list
    for (let i = 0; i < 5; i++) {
      await cc.cluster.apiServer.loopback.create({ group: "", version: "v1", resource: "pods" }, "default", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: `web-${i}`, namespace: "default" },
        spec: { containers: [{ name: "web", image: "nginx" }] },
      });
    }
    const sock = new WebSocket(`ws://${host}/api/sandboxes/bench/terminal`, { headers: { origin: `http://${host}` } });
    let out = "";
    let waiter: (() => void) | undefined;
    sock.on("message", (d) => {
      out += (JSON.parse(d.toString()) as { data: string }).data;
      waiter?.();
    });
    await new Promise<void>((r, j) => {
      sock.once("open", () => r());
      sock.once("error", j);
    });
    const waitPrompt = (from: number) =>
      new Promise<void>((r) => {
        const check = () => {
          if (out.indexOf("\n" + PROMPT, from) >= 0 || (from === 0 && out.startsWith(PROMPT))) {
            waiter = undefined;
            r();
          }
        };
        waiter = check;
        check();
      });
    await waitPrompt(0);
    const typed = async (line: string) => {
      const from = out.length;
      const t0 = nowMs();
      sock.send(JSON.stringify({ type: "input", data: line + "\r" }));
      await waitPrompt(from);
      return nowMs() - t0;
    };
    const builtin: number[] = [];
    for (let i = 0; i < 50; i++) builtin.push(await typed("ls"));
    const samples: number[] = [];
    let sawPods = true;
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const from = out.length;
      const t0 = nowMs();
      sock.send(JSON.stringify({ type: "input", data: "kubectl get pods\r" }));
      await waitPrompt(from);
      const dt = nowMs() - t0;
      if (!out.slice(from).includes("web-4")) sawPods = false;
      if (i >= WARMUP) samples.push(dt);
    }
    sock.close();
    if (!sawPods) throw new Error(`kubectl get pods did not list the pods:\n${out.slice(-2000)}`);
    const s = [...samples].sort((a, b) => a - b);
    const p95 = percentile(s, 95);
    const startup = await bareStartup(kubectlPath);
    return [
      {
        name: `terminal round trip of a builtin (\`ls\`, no process; p95 of 50)`,
        value: round(
          percentile(
            builtin.sort((a, b) => a - b),
            95,
          ),
          2,
        ),
        unit: "ms",
        note: "the terminal's own overhead",
      },
      {
        name: `bare \`kubectl version --client\` start-up, outside the terminal (${label}, p50)`,
        value: round(startup, 1),
        unit: "ms",
        note: "process start of the Go binary on this machine",
      },
      { name: `terminal round trip of \`kubectl get pods\` (${label}, p50 of ${SAMPLES})`, value: round(percentile(s, 50), 1), unit: "ms" },
      {
        name: `terminal round trip of \`kubectl get pods\` (${label}, p95)`,
        value: round(p95, 1),
        unit: "ms",
        goal: "< 150 ms incl. the kubectl process",
        ok: p95 < 150,
        note: `${os.loadavg()[0]!.toFixed(1)} load average on ${os.cpus().length} cores during the run`,
      },
    ];
  } finally {
    route.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await cc.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  // what the platform runs (server/main.ts): kubectl on PATH, or its kubectl.1.33 sibling beside a dispatcher
  const chosen = findKubectl(process.env.PATH, 33);
  if (!chosen) throw new Error("kubectl is not installed: this benchmark runs the real kubectl");
  const results = await roundTrips(chosen, `the kubectl the platform runs, ${basename(chosen)}`);
  const onPath = findKubectl();
  if (onPath && onPath !== chosen) results.push(...(await roundTrips(onPath, "plain kubectl on PATH: a version dispatcher, for comparison")));
  return results;
}
