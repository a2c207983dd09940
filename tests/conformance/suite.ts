/**
 * Declares the vitest suite of one kubectl version against its own fresh cluster:
 *
 * - scenarios without a namespace (cluster-wide reads such as `get ns`) run first, one at a time;
 * - then every namespaced scenario runs concurrently (vitest's maxConcurrency, and the harness'
 *   limit on kubectl processes, keep the machine responsive).
 *
 * Several suites in one file run concurrently with each other (each has its own cluster).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { kubectlBinary, startConformanceCluster, type ConformanceCluster, type KubectlVersion } from "./harness";
import { runScenario, type Scenario } from "./scenario";

/** per scenario, including waiting for a process slot */
const SCENARIO_TIMEOUT_MS = 240_000;

export function suiteTitle(version: KubectlVersion): string {
  return `kubectl ${version === "default" ? "(dispatcher → 1.33)" : version}`;
}

/** throws when two scenarios share a name or a namespace (they would interfere) */
export function checkScenarios(scenarios: readonly Scenario[]): void {
  const names = new Set<string>();
  const namespaces = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`duplicate scenario name: ${s.name}`);
    names.add(s.name);
    if (!s.namespace) continue;
    if (namespaces.has(s.namespace)) throw new Error(`scenarios share namespace ${s.namespace}: ${s.name}`);
    namespaces.add(s.namespace);
  }
}

export function conformanceSuite(version: KubectlVersion, scenarios: readonly Scenario[]): void {
  const selected = scenarios.filter((s) => !s.only || s.only.includes(version));
  checkScenarios(selected);
  const clusterWide = selected.filter((s) => !s.namespace);
  const namespaced = selected.filter((s) => s.namespace);

  describe.concurrent(suiteTitle(version), () => {
    let c: ConformanceCluster;
    // cluster-wide scenarios chain on this, one after the other; vitest starts concurrent tests in
    // declaration order, so by the time a namespaced one starts, every cluster-wide one that runs
    // (with -t filters, maybe none) is already on the chain
    let exclusive = Promise.resolve();

    beforeAll(async () => {
      kubectlBinary(version);
      c = await startConformanceCluster();
    });
    afterAll(async () => c?.close());

    for (const s of clusterWide) {
      it(
        s.name,
        async () => {
          const turn = exclusive.then(() => runScenario(c, version, s));
          exclusive = turn.catch(() => undefined);
          await turn;
        },
        SCENARIO_TIMEOUT_MS,
      );
    }
    for (const s of namespaced) {
      it(
        s.name,
        async () => {
          await exclusive;
          await runScenario(c, version, s);
        },
        SCENARIO_TIMEOUT_MS,
      );
    }
  });
}
