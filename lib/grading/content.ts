/**
 * Exercises beside lessons: `NN.<lesson>.mdx` has its checks in `NN.<lesson>.exercises.yaml`
 * and its reference solutions in `NN.<lesson>.solutions.yaml` (both server/test only).
 *
 * `checkExerciseContent(root)` validates every lesson under a content root: each `<Exercise>` in
 * the MDX has checks whose points add up to its `points`, every exercise in a sidecar exists in
 * the lesson, every exercise has a reference solution, exercise ids are unique across the root. Problems are `ContentError`s with file and
 * line; it never throws for content problems.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ContentError } from "../content/errors";
import { parseExercisesFile } from "./load";
import { parseSolutionsFile, type Solutions } from "./solutions";
import type { Exercise } from "./types";

export const exercisesFileFor = (mdx: string): string => mdx.replace(/\.mdx$/, ".exercises.yaml");
export const solutionsFileFor = (mdx: string): string => mdx.replace(/\.mdx$/, ".solutions.yaml");

export interface LessonExercises {
  file: string;
  exercises: Exercise[];
  errors: ContentError[];
}

/** the lesson's validated exercises (none when it has no sidecar) */
export async function loadLessonExercises(mdxFile: string): Promise<LessonExercises> {
  const file = exercisesFileFor(mdxFile);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { file, exercises: [], errors: [] };
  }
  const r = parseExercisesFile(file, text);
  return { file, exercises: r.exercises, errors: r.errors };
}

export interface MdxExercise {
  id: string;
  title?: string;
  points: number;
  line: number;
  column: number;
}

/** `<Exercise id="…" points={N}>` tags of an MDX source (outside code fences), with their lines */
export function mdxExercisesOf(source: string): MdxExercise[] {
  const out: MdxExercise[] = [];
  let fence: string | undefined;
  source.split(/\r?\n/).forEach((line, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (f) {
      if (!fence) fence = f;
      else if (f.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence) return;
    for (const m of line.matchAll(/<Exercise\b([^>]*)>?/g)) {
      const attrs = m[1] ?? "";
      const id = /\bid=(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})/.exec(attrs);
      const pts = /\bpoints=(?:\{\s*(\d+)\s*\}|"(\d+)")/.exec(attrs);
      const theId = id?.[1] ?? id?.[2] ?? id?.[3];
      const title = /\btitle=(?:"([^"]*)"|'([^']*)')/.exec(attrs);
      const t = title?.[1] ?? title?.[2];
      if (theId)
        out.push({
          id: theId,
          ...(t !== undefined ? { title: t } : {}),
          points: Number(pts?.[1] ?? pts?.[2] ?? NaN),
          line: i + 1,
          column: (m.index ?? 0) + 1,
        });
    }
  });
  return out;
}

export interface ExerciseContentCheck {
  errors: ContentError[];
  exerciseCount: number;
  lessons: Array<{ file: string; exercises: Exercise[]; solutions: Solutions }>;
}

export async function checkExerciseContent(root: string): Promise<ExerciseContentCheck> {
  const errors: ContentError[] = [];
  const lessons: ExerciseContentCheck["lessons"] = [];
  let exerciseCount = 0;
  const seenIds = new Map<string, string>();
  for (const dir of await moduleDirs(root)) {
    const names = await readdir(dir);
    const mdx = new Set(names.filter((n) => n.endsWith(".mdx")));
    for (const n of names) {
      const m = /^(.*)\.(exercises|solutions)\.yaml$/.exec(n);
      if (m && !mdx.has(`${m[1]}.mdx`))
        errors.push(new ContentError({ file: path.join(dir, n), line: 1, column: 1 }, `no lesson "${m[1]}.mdx" beside this file`));
    }
    for (const name of [...mdx].sort()) {
      const file = path.join(dir, name);
      const inMdx = mdxExercisesOf(await readFile(file, "utf8"));
      const exFile = exercisesFileFor(file);
      const loaded = existsSync(exFile)
        ? parseExercisesFile(exFile, await readFile(exFile, "utf8"))
        : { exercises: [], errors: [], lines: new Map<string, { line: number; column: number }>() };
      const ex = { file: exFile, exercises: loaded.exercises };
      errors.push(...loaded.errors);
      const exLines = loaded.lines;
      const solFile = solutionsFileFor(file);
      const sol = existsSync(solFile)
        ? parseSolutionsFile(solFile, await readFile(solFile, "utf8"))
        : { solutions: new Map(), errors: [], lines: new Map() };
      errors.push(...sol.errors);
      for (const m of inMdx) {
        if (!exLines.has(m.id)) {
          errors.push(
            new ContentError(
              { file, line: m.line, column: m.column },
              `<Exercise id="${m.id}"> has no checks: add "${m.id}:" to ${path.basename(ex.file)}`,
            ),
          );
          continue;
        }
        const e = ex.exercises.find((x) => x.id === m.id);
        if (!e) continue;
        exerciseCount++;
        if (Number.isFinite(m.points) && e.total !== m.points) {
          errors.push(
            new ContentError(
              { file: ex.file, ...(exLines.get(e.id) ?? { line: 1, column: 1 }) },
              `exercise "${e.id}": its checks are worth ${e.total} points but <Exercise points={${m.points}}> in ${name}`,
            ),
          );
        }
        if (!sol.errors.length && !sol.solutions.has(e.id)) {
          errors.push(
            new ContentError(
              { file: existsSync(solFile) ? solFile : file, line: existsSync(solFile) ? 1 : m.line, column: 1 },
              `exercise "${e.id}" has no reference solution in ${path.basename(solFile)}`,
            ),
          );
        }
      }
      for (const id of exLines.keys()) {
        if (!inMdx.some((m) => m.id === id)) {
          errors.push(
            new ContentError(
              { file: ex.file, ...(exLines.get(id) ?? { line: 1, column: 1 }) },
              `exercise "${id}" is not in ${name} (no <Exercise id="${id}">)`,
            ),
          );
        }
      }
      for (const [id, steps] of sol.solutions) {
        const e = ex.exercises.find((x) => x.id === id);
        const at = sol.lines.get(id) ?? { line: 1, column: 1 };
        if (!e && !exLines.has(id)) errors.push(new ContentError({ file: solFile, ...at }, `solution for unknown exercise "${id}"`));
        if (!e) continue;
        for (const s of steps)
          if ("score" in s && s.score > e.total)
            errors.push(
              new ContentError(
                { file: solFile, ...at },
                `solution of "${id}" expects score ${s.score}, more than the ${e.total} points the exercise is worth`,
              ),
            );
      }
      for (const [id, at] of exLines) {
        const other = seenIds.get(id);
        if (other)
          errors.push(
            new ContentError(
              { file: ex.file, ...at },
              `exercise id "${id}" is already used by ${path.relative(root, other)}: exercise ids are unique across the content (the check URL names only the exercise)`,
            ),
          );
        else seenIds.set(id, file);
      }
      if (ex.exercises.length) lessons.push({ file, exercises: ex.exercises, solutions: sol.solutions });
    }
  }
  return { errors, exerciseCount, lessons };
}

async function moduleDirs(root: string): Promise<string[]> {
  const out: string[] = [];
  const sub = async (d: string) =>
    (await readdir(d, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => path.join(d, e.name));
  for (const course of (await sub(root)).sort()) out.push(...(await sub(course)).sort());
  return out;
}
