/**
 * Compiles every lesson under the content root (env KUBELAB_CONTENT_DIR, default ./content, or the first
 * argument), validates the lessons' exercise checks and reference solutions (lib/grading), and fails with
 * one `file:line:column message` line per problem. Run by the build and tests:
 *   npx tsx scripts/content-check.ts [dir]
 */
import { checkContent, contentService } from "../lib/content";
import { checkExerciseContent } from "../lib/grading";

async function main(): Promise<number> {
  const dir = process.argv[2];
  const result = await checkContent(dir);
  const exercises = await checkExerciseContent(contentService(dir).root);
  const errors = [...result.errors, ...exercises.errors].sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1,
  );
  if (errors.length > 0) {
    for (const e of errors) console.error(e.message);
    console.error(`content check failed: ${errors.length} error${errors.length === 1 ? "" : "s"}`);
    return 1;
  }
  console.log(
    `content ok: ${result.courseCount} course${result.courseCount === 1 ? "" : "s"}, ${result.lessonCount} lesson${result.lessonCount === 1 ? "" : "s"}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(2);
  },
);
