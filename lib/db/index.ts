/**
 * The process-wide database client. `getDb()` opens it on first use from the validated DATABASE_URL
 * and reuses it (also across Next dev-mode reloads, via globalThis). Server-only.
 */
import { getEnv } from "../env";
import { createDb, type Db } from "./client";

export type { Db };
export { createDb };
export { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseKind, type DatabaseTarget } from "./url";
export type { User, LessonProgress, QuizResult } from "../generated/prisma/client";

const globalForDb = globalThis as unknown as { __kubelabDb?: Db };

export function getDb(): Db {
  globalForDb.__kubelabDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.__kubelabDb;
}

/** Disconnects the shared client (server shutdown, tests). */
export async function closeDb(): Promise<void> {
  const db = globalForDb.__kubelabDb;
  globalForDb.__kubelabDb = undefined;
  await db?.$disconnect();
}
