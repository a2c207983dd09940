/**
 * Compiles every lesson under the content root (env KUBELAB_CONTENT_DIR, default ./content, or the first
 * argument) and fails with one `file:line:column message` line per problem. Run by the build and tests:
 *   npx tsx scripts/content-check.ts [dir]
 */
import { checkContent } from "../lib/content";

async function main(): Promise<number> {
  const dir = process.argv[2];
  const result = await checkContent(dir);
  if (!result.ok) {
    for (const e of result.errors) console.error(e.message);
    console.error(`content check failed: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}`);
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
