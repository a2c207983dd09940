/**
 * Every exercise in content/: a fresh sandbox in the lesson's starting state scores the declared
 * starting score; applying the reference solution with the real kubectl reaches each declared
 * partial score and finally full marks. Clusters run on a FakeClock (time advances explicitly).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../../lib/content/discover";
import { checkExerciseContent } from "../../lib/grading";
import { explain, gradeEventually, gradeNow, runSolution, startInState } from "./sandbox-runner";

const root = path.resolve(import.meta.dirname, "../../content");
const content = await checkExerciseContent(root);
const discovery = await discover(root);
const lessonsByFile = new Map(discovery.courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.map((l) => [l.file, l] as const))));

describe("exercise content", () => {
  it("validates (checks, solutions, points) and has at least 6 graded exercises", () => {
    expect(content.errors.map(String)).toEqual([]);
    expect(discovery.errors.map(String)).toEqual([]);
    expect(content.exerciseCount).toBeGreaterThanOrEqual(6);
  });
});

for (const lesson of content.lessons) {
  const rel = path.relative(root, lesson.file);
  describe(rel, () => {
    for (const ex of lesson.exercises) {
      it(
        `${ex.id}: starting state scores ${ex.startingScore}/${ex.total}, the solution scores full marks`,
        { timeout: 180_000 },
        async () => {
          const steps = lesson.solutions.get(ex.id);
          expect(steps, `no solution for ${ex.id}`).toBeDefined();
          const live = await startInState(lessonsByFile.get(lesson.file)?.sandbox);
          try {
            const start = await gradeNow(live, ex);
            expect(start.score, explain(start)).toBe(ex.startingScore);
            expect(start.total).toBe(ex.total);
            const partials: Array<[number, number, string]> = [];
            await runSolution(live, ex, steps ?? [], (want, got) => partials.push([want, got.score, explain(got)]));
            for (const [want, got, why] of partials) expect(got, why).toBe(want);
            const end = await gradeEventually(live, ex);
            expect(end.score, explain(end)).toBe(ex.total);
            expect(end.passed).toBe(true);
            for (const c of end.checks) expect(c.message).not.toMatch(/kubectl|apiVersion/);
          } finally {
            await live.close();
          }
        },
      );
    }
  });
}
