/**
 * Graded exercises (server only; no Next, React or Prisma): the check language, its validation
 * at content build, and the grader.
 *
 *   const { exercises, errors } = parseExercisesFile(file, text);   // errors: ContentError (file:line:col)
 *   const result = await grade(exercise, embeddedTarget(cluster));   // per-check results, score, evidence
 *
 * `grade` reads only through the Kubernetes API (`GradingTarget.client`), so a real-cluster
 * backend can implement the same target; traffic checks use the optional `traffic` capability.
 * Reference solutions (`*.solutions.yaml`) are parsed by `parseSolutionsFile` for tests only and
 * are never served.
 */
export type * from "./types";
export { grade, type GradeOptions } from "./grade";
export { parseExercisesFile, type LoadedExercises } from "./load";
export { CHECK_TYPES, OPERATORS, type CheckType } from "./schema";
export { embeddedTarget, networkTraffic, parseHttpUrl } from "./embedded";
export { parsePath, getPath, validatePath, formatPath, PathError, type Segment } from "./paths";
export { resolveKind } from "./kinds";
export {
  exercisesFileFor,
  solutionsFileFor,
  mdxExercisesOf,
  type MdxExercise,
  loadLessonExercises,
  checkExerciseContent,
  type LessonExercises,
  type ExerciseContentCheck,
} from "./content";
export { parseSolutionsFile, type SolutionStep, type Solutions } from "./solutions";
