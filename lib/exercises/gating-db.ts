/**
 * Course gating on the server: the viewer's locks from their exercise records. Pages call this before
 * rendering a lesson (never trust the browser). Instructors and admins are never locked out; an
 * anonymous visitor has no passed exercises, so a gated course is open up to its first exercise.
 */
import type { Db } from "../db/client";
import type { CourseSummary } from "../content/types";
import { hasRole, type SessionUser } from "../auth/roles";
import { lessonLocks, type GatingExercise, type LessonLock } from "./gating";

export type Viewer = Pick<SessionUser, "id" | "role"> | null | undefined;

/** locked lessons of `course` for `viewer` (empty without gating or for instructors/admins) */
export async function getLessonLocks(
  db: Db,
  viewer: Viewer,
  course: CourseSummary,
  exercises: readonly GatingExercise[],
): Promise<Map<string, LessonLock>> {
  if (course.gating !== "exercises" || hasRole(viewer, "instructor")) return new Map();
  const scores = viewer
    ? await db.exerciseResult.findMany({
        where: { userId: viewer.id, lessonId: { startsWith: `${course.slug}/` } },
        select: { exerciseId: true, bestScore: true, passedAt: true },
      })
    : [];
  return lessonLocks(course, exercises, scores);
}

/** the lock on one lesson for `viewer`, or undefined when it is open */
export async function getLessonLock(
  db: Db,
  viewer: Viewer,
  course: CourseSummary,
  exercises: readonly GatingExercise[],
  lessonId: string,
): Promise<LessonLock | undefined> {
  return (await getLessonLocks(db, viewer, course, exercises)).get(lessonId);
}
