/**
 * Exercise records (Prisma): every graded attempt with its per-check results and evidence, and the best
 * score per learner and exercise. A passing attempt marks the exercise's lesson complete (lib/progress).
 *
 * Guarantees: `recordAttempt` writes the attempt and updates the result in one transaction; the best
 * score never goes down unless the exercise's total changed (then the latest score starts the new best);
 * `passedAt` is set once, the first time every check passed. Every function takes the Db explicitly.
 */
import type { Db } from "../db/client";
import { setCompleted } from "../progress";
import type { GradeResult } from "../grading";

export interface AttemptKey {
  userId: string;
  /** "<course>/<module>/<lesson>" */
  lessonId: string;
  exerciseId: string;
}

export interface ExerciseScore {
  exerciseId: string;
  lessonId: string;
  bestScore: number;
  lastScore: number;
  total: number;
  attempts: number;
  passedAt: Date | null;
  lastAt: Date;
}

export interface AttemptRecord {
  id: string;
  score: number;
  total: number;
  checks: GradeResult["checks"];
  evidence: GradeResult["evidence"];
  createdAt: Date;
}

export async function recordAttempt(db: Db, k: AttemptKey, r: GradeResult, now = new Date()): Promise<ExerciseScore> {
  const key = { userId_exerciseId: { userId: k.userId, exerciseId: k.exerciseId } };
  const passed = r.total > 0 && r.score === r.total;
  const row = await db.$transaction(async (tx) => {
    await tx.exerciseAttempt.create({
      data: {
        userId: k.userId,
        lessonId: k.lessonId,
        exerciseId: k.exerciseId,
        score: r.score,
        total: r.total,
        checks: JSON.stringify(r.checks),
        evidence: JSON.stringify(r.evidence),
        createdAt: now,
      },
    });
    const old = await tx.exerciseResult.findUnique({ where: key });
    if (!old) {
      return tx.exerciseResult.create({
        data: { ...k, bestScore: r.score, lastScore: r.score, total: r.total, passedAt: passed ? now : null, firstAt: now, lastAt: now },
      });
    }
    const best = old.total !== r.total ? r.score : Math.max(old.bestScore, r.score);
    return tx.exerciseResult.update({
      where: key,
      data: {
        lessonId: k.lessonId,
        bestScore: best,
        lastScore: r.score,
        total: r.total,
        attempts: { increment: 1 },
        lastAt: now,
        passedAt: old.passedAt ?? (passed ? now : null),
      },
    });
  });
  if (passed) await setCompleted(db, { userId: k.userId, lessonId: k.lessonId, courseSlug: k.lessonId.split("/")[0] ?? "" }, true, now);
  return toScore(row);
}

/** best scores of a learner, optionally for one lesson, most recent first */
export async function getExerciseScores(db: Db, userId: string, lessonId?: string): Promise<ExerciseScore[]> {
  const rows = await db.exerciseResult.findMany({ where: { userId, ...(lessonId ? { lessonId } : {}) }, orderBy: { lastAt: "desc" } });
  return rows.map(toScore);
}

/** the learner's attempts at one exercise, newest first */
export async function getAttempts(db: Db, userId: string, exerciseId: string, limit = 20): Promise<AttemptRecord[]> {
  const rows = await db.exerciseAttempt.findMany({ where: { userId, exerciseId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((a) => ({
    id: a.id,
    score: a.score,
    total: a.total,
    checks: JSON.parse(a.checks) as GradeResult["checks"],
    evidence: JSON.parse(a.evidence) as GradeResult["evidence"],
    createdAt: a.createdAt,
  }));
}

function toScore(r: {
  exerciseId: string;
  lessonId: string;
  bestScore: number;
  lastScore: number;
  total: number;
  attempts: number;
  passedAt: Date | null;
  lastAt: Date;
}): ExerciseScore {
  return {
    exerciseId: r.exerciseId,
    lessonId: r.lessonId,
    bestScore: r.bestScore,
    lastScore: r.lastScore,
    total: r.total,
    attempts: r.attempts,
    passedAt: r.passedAt,
    lastAt: r.lastAt,
  };
}
