/**
 * Instructor view: every learner's status per lesson of a course (real rows, no sampling).
 */
import type { Db } from "../db/client";
import type { CourseSummary } from "../content/types";
import { summarize, type CourseProgress } from "./read";

export interface CohortRow {
  user: { id: string; email: string; name: string | null; role: string };
  progress: CourseProgress;
}

/** Learners (role "learner") with their progress in `course`, by email. */
export async function getCohort(db: Db, course: CourseSummary): Promise<CohortRow[]> {
  const users = await db.user.findMany({
    where: { role: "learner" },
    orderBy: { email: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      progress: { where: { courseSlug: course.slug } },
      quizResults: {
        where: { lessonId: { startsWith: `${course.slug}/` } },
        select: { lessonId: true, quizId: true, bestScore: true, lastScore: true, total: true, attempts: true },
      },
    },
  });
  return users.map(({ progress, quizResults, ...user }) => ({ user, progress: summarize(course, progress, quizResults) }));
}
