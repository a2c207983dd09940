/**
 * Learner progress (Prisma). Writers: record.ts; readers joined with the catalogue: read.ts;
 * the instructor's cohort view: cohort.ts. Every function takes the Db explicitly.
 */
export { ANCHOR_PATTERN, recordLessonOpen, recordQuizResult, savePosition, setCompleted, type LessonKey, type QuizScore } from "./record";
export {
  getCourseProgress,
  getLearning,
  getLessonStatus,
  lessonsOf,
  summarize,
  withAnchor,
  type CourseProgress,
  type LessonStatus,
  type QuizStatus,
  type ResumeTarget,
} from "./read";
export { getCohort, type CohortRow } from "./cohort";
export { onQuizResult, recordQuizForRequest } from "./quiz-hook";
