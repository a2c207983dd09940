/**
 * Course gating (course.yaml `gating: exercises`), the pure part: which lessons are locked for a learner.
 *
 * Rule: walking the course in order, once a lesson has an exercise the learner has not passed, every
 * later lesson is locked, and names that first unpassed exercise as the way to unlock it. The lesson
 * holding the exercise itself stays open (the learner has to be able to do it). "Passed" means the best
 * score reached the exercise's points, or every check passed at least once (`passedAt`, so a later
 * change to an exercise's points does not lock out a learner who already passed it).
 *
 * Guarantees: no locks when the course has no gating; pure and deterministic. Who bypasses (instructors,
 * admins) and where the scores come from is `gating-db.ts`.
 */
import type { CourseSummary } from "../content/types";

export interface LessonLock {
  lessonId: string;
  /** the first exercise, in an earlier lesson, the learner has not passed yet */
  blockedBy: {
    exerciseId: string;
    exerciseTitle: string;
    lessonId: string;
    lessonTitle: string;
    /** "<lesson href>#exercise-<id>": the exercise block on its lesson page */
    href: string;
  };
}

export interface GatingExercise {
  id: string;
  lessonId: string;
  title: string;
  points: number;
}

export interface GatingScore {
  exerciseId: string;
  bestScore: number;
  passedAt: Date | null;
}

export function isExercisePassed(score: Pick<GatingScore, "bestScore" | "passedAt"> | undefined, points: number): boolean {
  return !!score && (score.passedAt !== null || (points > 0 && score.bestScore >= points));
}

/** the locked lessons of `course` (by lesson id) for a learner with `scores` */
export function lessonLocks(
  course: CourseSummary,
  exercises: readonly GatingExercise[],
  scores: readonly GatingScore[],
): Map<string, LessonLock> {
  const locks = new Map<string, LessonLock>();
  if (course.gating !== "exercises") return locks;
  const byExercise = new Map(scores.map((s) => [s.exerciseId, s]));
  let blocker: LessonLock["blockedBy"] | undefined;
  for (const lesson of course.modules.flatMap((m) => m.lessons)) {
    if (blocker) {
      locks.set(lesson.id, { lessonId: lesson.id, blockedBy: blocker });
      continue;
    }
    const open = exercises.find((e) => e.lessonId === lesson.id && !isExercisePassed(byExercise.get(e.id), e.points));
    if (open) {
      blocker = {
        exerciseId: open.id,
        exerciseTitle: open.title,
        lessonId: lesson.id,
        lessonTitle: lesson.title,
        href: `${lesson.href}#exercise-${open.id}`,
      };
    }
  }
  return locks;
}
