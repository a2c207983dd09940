/**
 * The process-wide SandboxManager (one per server process), reached only from server/ code —
 * Next bundles its own module instances, so app/ code talks to sandboxes through the HTTP routes.
 *
 *   const manager = sandboxManager();   // throws before the server configured it
 */
import { getLessonSandbox } from "../lib/content/index";
import type { Db } from "../lib/db/client";
import { SandboxManager, type SandboxLimits, type StartingState } from "../lib/sandbox/index";

let current: SandboxManager | undefined;

/** The running server's manager. Throws when sandboxes are not configured (e.g. in a unit test without a server). */
export function sandboxManager(): SandboxManager {
  if (!current) throw new Error("sandboxes are not configured in this process (server/main.ts start() does it)");
  return current;
}

export function hasSandboxManager(): boolean {
  return current !== undefined;
}

/** A lesson's starting state from its `sandbox:` block (a plain 3-node cluster without one). */
export async function lessonStartingState(lessonId: string): Promise<StartingState> {
  const block = await getLessonSandbox(lessonId);
  return { lessonId, nodes: block?.nodes ?? 3, objects: block?.objects ?? [], faults: block?.faults ?? [] };
}

export interface SandboxSetup {
  db: Db;
  dataDir: string;
  caPem: string;
  apiBase: () => string;
  idleMinutes: number;
  limits?: Partial<SandboxLimits>;
  /** fresh clusters kept ready for first visits (default 2) */
  warmPool?: number;
}

/** Creates the process-wide manager (replacing a previous one, which must have been shut down). */
export function configureSandboxes(setup: SandboxSetup): SandboxManager {
  current = new SandboxManager({
    db: setup.db,
    dataDir: setup.dataDir,
    caPem: setup.caPem,
    apiBase: setup.apiBase,
    idleMs: setup.idleMinutes * 60_000,
    warmPool: setup.warmPool ?? 2,
    limits: setup.limits,
    resolveStartingState: lessonStartingState,
  });
  void current.warmUp();
  return current;
}

/** Snapshots every live sandbox and forgets the manager (server shutdown). */
export async function shutdownSandboxes(): Promise<void> {
  const m = current;
  current = undefined;
  await m?.shutdown();
}
