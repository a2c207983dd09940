/**
 * Writing progress. All functions are idempotent upserts keyed on (user, lesson) or (user, lesson, quiz):
 * - opening a lesson sets startedAt once (first open) and bumps lastSeenAt;
 * - a position save stores the last heading id seen;
 * - completion sets/clears completedAt (completing twice keeps the first time);
 * - a quiz result keeps the best score, the last score and the attempt count.
 * Callers validate that the lesson exists (the content catalogue is not this module's concern).
 */
import type { Db } from "../db/client";

export interface LessonKey {
  userId: string;
  lessonId: string;
  courseSlug: string;
}

/** A heading id: what the lesson's table of contents produces (slugs), bounded. */
export const ANCHOR_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

function where(k: LessonKey) {
  return { userId_lessonId: { userId: k.userId, lessonId: k.lessonId } };
}

export async function recordLessonOpen(db: Db, k: LessonKey, now = new Date()): Promise<void> {
  await db.lessonProgress.upsert({
    where: where(k),
    create: { userId: k.userId, lessonId: k.lessonId, courseSlug: k.courseSlug, startedAt: now, lastSeenAt: now },
    update: { lastSeenAt: now },
  });
}

export async function savePosition(db: Db, k: LessonKey, anchor: string | null, now = new Date()): Promise<void> {
  if (anchor !== null && !ANCHOR_PATTERN.test(anchor)) throw new RangeError("invalid anchor");
  await db.lessonProgress.upsert({
    where: where(k),
    create: { userId: k.userId, lessonId: k.lessonId, courseSlug: k.courseSlug, startedAt: now, lastSeenAt: now, lastPosition: anchor },
    update: { lastSeenAt: now, lastPosition: anchor },
  });
}

export async function setCompleted(db: Db, k: LessonKey, completed: boolean, now = new Date()): Promise<Date | null> {
  const existing = await db.lessonProgress.findUnique({ where: where(k) });
  const completedAt = completed ? (existing?.completedAt ?? now) : null;
  await db.lessonProgress.upsert({
    where: where(k),
    create: { userId: k.userId, lessonId: k.lessonId, courseSlug: k.courseSlug, startedAt: now, lastSeenAt: now, completedAt },
    update: { completedAt, lastSeenAt: now },
  });
  return completedAt;
}

export interface QuizScore {
  quizId: string;
  score: number;
  total: number;
}

export async function recordQuizResult(db: Db, userId: string, lessonId: string, r: QuizScore, now = new Date()): Promise<void> {
  const key = { userId_lessonId_quizId: { userId, lessonId, quizId: r.quizId } };
  await db.$transaction(async (tx) => {
    const old = await tx.quizResult.findUnique({ where: key });
    if (!old) {
      await tx.quizResult.create({
        data: { userId, lessonId, quizId: r.quizId, bestScore: r.score, lastScore: r.score, total: r.total, firstAt: now, lastAt: now },
      });
      return;
    }
    const best = old.total !== r.total ? r.score : Math.max(old.bestScore, r.score);
    await tx.quizResult.update({
      where: key,
      data: { bestScore: best, lastScore: r.score, total: r.total, attempts: { increment: 1 }, lastAt: now },
    });
  });
}
