/**
 * ContentService: the catalogue, compiled lessons and quiz keys of one content root.
 *
 * Guarantees:
 * - lookups return undefined for a missing course/lesson and throw `ContentCheckError` (every error with
 *   file:line:column) when the content is broken — a broken lesson never renders as a blank page.
 * - each lesson body is compiled once per content hash (see `CompileCache`); results are fresh objects
 *   the caller may keep.
 * - with `memoize` (production) the catalogue is discovered once; otherwise it is re-read on each call
 *   (cheap: frontmatter only) so edits show up in development.
 * - quiz answer keys never leave this module except through `checkQuiz` results.
 */
import { type Catalog, buildCatalog, lessonId } from "./catalog";
import type { CompileCache } from "./cache";
import type { CompiledMdx } from "./compile";
import { discover } from "./discover";
import type { LessonSandbox } from "./sandbox";
import { ContentCheckError, ContentError, QuizError } from "./errors";
import { smokeEvaluate } from "./smoke";
import { type PublicQuiz, type QuizDefinition, gradeQuiz, toPublicQuiz } from "./quiz";
import type { CompiledLesson, CourseSummary, QuizResult } from "./types";

export interface ContentCheckResult {
  ok: boolean;
  /** every problem, sorted by file then line */
  errors: ContentError[];
  courseCount: number;
  lessonCount: number;
}

export interface ContentServiceOptions {
  root: string;
  cache: CompileCache;
  memoize: boolean;
}

export class ContentService {
  private memo?: Promise<Catalog>;
  constructor(private readonly opts: ContentServiceOptions) {}

  get root(): string {
    return this.opts.root;
  }

  async getCatalog(): Promise<CourseSummary[]> {
    return structuredClone((await this.catalog()).courses);
  }

  async getCourse(slug: string): Promise<CourseSummary | undefined> {
    const course = (await this.catalog()).courses.find((c) => c.slug === slug);
    return course && structuredClone(course);
  }

  async getLesson(courseSlug: string, moduleSlug: string, lessonSlug: string): Promise<CompiledLesson | undefined> {
    return this.getLessonById(lessonId(courseSlug, moduleSlug, lessonSlug));
  }

  async getLessonById(id: string): Promise<CompiledLesson | undefined> {
    const entry = (await this.catalog()).lessons.get(id);
    if (!entry) return undefined;
    const compiled = await this.opts.cache.get(entry.source.file, entry.source.body);
    const lesson: CompiledLesson = {
      summary: structuredClone(entry.summary),
      code: compiled.code,
      toc: structuredClone(compiled.toc),
      quizIds: compiled.quizzes.map((q) => q.id),
      exerciseIds: compiled.exercises.map((e) => e.id),
    };
    if (entry.prev) lesson.prev = { ...entry.prev };
    if (entry.next) lesson.next = { ...entry.next };
    return lesson;
  }

  /** The lesson's resolved `sandbox:` starting state, or undefined (unknown lesson or no block). */
  async getLessonSandbox(id: string): Promise<LessonSandbox | undefined> {
    const sandbox = (await this.catalog()).lessons.get(id)?.source.sandbox;
    return sandbox && structuredClone(sandbox);
  }

  /** The lesson's quizzes without answers or explanations, in document order: what a client may see. */
  async getPublicQuizzes(id: string): Promise<PublicQuiz[]> {
    return (await this.quizzes(id)).map(toPublicQuiz);
  }

  async checkQuiz(id: string, quizId: string, answers: Readonly<Record<string, string>>): Promise<QuizResult> {
    const quiz = (await this.quizzes(id)).find((q) => q.id === quizId);
    if (!quiz) throw new QuizError("unknown_quiz", `lesson "${id}" has no quiz "${quizId}"`);
    return gradeQuiz(quiz, answers);
  }

  /** Discovers and compiles everything; never throws for content problems. */
  async check(): Promise<ContentCheckResult> {
    const discovery = await discover(this.opts.root);
    const errors = [...discovery.errors];
    let lessonCount = 0;
    for (const course of discovery.courses) {
      for (const mod of course.modules) {
        for (const lesson of mod.lessons) {
          lessonCount++;
          try {
            const compiled = await this.opts.cache.get(lesson.file, lesson.body);
            const failure = smokeEvaluate(lesson.file, lesson.body, compiled.code);
            if (failure) errors.push(failure);
          } catch (err) {
            if (err instanceof ContentCheckError) errors.push(...err.errors);
            else if (err instanceof ContentError) errors.push(err);
            else throw err;
          }
        }
      }
    }
    errors.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
    return { ok: errors.length === 0, errors, courseCount: discovery.courses.length, lessonCount };
  }

  private async quizzes(id: string): Promise<QuizDefinition[]> {
    const entry = (await this.catalog()).lessons.get(id);
    if (!entry) throw new QuizError("unknown_lesson", `no lesson "${id}"`);
    const compiled: CompiledMdx = await this.opts.cache.get(entry.source.file, entry.source.body);
    return compiled.quizzes;
  }

  private catalog(): Promise<Catalog> {
    if (this.memo) return this.memo;
    const next = discover(this.opts.root).then((d) => {
      if (d.errors.length > 0) throw new ContentCheckError(d.errors);
      return buildCatalog(d);
    });
    if (this.opts.memoize) {
      this.memo = next;
      next.catch(() => (this.memo = undefined));
    }
    return next;
  }
}
