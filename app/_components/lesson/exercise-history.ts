/**
 * The learner's history in an exercise block (client-safe, pure): how a fresh grading result updates the
 * history the server rendered, and how attempt times are shown. Times are formatted in UTC from the ISO
 * string so the server's HTML and the browser's hydration agree.
 */
import type { ExerciseHistory } from "../../../lib/exercises/history";

export type { ExerciseHistory };

/** attempts kept in the block */
export const RECENT_ATTEMPTS = 5;

/** `h` after a graded attempt at `at` (ISO); mirrors lib/exercises/records (a changed total starts a new best) */
export function withAttempt(
  h: ExerciseHistory | null | undefined,
  r: { exerciseId: string; score: number; total: number; passed: boolean },
  at: string,
): ExerciseHistory {
  const best = !h || h.total !== r.total ? r.score : Math.max(h.bestScore, r.score);
  return {
    exerciseId: r.exerciseId,
    bestScore: best,
    total: r.total,
    attempts: (h?.attempts ?? 0) + 1,
    passed: (h?.passed ?? false) || r.passed,
    lastAt: at,
    recent: [{ score: r.score, total: r.total, at }, ...(h?.recent ?? [])].slice(0, RECENT_ATTEMPTS),
  };
}

/** "2026-11-27 10:05 UTC" */
export function formatAttemptTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
