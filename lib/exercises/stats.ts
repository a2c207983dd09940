/**
 * Instructor statistics over exercise records: per exercise, how many learners tried it, their average
 * best score and how many passed. Learners only (role "learner"); one grouped query each.
 */
import type { Db } from "../db/client";

export interface ExerciseAverage {
  exerciseId: string;
  learners: number;
  /** mean of the learners' best scores (not rounded) */
  averageBest: number;
  passed: number;
}

export async function getExerciseAverages(db: Db): Promise<Map<string, ExerciseAverage>> {
  const learners = { user: { role: "learner" } };
  const [all, passed] = await Promise.all([
    db.exerciseResult.groupBy({ by: ["exerciseId"], where: learners, _avg: { bestScore: true }, _count: { _all: true } }),
    db.exerciseResult.groupBy({ by: ["exerciseId"], where: { ...learners, passedAt: { not: null } }, _count: { _all: true } }),
  ]);
  const passedBy = new Map(passed.map((p) => [p.exerciseId, p._count._all]));
  return new Map(
    all.map((g) => [
      g.exerciseId,
      { exerciseId: g.exerciseId, learners: g._count._all, averageBest: g._avg.bestScore ?? 0, passed: passedBy.get(g.exerciseId) ?? 0 },
    ]),
  );
}
