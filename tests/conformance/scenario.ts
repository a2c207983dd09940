/**
 * The scenario format: a named list of kubectl invocations with the exact output expected.
 * Adding a scenario is a few lines in ./scenarios.ts:
 *
 *   { name: "get pod nope", steps: [{ args: ["get", "pod", "nope"], code: 1,
 *       stderr: 'Error from server (NotFound): pods "nope" not found\n' }] }
 *
 * Expectations are exact strings, regular expressions, or per-version maps
 * (`{ "1.27": "...", default: "..." }`) where kubectl itself prints differently.
 */
import { expect } from "vitest";
import type { ConformanceCluster, KubectlVersion, RunResult } from "./harness";

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

export interface Scenario {
  name: string;
  /** files written to the working directory before the steps run */
  files?: Record<string, string>;
  /** restrict to some client versions */
  only?: KubectlVersion[];
  steps: Step[];
  /** a free-form flow after the steps (background processes, interleavings) */
  run?: (c: ConformanceCluster, version: KubectlVersion) => Promise<void>;
}

function pick(e: VersionedExpect, version: KubectlVersion): Expect {
  if (typeof e === "string" || e instanceof RegExp) return e;
  return e[version] ?? e.default;
}

function assertOutput(what: string, actual: string, e: VersionedExpect | undefined, version: KubectlVersion, context: string): void {
  if (e === undefined) return;
  const want = pick(e, version);
  if (typeof want === "string") expect(actual, `${what} of ${context}`).toBe(want);
  else expect(actual, `${what} of ${context}`).toMatch(want);
}

export async function runScenario(c: ConformanceCluster, version: KubectlVersion, s: Scenario): Promise<void> {
  for (const [name, content] of Object.entries(s.files ?? {})) c.file(name, content);
  for (const step of s.steps) {
    const r = await c.kubectl(version, step.args, { stdin: step.stdin });
    const context = `kubectl ${step.args.join(" ")} (${version})\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
    expect(r.code, `exit code of ${context}`).toBe(step.code ?? 0);
    assertOutput("stdout", r.stdout, step.stdout, version, context);
    assertOutput("stderr", r.stderr, step.stderr, version, context);
    step.check?.(r, version);
  }
  await s.run?.(c, version);
}
