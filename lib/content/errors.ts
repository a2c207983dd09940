/**
 * Typed errors of the content pipeline.
 *
 * - `ContentError`: one problem in one content file, always with a 1-based line and column so tools
 *   and editors can jump to it. `toString()` is `file:line:column message` (file relative to the cwd
 *   when possible) — the format `scripts/content-check.ts` prints.
 * - `ContentCheckError`: thrown by lookups when the content is broken; carries every `ContentError` found.
 * - `QuizError`: a quiz submission names a lesson/quiz/question/choice that does not exist. `httpStatus`
 *   is what a route should answer (404 for an unknown lesson or quiz, 400 for an unknown question or choice).
 */
import path from "node:path";

export interface ContentLocation {
  /** absolute path of the file */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export class ContentError extends Error implements ContentLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** the message without location */
  readonly reason: string;
  constructor(loc: ContentLocation, reason: string) {
    super(`${displayPath(loc.file)}:${loc.line}:${loc.column} ${reason}`);
    this.name = "ContentError";
    this.file = loc.file;
    this.line = loc.line;
    this.column = loc.column;
    this.reason = reason;
  }
  override toString(): string {
    return this.message;
  }
}

export class ContentCheckError extends Error {
  readonly errors: readonly ContentError[];
  constructor(errors: readonly ContentError[]) {
    const head = errors.length === 1 ? "1 content error" : `${errors.length} content errors`;
    super(`${head}:\n${errors.map((e) => `  ${e.message}`).join("\n")}`);
    this.name = "ContentCheckError";
    this.errors = errors;
  }
}

export type QuizErrorCode = "unknown_lesson" | "unknown_quiz" | "unknown_question" | "unknown_choice";

export class QuizError extends Error {
  readonly code: QuizErrorCode;
  constructor(code: QuizErrorCode, message: string) {
    super(message);
    this.name = "QuizError";
    this.code = code;
  }
  /** 404 when the lesson or quiz does not exist; 400 when the submission names a question/choice that does not. */
  get httpStatus(): 400 | 404 {
    return this.code === "unknown_lesson" || this.code === "unknown_quiz" ? 404 : 400;
  }
}

export function isQuizError(e: unknown): e is QuizError {
  return e instanceof QuizError;
}

/** Path relative to the cwd when the file lives below it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
