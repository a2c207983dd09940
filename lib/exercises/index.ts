/**
 * Exercises on the platform side (server only): finds a lesson's exercises in the content root,
 * projects what a browser may see, and grades a learner's sandbox.
 *
 * Guarantees:
 * - `getPublicExercise` returns ids, titles, points, hints and check titles only — never check
 *   definitions (expected values, paths) nor reference solutions (`*.solutions.yaml` is never read here);
 * - exercise ids are unique across the content (content-check enforces it), so the check route
 *   `/api/sandboxes/<sandboxId>/exercises/<exerciseId>/check` needs only the exercise id;
 * - `checkExercise` reads the sandbox only through its Kubernetes API (`GradingTarget`) and returns
 *   `PublicGradeResult` for the browser plus the full `GradeResult` (with evidence) for records.
 *
 * Records (Prisma: attempts with evidence, best score, lesson completion) are in `records.ts`; what the
 * exercise block and the dashboard show in `history.ts` / `board.ts`; instructor averages in `stats.ts`;
 * course gating (course.yaml `gating: exercises`) in `gating.ts` (pure) and `gating-db.ts`.
 */
import { readFile } from "node:fs/promises";
import { contentService } from "../content";
import type { CourseSummary } from "../content/types";
import type { Db } from "../db/client";
import { hasRole } from "../auth/roles";
import { getLessonLocks, type Viewer } from "./gating-db";
import type { LessonLock } from "./gating";
import { discover } from "../content/discover";
import {
  grade,
  mdxExercisesOf,
  exercisesFileFor,
  parseExercisesFile,
  type Exercise,
  type GradeResult,
  type GradingTarget,
} from "../grading";

export interface PublicExercise {
  id: string;
  lessonId: string;
  title: string;
  points: number;
  hints: string[];
  /** what will be checked (titles only) */
  checks: Array<{ id: string; title: string; points: number }>;
}

export interface PublicGradeResult {
  exerciseId: string;
  score: number;
  total: number;
  passed: boolean;
  checks: Array<{ id: string; title: string; passed: boolean; points: number; earned: number; message: string }>;
}

export class ExerciseNotFoundError extends Error {
  override name = "ExerciseNotFoundError";
  readonly httpStatus = 404;
}

interface Indexed {
  lessonId: string;
  file: string;
  title: string;
  exercise: Exercise;
}

let memo: { root: string; index: Promise<Map<string, Indexed>> } | undefined;

/** every exercise of the content root by id (memoised in production, re-read in development) */
function index(): Promise<Map<string, Indexed>> {
  const root = contentService().root;
  if (memo && memo.root === root && process.env.NODE_ENV === "production") return memo.index;
  const p = build(root);
  memo = { root, index: p };
  p.catch(() => (memo = undefined));
  return p;
}

async function build(root: string): Promise<Map<string, Indexed>> {
  const d = await discover(root);
  const out = new Map<string, Indexed>();
  for (const course of d.courses) {
    for (const mod of course.modules) {
      for (const lesson of mod.lessons) {
        let text: string;
        try {
          text = await readFile(exercisesFileFor(lesson.file), "utf8");
        } catch {
          continue;
        }
        const parsed = parseExercisesFile(exercisesFileFor(lesson.file), text);
        if (parsed.errors.length) throw parsed.errors[0];
        const titles = new Map(mdxExercisesOf(await readFile(lesson.file, "utf8")).map((m) => [m.id, m.title]));
        for (const exercise of parsed.exercises) {
          out.set(exercise.id, {
            lessonId: `${course.slug}/${mod.slug}/${lesson.slug}`,
            file: lesson.file,
            title: titles.get(exercise.id) ?? exercise.id,
            exercise,
          });
        }
      }
    }
  }
  return out;
}

/** the validated exercise (server only: holds the checks) */
export async function getExercise(exerciseId: string): Promise<(Indexed & { exercise: Exercise }) | undefined> {
  return (await index()).get(exerciseId);
}

export async function getPublicExercise(exerciseId: string): Promise<PublicExercise | undefined> {
  const e = await getExercise(exerciseId);
  return e ? toPublic(e) : undefined;
}

function toPublic(e: Indexed): PublicExercise {
  return {
    id: e.exercise.id,
    lessonId: e.lessonId,
    title: e.title,
    points: e.exercise.total,
    hints: [...e.exercise.hints],
    checks: e.exercise.checks.map((c) => ({ id: c.id, title: c.title, points: c.points })),
  };
}

/** the public part of every exercise, in course order (course, module, lesson, then file order); optionally of one course */
export async function listExercises(courseSlug?: string): Promise<PublicExercise[]> {
  const all = [...(await index()).values()];
  return all.filter((e) => !courseSlug || e.lessonId.startsWith(`${courseSlug}/`)).map(toPublic);
}

export function toPublicResult(r: GradeResult): PublicGradeResult {
  return {
    exerciseId: r.exerciseId,
    score: r.score,
    total: r.total,
    passed: r.passed,
    checks: r.checks.map((c) => ({ id: c.id, title: c.title, passed: c.passed, points: c.points, earned: c.earned, message: c.message })),
  };
}

export interface CheckExerciseOptions {
  /** cap on waiting for "eventually" checks (default 10 s: a learner is waiting for the button) */
  maxWaitMs?: number;
}

/** grades the sandbox behind `target`; throws ExerciseNotFoundError for an unknown id */
export async function checkExercise(
  exerciseId: string,
  target: GradingTarget,
  opts: CheckExerciseOptions = {},
): Promise<{ lessonId: string; result: GradeResult; public: PublicGradeResult }> {
  const e = await getExercise(exerciseId);
  if (!e) throw new ExerciseNotFoundError(`no exercise "${exerciseId}"`);
  const result = await grade(e.exercise, target, { maxWaitMs: opts.maxWaitMs ?? 10_000 });
  return { lessonId: e.lessonId, result, public: toPublicResult(result) };
}

export { recordAttempt, getAttempts, getExerciseScores, type AttemptKey, type AttemptRecord, type ExerciseScore } from "./records";
export { getExerciseHistory, type ExerciseHistory, type ExerciseHistoryAttempt } from "./history";
export { exerciseBoard, type ExerciseBoardRow } from "./board";
export { getExerciseAverages, type ExerciseAverage } from "./stats";
export { lessonLocks, isExercisePassed, type LessonLock } from "./gating";
export { getLessonLocks, getLessonLock, type Viewer } from "./gating-db";

/** `getLessonLocks` with the course's exercises from the content (the form pages use) */
export async function getCourseLocks(db: Db, viewer: Viewer, course: CourseSummary): Promise<Map<string, LessonLock>> {
  if (course.gating !== "exercises" || hasRole(viewer, "instructor")) return new Map();
  return getLessonLocks(db, viewer, course, await listExercises(course.slug));
}
