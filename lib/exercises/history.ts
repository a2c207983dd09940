/**
 * What the exercise block shows when a lesson loads: the learner's best score and last few attempts,
 * read from the records (so it survives a reload and a server restart).
 *
 * Guarantees: plain JSON data (dates as ISO strings), safe to hand to a client component; never the
 * per-check results' evidence. Exercises the learner has not tried are absent from the result.
 */
import type { Db } from "../db/client";
import { isExercisePassed } from "./gating";

export interface ExerciseHistoryAttempt {
  score: number;
  total: number;
  /** ISO 8601 */
  at: string;
}

export interface ExerciseHistory {
  exerciseId: string;
  bestScore: number;
  total: number;
  /** number of attempts ever */
  attempts: number;
  /** every check passed at least once (or the best score reaches the total) */
  passed: boolean;
  /** ISO 8601 of the last attempt */
  lastAt: string;
  /** newest first, at most `recent` */
  recent: ExerciseHistoryAttempt[];
}

/** the learner's history for `exerciseIds` (by exercise id); one query for the results, one per tried exercise */
export async function getExerciseHistory(
  db: Db,
  userId: string,
  exerciseIds: readonly string[],
  recent = 5,
): Promise<Record<string, ExerciseHistory>> {
  if (exerciseIds.length === 0) return {};
  const results = await db.exerciseResult.findMany({ where: { userId, exerciseId: { in: [...exerciseIds] } } });
  const out: Record<string, ExerciseHistory> = {};
  await Promise.all(
    results.map(async (r) => {
      const attempts = await db.exerciseAttempt.findMany({
        where: { userId, exerciseId: r.exerciseId },
        orderBy: { createdAt: "desc" },
        take: recent,
        select: { score: true, total: true, createdAt: true },
      });
      out[r.exerciseId] = {
        exerciseId: r.exerciseId,
        bestScore: r.bestScore,
        total: r.total,
        attempts: r.attempts,
        passed: isExercisePassed(r, r.total),
        lastAt: r.lastAt.toISOString(),
        recent: attempts.map((a) => ({ score: a.score, total: a.total, at: a.createdAt.toISOString() })),
      };
    }),
  );
  return out;
}
