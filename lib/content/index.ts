/**
 * Public API of the content pipeline (server only: it reads the filesystem and holds quiz answer keys).
 *
 * Content root: env KUBELAB_CONTENT_DIR (default `<cwd>/content`), read on every call. Compiles are
 * cached in `.cache/content/<sha256>.json` and in memory (see cache.ts).
 *
 * - getX returns undefined when the thing does not exist; broken content throws `ContentCheckError`.
 * - `checkQuiz` throws `QuizError` (`code`, `httpStatus`) for an unknown lesson/quiz/question/choice.
 * - `checkContent(dir?)` never throws for content problems: it returns every error with file and line.
 */
import { CompileCache } from "./cache";
import { compileMdx } from "./compile";
import { contentConfig } from "./config";
import type { PublicQuiz } from "./quiz";
import { type ContentCheckResult, ContentService } from "./service";
import type { CompiledLesson, CourseSummary, QuizResult } from "./types";

export type * from "./types";
export type { ContentCheckResult } from "./service";
export type { PublicQuiz, PublicQuizQuestion, QuizChoiceDefinition } from "./quiz";
export { splitInlineCode, splitParagraphs, type InlineSegment } from "./inline";
export { ContentError, ContentCheckError, QuizError, isQuizError, type QuizErrorCode } from "./errors";
export { LESSON_COMPONENTS, CALLOUT_TYPES } from "./plugins/remark-components";
export { quizSubmissionSchema, type QuizSubmission } from "./submission";
export { ContentService } from "./service";
export { lessonSandboxSchema, type LessonSandbox } from "./sandbox";
export { CompileCache } from "./cache";

const services = new Map<string, ContentService>();

/** The service for the configured root (or `dir`); one per root and cache directory per process. */
export function contentService(dir?: string): ContentService {
  const cfg = contentConfig();
  const root = dir ? contentConfig({ KUBELAB_CONTENT_DIR: dir }).root : cfg.root;
  const key = `${root}\0${cfg.cacheDir ?? ""}`;
  let svc = services.get(key);
  if (!svc) {
    svc = new ContentService({
      root,
      cache: new CompileCache({ compile: compileMdx, dir: cfg.cacheDir }),
      memoize: process.env.NODE_ENV === "production",
    });
    services.set(key, svc);
  }
  return svc;
}

/** All courses, in order, with their modules and lesson summaries. */
export function getCatalog(): Promise<CourseSummary[]> {
  return contentService().getCatalog();
}

export function getCourse(slug: string): Promise<CourseSummary | undefined> {
  return contentService().getCourse(slug);
}

/** The compiled lesson (MDX code, toc, prev/next, quiz and exercise ids); no answer keys. */
export function getLesson(courseSlug: string, moduleSlug: string, lessonSlug: string): Promise<CompiledLesson | undefined> {
  return contentService().getLesson(courseSlug, moduleSlug, lessonSlug);
}

/** `id` is "<course>/<module>/<lesson>". */
export function getLessonById(id: string): Promise<CompiledLesson | undefined> {
  return contentService().getLessonById(id);
}

/** The lesson's `sandbox:` starting state (manifests resolved), or undefined. `id` is "<course>/<module>/<lesson>". */
export function getLessonSandbox(id: string): Promise<import("./sandbox").LessonSandbox | undefined> {
  return contentService().getLessonSandbox(id);
}

/** The lesson's quizzes as a client may see them (no answers, no explanations). */
export function getPublicQuizzes(lessonId: string): Promise<PublicQuiz[]> {
  return contentService().getPublicQuizzes(lessonId);
}

/** Grades a submission: `answers` maps question id → choice id. Unanswered questions count as wrong. */
export function checkQuiz(lessonId: string, quizId: string, answers: Readonly<Record<string, string>>): Promise<QuizResult> {
  return contentService().checkQuiz(lessonId, quizId, answers);
}

/** Discovers and compiles every lesson under `dir` (default: the configured root). */
export function checkContent(dir?: string): Promise<ContentCheckResult> {
  return contentService(dir).check();
}
