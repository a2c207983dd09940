/**
 * Runs one kubectl process for the terminal with its limits: a minimal environment (nothing from the
 * server's own environment), the workspace as working directory, a time limit (long for streaming
 * commands), an output limit, and Ctrl-C (SIGINT, then SIGKILL if it lingers).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { KubectlPlan } from "./kubectl-policy";
import type { Spawner } from "./spawner";

export interface TerminalLimits {
  /** time limit of an ordinary command */
  timeoutMs: number;
  /** time limit of streaming/interactive commands (logs -f, get -w, exec -it) and of `watch` */
  longTimeoutMs: number;
  /** output limit of one command (bytes); interactive commands get 8 times as much */
  maxOutputBytes: number;
}

export const DEFAULT_LIMITS: TerminalLimits = { timeoutMs: 30_000, longTimeoutMs: 10 * 60_000, maxOutputBytes: 1024 * 1024 };

/** PATH given to kubectl: nothing, so kubectl can't find plugins, git, diff or editors */
export const KUBECTL_PATH_ENV = "/nonexistent/kubelab-no-programs";

export const KUBECTL_MISSING_MESSAGE =
  "kubectl is not installed on this server, so the terminal can't run it (the rest of Kubelab works).\n" +
  "To enable it, install kubectl on the server (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/,\n" +
  "e.g. `apt-get install kubectl` from the Kubernetes apt repository, or the Google Cloud CLI's kubectl package),\n" +
  "make sure it is on the server's PATH, and restart Kubelab.\n";

export interface RunOptions {
  spawner: Spawner;
  kubectlPath: string;
  plan: KubectlPlan;
  workspaceDir: string;
  kubeconfigPath: string;
  limits: TerminalLimits;
  cols: number;
  rows: number;
  /** output for the terminal ("\r\n" line ends in pipe mode; control characters made visible) */
  onOutput(data: string): void;
}

export type RunOutcome =
  | { kind: "exit"; code: number | null }
  | { kind: "interrupted" }
  | { kind: "timeout" }
  | { kind: "truncated" }
  | { kind: "failed"; message: string };

export interface RunHandle {
  done: Promise<RunOutcome>;
  /** Ctrl-C */
  interrupt(): void;
  /** stop now (session closed) */
  kill(): void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
}

/** the environment kubectl runs with — complete, nothing inherited */
export function kubectlEnv(workspaceDir: string, kubeconfigPath: string): Record<string, string> {
  const home = join(workspaceDir, ".home");
  return {
    PATH: KUBECTL_PATH_ENV,
    HOME: home,
    KUBECONFIG: kubeconfigPath,
    KUBECACHEDIR: join(home, ".kube", "cache"),
    TERM: "xterm-256color",
  };
}

/** C0 control characters but tab and newline, and DEL: what must not reach a terminal raw */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** makes escape sequences and other control characters in piped output visible instead of active */
export function sanitizePipeOutput(s: string): string {
  return s
    .replace(CONTROL_CHARS, (ch) => (ch === "\r" ? "" : `^${String.fromCharCode(ch.charCodeAt(0) ^ 0x40)}`))
    .replace(/\n/g, "\r\n");
}

export function runKubectl(opts: RunOptions): RunHandle {
  const env = kubectlEnv(opts.workspaceDir, opts.kubeconfigPath);
  try {
    mkdirSync(env.KUBECACHEDIR!, { recursive: true });
  } catch {
    /* kubectl reports it */
  }
  const pty = opts.plan.mode === "pty";
  const proc = opts.spawner.spawn({
    file: opts.kubectlPath,
    args: opts.plan.args,
    cwd: opts.workspaceDir,
    env,
    pty: pty ? { cols: opts.cols, rows: opts.rows } : undefined,
  });
  const limit = pty ? opts.limits.maxOutputBytes * 8 : opts.limits.maxOutputBytes;
  let bytes = 0;
  let reason: RunOutcome | undefined;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = (why: RunOutcome, signal: NodeJS.Signals) => {
    reason ??= why;
    proc.kill(signal);
    killTimer ??= setTimeout(() => proc.kill("SIGKILL"), 2000);
  };
  const timer = setTimeout(() => stop({ kind: "timeout" }, "SIGTERM"), opts.plan.long ? opts.limits.longTimeoutMs : opts.limits.timeoutMs);
  proc.onOutput((data) => {
    if (reason?.kind === "truncated") return;
    const size = Buffer.byteLength(data);
    if (bytes + size > limit) {
      const room = Math.max(0, limit - bytes);
      const part = Buffer.from(data).subarray(0, room).toString("utf8");
      bytes = limit;
      if (part) opts.onOutput(pty ? part : sanitizePipeOutput(part));
      stop({ kind: "truncated" }, "SIGTERM");
      return;
    }
    bytes += size;
    opts.onOutput(pty ? data : sanitizePipeOutput(data));
  });
  const done = new Promise<RunOutcome>((resolve) => {
    proc.onExit((info) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (info.error) {
        const missing = (info.error as NodeJS.ErrnoException).code === "ENOENT";
        resolve({ kind: "failed", message: missing ? KUBECTL_MISSING_MESSAGE : `kubectl could not be started: ${info.error.message}\n` });
        return;
      }
      resolve(reason ?? { kind: "exit", code: info.code });
    });
  });
  return {
    done,
    interrupt: () => (pty ? proc.write("\x03") : stop({ kind: "interrupted" }, "SIGINT")),
    kill: () => stop({ kind: "interrupted" }, "SIGKILL"),
    write: (d) => {
      if (pty) proc.write(d);
    },
    resize: (c, r) => {
      if (pty) proc.resize(c, r);
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
  };
}

/** the message printed after a run that did not simply exit */
export function outcomeMessage(o: RunOutcome, limits: TerminalLimits, long: boolean): string {
  switch (o.kind) {
    case "timeout":
      return `[stopped: a command may run for at most ${Math.round((long ? limits.longTimeoutMs : limits.timeoutMs) / 1000)} s here]\n`;
    case "truncated":
      return `[output cut at ${Math.round(limits.maxOutputBytes / 1024)} KiB: narrow it down, e.g. with a name, -l <selector> or -o name]\n`;
    case "failed":
      return o.message;
    default:
      return "";
  }
}
