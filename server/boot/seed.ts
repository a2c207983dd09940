/**
 * The demo instructor for the embedded setup. Created once (an existing account is left alone, even
 * if its password was changed); the credentials are printed when it is created.
 */
import Database from "better-sqlite3";
import { createDb } from "../../lib/db/client";
import { parseDatabaseUrl } from "../../lib/db/url";
import { createUser } from "../../lib/auth/users";
import { log } from "./log";

export const DEMO_INSTRUCTOR = { email: "instructor@kubelab.local", password: "kubelab-demo", name: "Demo Instructor" } as const;

/** Cheap check without starting Prisma (SQLite only): the common case on every start. */
function sqliteHasDemo(databaseUrl: string): boolean {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind !== "sqlite") return false;
  const raw = new Database(target.location, { readonly: true, fileMustExist: true });
  try {
    return !!raw.prepare('SELECT 1 FROM "User" WHERE email = ?').get(DEMO_INSTRUCTOR.email);
  } finally {
    raw.close();
  }
}

export async function seedDemoInstructor(databaseUrl: string): Promise<boolean> {
  if (sqliteHasDemo(databaseUrl)) return false;
  const db = createDb(databaseUrl);
  try {
    if (await db.user.findUnique({ where: { email: DEMO_INSTRUCTOR.email }, select: { id: true } })) return false;
    await createUser(db, DEMO_INSTRUCTOR, "instructor");
    log(`created the demo instructor: ${DEMO_INSTRUCTOR.email} / ${DEMO_INSTRUCTOR.password} (set KUBELAB_DEMO_ACCOUNT=false to skip)`);
    return true;
  } finally {
    await db.$disconnect();
  }
}
