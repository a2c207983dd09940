/**
 * A scripted Spawner for tests: records every spawn request and lets the test produce output and
 * exits. Not used in production.
 */
import type { ExitInfo, SpawnedProcess, SpawnRequest, Spawner } from "./spawner";

export interface FakeProcess {
  req: SpawnRequest;
  /** data written to it (pty keystrokes) */
  written: string[];
  resized: [number, number][];
  killed: string[];
  paused: boolean;
  emit(data: string): void;
  exit(code?: number | null, signal?: string | null, error?: Error): void;
  readonly exited: boolean;
}

export interface FakeSpawner extends Spawner {
  spawned: FakeProcess[];
  /** called for each spawn (e.g. to answer at once) */
  onSpawn?: (p: FakeProcess) => void;
}

export function fakeSpawner(onSpawn?: (p: FakeProcess) => void): FakeSpawner {
  const spawner: FakeSpawner = {
    spawned: [],
    onSpawn,
    spawn(req: SpawnRequest): SpawnedProcess {
      const outputCbs: ((d: string) => void)[] = [];
      const exitCbs: ((i: ExitInfo) => void)[] = [];
      let exited: ExitInfo | undefined;
      const p: FakeProcess = {
        req,
        written: [],
        resized: [],
        killed: [],
        paused: false,
        emit(data) {
          if (!exited) for (const cb of outputCbs) cb(data);
        },
        exit(code = 0, signal = null, error) {
          if (exited) return;
          exited = { code, signal, error };
          for (const cb of exitCbs) cb(exited);
        },
        get exited() {
          return exited !== undefined;
        },
      };
      spawner.spawned.push(p);
      const proc: SpawnedProcess = {
        onOutput: (cb) => void outputCbs.push(cb),
        onExit(cb) {
          if (exited) cb(exited);
          else exitCbs.push(cb);
        },
        write: (d) => void p.written.push(d),
        resize: (c, r) => void p.resized.push([c, r]),
        pause: () => void (p.paused = true),
        resume: () => void (p.paused = false),
        kill(signal = "SIGTERM") {
          p.killed.push(signal);
          queueMicrotask(() => p.exit(null, signal));
        },
      };
      queueMicrotask(() => spawner.onSpawn?.(p));
      return proc;
    },
  };
  return spawner;
}
