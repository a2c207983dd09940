/**
 * Starting kubectl. The session asks a `Spawner` for every process it starts, so tests can spy on
 * it (and prove nothing but kubectl is ever started). The default spawner uses
 * `child_process.spawn` with `shell: false` (argv array, no system shell) for ordinary commands and
 * node-pty for interactive ones (`kubectl exec -it`).
 */
import { spawn as spawnChild } from "node:child_process";
import { accessSync, constants, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";

export interface SpawnRequest {
  /** absolute path of the program (always the kubectl binary) */
  file: string;
  args: string[];
  cwd: string;
  /** the complete environment of the child (nothing is inherited) */
  env: Record<string, string>;
  /** run under a pseudo-terminal of this size */
  pty?: { cols: number; rows: number };
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** the process could not be started (e.g. ENOENT) */
  error?: Error;
}

/**
 * A started process. `onOutput` receives stdout and stderr (interleaved, decoded as UTF-8);
 * `onExit` fires exactly once, after the last output.
 */
export interface SpawnedProcess {
  onOutput(cb: (data: string) => void): void;
  onExit(cb: (info: ExitInfo) => void): void;
  /** keystrokes for a pty; ignored otherwise */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** stop reading output (backpressure) / read again */
  pause(): void;
  resume(): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface Spawner {
  spawn(req: SpawnRequest): SpawnedProcess;
}

/**
 * The first executable `kubectl` on `pathEnv` (absolute, symlinks resolved), or undefined.
 * With `preferMinor`, a version-specific sibling `kubectl.1.<minor>` beside it wins: the Google
 * Cloud SDK installs `kubectl` as a dispatcher that first asks the server for its version and then
 * runs the matching `kubectl.1.NN` — an extra request and process start (about 2x the round trip
 * of `kubectl get pods`) for every command the terminal runs.
 */
export function findKubectl(pathEnv: string | undefined = process.env.PATH, preferMinor?: number): string | undefined {
  const executable = (p: string): string | undefined => {
    try {
      accessSync(p, constants.X_OK);
      return realpathSync(p);
    } catch {
      return undefined;
    }
  };
  for (const dir of (pathEnv ?? "").split(delimiter)) {
    if (!dir) continue;
    const found = executable(join(dir, "kubectl"));
    if (!found) continue;
    return (preferMinor !== undefined && executable(join(dirname(found), `kubectl.1.${preferMinor}`))) || found;
  }
  return undefined;
}

type PtyModule = typeof import("node-pty");
let ptyModule: PtyModule | null | undefined;
function loadPty(): PtyModule | null {
  if (ptyModule === undefined) {
    try {
      ptyModule = createRequire(import.meta.url)("node-pty") as PtyModule;
    } catch {
      ptyModule = null;
    }
  }
  return ptyModule;
}

function failed(error: Error): SpawnedProcess {
  let exitCb: ((i: ExitInfo) => void) | undefined;
  queueMicrotask(() => exitCb?.({ code: null, signal: null, error }));
  return {
    onOutput() {},
    onExit(cb) {
      exitCb = cb;
    },
    write() {},
    resize() {},
    pause() {},
    resume() {},
    kill() {},
  };
}

function spawnPipe(req: SpawnRequest): SpawnedProcess {
  const child = spawnChild(req.file, req.args, {
    cwd: req.cwd,
    env: req.env as NodeJS.ProcessEnv,
    shell: false,
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  const outputCbs: ((d: string) => void)[] = [];
  const exitCbs: ((i: ExitInfo) => void)[] = [];
  let exited: ExitInfo | undefined;
  const emit = (d: string) => {
    if (d) for (const cb of outputCbs) cb(d);
  };
  const outDec = new TextDecoder();
  const errDec = new TextDecoder();
  child.stdout!.on("data", (b: Buffer) => emit(outDec.decode(b, { stream: true })));
  child.stderr!.on("data", (b: Buffer) => emit(errDec.decode(b, { stream: true })));
  const finish = (info: ExitInfo) => {
    if (exited) return;
    emit(outDec.decode());
    emit(errDec.decode());
    exited = info;
    for (const cb of exitCbs) cb(info);
  };
  child.on("error", (error) => finish({ code: null, signal: null, error }));
  child.on("close", (code, signal) => finish({ code, signal }));
  return {
    onOutput: (cb) => void outputCbs.push(cb),
    onExit(cb) {
      if (exited) cb(exited);
      else exitCbs.push(cb);
    },
    write() {},
    resize() {},
    pause() {
      child.stdout!.pause();
      child.stderr!.pause();
    },
    resume() {
      child.stdout!.resume();
      child.stderr!.resume();
    },
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

function spawnPty(req: SpawnRequest & { pty: { cols: number; rows: number } }): SpawnedProcess {
  const pty = loadPty();
  if (!pty) return failed(new Error("interactive commands need the node-pty package, which isn't installed on this server"));
  let proc: import("node-pty").IPty;
  try {
    proc = pty.spawn(req.file, req.args, {
      name: req.env.TERM ?? "xterm-256color",
      cols: req.pty.cols,
      rows: req.pty.rows,
      cwd: req.cwd,
      env: req.env,
    });
  } catch (e) {
    return failed(e instanceof Error ? e : new Error(String(e)));
  }
  let exited: ExitInfo | undefined;
  const exitCbs: ((i: ExitInfo) => void)[] = [];
  proc.onExit(({ exitCode, signal }) => {
    exited = { code: exitCode, signal: signal ? String(signal) : null };
    for (const cb of exitCbs) cb(exited);
  });
  return {
    onOutput: (cb) => void proc.onData(cb),
    onExit(cb) {
      if (exited) cb(exited);
      else exitCbs.push(cb);
    },
    write: (d) => proc.write(d),
    resize: (c, r) => {
      try {
        proc.resize(c, r);
      } catch {
        /* exited */
      }
    },
    pause: () => proc.pause(),
    resume: () => proc.resume(),
    kill(signal = "SIGTERM") {
      if (exited) return;
      try {
        proc.kill(signal);
      } catch {
        /* already gone */
      }
    },
  };
}

/** child_process for ordinary commands, node-pty for interactive ones. */
export const defaultSpawner: Spawner = {
  spawn(req) {
    return req.pty ? spawnPty({ ...req, pty: req.pty }) : spawnPipe(req);
  },
};
