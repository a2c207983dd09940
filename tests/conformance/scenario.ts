/**
 * The scenario format: a named list of kubectl invocations with the exact output expected.
 * Adding a scenario is a few lines in ./scenarios.ts:
 *
 *   { name: "get pod nope", steps: [{ args: ["get", "pod", "nope"], code: 1,
 *       stderr: 'Error from server (NotFound): pods "nope" not found\n' }] }
 *
 * Expectations are exact strings, regular expressions, or per-version maps
 * (`{ "1.27": "...", default: "..." }`) where kubectl itself prints differently; a key may also
 * be a range such as "<=1.29" or ">=1.30" (the dispatcher, "default", counts as the server's minor).
 *
 * Isolation: a scenario with `namespace` gets that namespace created for it and runs every
 * kubectl with it as the context namespace, in a folder of its own, so such scenarios run
 * concurrently. Scenarios without one read or write cluster-wide state and run first, one at a
 * time. `core` scenarios run on every installed kubectl; the rest on 1.33 only.
 */
import { expect } from "vitest";
import { join } from "node:path";
import type { Background, ConformanceCluster, KubectlOptions, KubectlVersion, RunResult } from "./harness";

export type Expect = string | RegExp;
export type VersionedExpect = Expect | ({ default: Expect } & Partial<Record<string, Expect>>);

export interface Step {
  args: string[];
  stdin?: string;
  /** expected exit code (default 0) */
  code?: number;
  stdout?: VersionedExpect;
  stderr?: VersionedExpect;
  /** extra checks on the result */
  check?: (r: RunResult, version: KubectlVersion) => void;
}

/** a scenario's view of the cluster: kubectl in its namespace and folder */
export interface ScenarioContext {
  namespace?: string;
  dir: string;
  kubectl(args: string[], opts?: Omit<KubectlOptions, "namespace" | "cwd">): Promise<RunResult>;
  background(args: string[]): Background;
}

export interface Scenario {
  name: string;
  /** run on every installed kubectl (1.27 … 1.33 and the dispatcher), not only on 1.33 */
  core?: boolean;
  /** a namespace of its own (created before the steps); without one the scenario runs alone */
  namespace?: string;
  /** files written to the working directory before the steps run */
  files?: Record<string, string>;
  /** restrict to some client versions */
  only?: KubectlVersion[];
  steps: Step[];
  /** a free-form flow after the steps (background processes, interleavings) */
  run?: (c: ConformanceCluster, version: KubectlVersion, s: ScenarioContext) => Promise<void>;
}

/** the server's minor: what the dispatcher ("default") runs */
export const SERVER_MINOR = 33;

export function minorOf(version: KubectlVersion): number {
  return version === "default" ? SERVER_MINOR : Number(version.split(".")[1]);
}

function pick(e: VersionedExpect, version: KubectlVersion): Expect {
  if (typeof e === "string" || e instanceof RegExp) return e;
  const exact = e[version];
  if (exact !== undefined) return exact;
  const minor = minorOf(version);
  for (const [key, value] of Object.entries(e)) {
    const m = /^(<=|>=)1\.(\d+)$/.exec(key);
    if (!m || value === undefined) continue;
    if (m[1] === "<=" ? minor <= Number(m[2]) : minor >= Number(m[2])) return value;
  }
  return e.default;
}

function assertOutput(what: string, actual: string, e: VersionedExpect | undefined, version: KubectlVersion, context: string): void {
  if (e === undefined) return;
  const want = pick(e, version);
  if (typeof want === "string") expect(actual, `${what} of ${context}`).toBe(want);
  else expect(actual, `${what} of ${context}`).toMatch(want);
}

function folderName(s: Scenario): string {
  return `s-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 60)}`;
}

export async function runScenario(c: ConformanceCluster, version: KubectlVersion, s: Scenario): Promise<void> {
  if (s.namespace) await c.namespace(s.namespace);
  const folder = folderName(s);
  const dir = join(c.dir, folder);
  c.file(join(folder, ".keep"), "");
  for (const [name, content] of Object.entries(s.files ?? {})) c.file(join(folder, name), content);
  const ctx: ScenarioContext = {
    namespace: s.namespace,
    dir,
    kubectl: (args, o = {}) => c.kubectl(version, args, { ...o, namespace: s.namespace, cwd: dir }),
    background: (args) => c.background(version, args, { namespace: s.namespace, cwd: dir }),
  };
  for (const step of s.steps) {
    const r = await ctx.kubectl(step.args, { stdin: step.stdin });
    const context = `kubectl ${step.args.join(" ")} (${version})\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
    expect(r.code, `exit code of ${context}`).toBe(step.code ?? 0);
    assertOutput("stdout", r.stdout, step.stdout, version, context);
    assertOutput("stderr", r.stderr, step.stderr, version, context);
    step.check?.(r, version);
  }
  await s.run?.(c, version, ctx);
}
