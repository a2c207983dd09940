/**
 * The one MDX compile step: mdx-bundler + our named plugins. Pure with respect to its input (the output
 * depends only on the MDX body and PIPELINE_VERSION), which is what lets `cache.ts` key it by hash.
 *
 * Errors are thrown as `ContentCheckError` holding `ContentError`s located in the lesson file (line numbers
 * match the file because the frontmatter was blanked, not removed).
 */
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import { ContentCheckError, ContentError } from "./errors";
import type { QuizDefinition } from "./quiz";
import type { TocEntry } from "./types";
import { remarkQuiz } from "./plugins/remark-quiz";
import { remarkComponents, type ExerciseDefinition } from "./plugins/remark-components";
import { rehypeToc } from "./plugins/rehype-toc";

/** Bump when a plugin or the output shape changes: invalidates every cached compile. */
export const PIPELINE_VERSION = "kubelab-content-3";

export interface CompiledMdx {
  /** mdx-bundler code: evaluate with getMDXComponent on the server */
  code: string;
  toc: TocEntry[];
  /** server only: includes the answer keys */
  quizzes: QuizDefinition[];
  exercises: ExerciseDefinition[];
}

export type MdxCompiler = (file: string, body: string) => Promise<CompiledMdx>;

export const compileMdx: MdxCompiler = async (input, body) => {
  const file = path.resolve(input);
  let toc: TocEntry[] = [];
  let quizzes: QuizDefinition[] = [];
  let exercises: ExerciseDefinition[] = [];
  const cwd = path.dirname(file);
  try {
    const result = await bundleMDX({
      source: { path: file, value: body },
      cwd,
      esbuildOptions: (options) => ({ ...options, logLevel: "silent" }),
      mdxOptions(options) {
        options.remarkPlugins = [
          ...(options.remarkPlugins ?? []),
          [remarkQuiz, { onQuizzes: (q: QuizDefinition[]) => (quizzes = q) }],
          [remarkComponents, { onExercises: (e: ExerciseDefinition[]) => (exercises = e) }],
        ] as typeof options.remarkPlugins;
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          [rehypeToc, { onToc: (t: TocEntry[]) => (toc = t) }],
        ] as typeof options.rehypePlugins;
        return options;
      },
    });
    return { code: result.code, toc, quizzes, exercises };
  } catch (err) {
    throw new ContentCheckError(toContentErrors(file, cwd, err));
  }
};

interface EsbuildMessage {
  text?: string;
  detail?: unknown;
  location?: { file?: string; line?: number; column?: number } | null;
}

function toContentErrors(file: string, cwd: string, err: unknown): ContentError[] {
  const messages = (err as { errors?: EsbuildMessage[] } | null)?.errors;
  if (!Array.isArray(messages) || messages.length === 0) {
    return [new ContentError({ file, line: 1, column: 1 }, `MDX compile failed: ${err instanceof Error ? err.message : String(err)}`)];
  }
  return messages.map((m) => {
    const loc = m.location;
    const where = loc?.file && !loc.file.includes("_mdx_bundler_entry_point") ? path.resolve(cwd, loc.file) : file;
    const { reason, line, column } = reasonOf(m);
    // the MDX parser reports some errors (an unclosed tag) at the end of the file, naming the real place in the text
    if (!loc?.line && line) return new ContentError({ file: where, line, column: column ?? 1 }, reason);
    return new ContentError({ file: where, line: Math.max(1, loc?.line ?? 1), column: (loc?.column ?? 0) + 1 }, reason);
  });
}

/** The author-facing reason: the plugin's or parser's own message, without esbuild's wrapper text. */
function reasonOf(m: EsbuildMessage): { reason: string; line?: number; column?: number } {
  const detail = m.detail as { reason?: unknown; cause?: { reason?: unknown; message?: unknown } } | undefined;
  const inner = detail?.cause?.reason ?? detail?.cause?.message ?? detail?.reason;
  if (typeof inner !== "string" || !inner) {
    return { reason: (m.text ?? "MDX compile failed").replace(/^Cannot process MDX file with esbuild:\s*/, "").trim() };
  }
  const place = /\s*\((\d+):(\d+)(?:-\d+:\d+)?\)$/.exec(inner);
  if (!place) return { reason: inner };
  return { reason: inner.slice(0, place.index), line: Number(place[1]), column: Number(place[2]) };
}
