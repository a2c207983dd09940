/**
 * Drives a live embedded cluster (tests/conformance/live-harness.ts: FakeClock, real kubectl) into a
 * lesson's starting state and through an exercise's reference solution, grading as it goes.
 */
import { stringify } from "yaml";
import type { LessonSandbox } from "../../lib/content";
import { embeddedTarget, grade, type Exercise, type GradeResult, type SolutionStep } from "../../lib/grading";
import { startLiveCluster, type LiveCluster } from "../conformance/live-harness";

/** a live cluster in the lesson's starting state: manifests applied with kubectl, faults injected, 30 s settled */
export async function startInState(sandbox: LessonSandbox | undefined): Promise<LiveCluster> {
  const live = await startLiveCluster({ nodes: sandbox?.nodes ?? 3 });
  try {
    if (sandbox && sandbox.objects.length > 0) {
      const yaml = sandbox.objects.map((o) => stringify(o)).join("---\n");
      const r = await live.kubectlInput(yaml, "apply", "-f", "-");
      if (r.code !== 0) throw new Error(`starting manifests: kubectl apply failed: ${r.stderr}`);
    }
    for (const f of sandbox?.faults ?? []) live.cluster.components?.fleet?.stopKubelet(f.stopNode);
    await live.advance(30_000);
    return live;
  } catch (e) {
    await live.close();
    throw e;
  }
}

/** grades once, at the current cluster time ("eventually" checks are not waited for) */
export function gradeNow(live: LiveCluster, ex: Exercise): Promise<GradeResult> {
  return grade(ex, embeddedTarget(live.cluster));
}

/** grades letting cluster time pass for "eventually" checks */
export function gradeEventually(live: LiveCluster, ex: Exercise): Promise<GradeResult> {
  return grade(ex, embeddedTarget(live.cluster, { wait: (ms) => live.advance(ms) }));
}

export function explain(r: GradeResult): string {
  return r.checks.map((c) => `${c.passed ? "✓" : "✗"} ${c.id} (${c.earned}/${c.points}): ${c.message}`).join("\n");
}

/** runs the steps; `onScore` is called for every `score:` step with the expected and the actual result */
export async function runSolution(
  live: LiveCluster,
  ex: Exercise,
  steps: SolutionStep[],
  onScore: (expected: number, actual: GradeResult) => void,
): Promise<void> {
  for (const step of steps) {
    if ("kubectl" in step) {
      const r = await live.kubectlWhile({ maxMs: 120_000 }, ...step.kubectl);
      if (r.code !== 0) throw new Error(`kubectl ${step.kubectl.join(" ")} failed (${r.code}): ${r.stderr}`);
    } else if ("apply" in step) {
      const r = await live.kubectlInput(step.apply, "apply", "-f", "-");
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    } else if ("advance" in step) {
      await live.advance(step.advance * 1000);
    } else {
      onScore(step.score, await gradeNow(live, ex));
    }
  }
}
