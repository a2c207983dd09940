/**
 * The course catalogue as the app sees it. Content lives in `content/<course>/NN.<module>/NN.<lesson>.mdx`;
 * folder and file names carry the order. Everything here is computed once per content hash, never per request.
 */

export interface LessonFrontmatter {
  title: string;
  summary: string;
  /** minutes */
  duration: number;
  objectives: string[];
}

export interface LessonRef {
  /** stable id "<course>/<module>/<lesson>" (slugs without order prefixes); the key for progress records */
  id: string;
  courseSlug: string;
  moduleSlug: string;
  slug: string;
  /** "/courses/<course>/<module>/<lesson>" */
  href: string;
  title: string;
}

export interface LessonSummary extends LessonRef {
  order: number;
  summary: string;
  durationMinutes: number;
  objectives: string[];
  /** present when the lesson declares a `sandbox:` block (its starting state stays on the server) */
  sandbox?: { nodes: number };
}

export interface ModuleSummary {
  slug: string;
  order: number;
  title: string;
  summary?: string;
  lessons: LessonSummary[];
}

export interface CourseSummary {
  slug: string;
  title: string;
  summary: string;
  /**
   * course.yaml `gating: exercises`: a lesson is locked for a learner until every exercise in the lessons
   * before it has passed (lib/exercises `getLessonLocks` decides, on the server). Absent: no gating.
   */
  gating?: "exercises";
  modules: ModuleSummary[];
  lessonCount: number;
  totalMinutes: number;
}

export interface TocEntry {
  id: string;
  text: string;
  depth: 2 | 3;
}

export interface CompiledLesson {
  summary: LessonSummary;
  /** mdx-bundler output, evaluated on the server with getMDXComponent */
  code: string;
  toc: TocEntry[];
  prev?: LessonRef;
  next?: LessonRef;
  /** quiz ids present in the lesson (answers stay on the server) */
  quizIds: string[];
  /** exercise ids present in the lesson (graded later) */
  exerciseIds: string[];
}

export interface QuizAnswerResult {
  questionId: string;
  correct: boolean;
  /** shown after answering; never the answer key itself before answering */
  explanation?: string;
}

export interface QuizResult {
  quizId: string;
  score: number;
  total: number;
  results: QuizAnswerResult[];
}
