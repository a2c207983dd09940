/**
 * Brings the database schema up to date before the server starts.
 * - SQLite: creates the file's folder; when a committed migration is not yet applied (read from
 *   _prisma_migrations), runs `prisma migrate deploy` (JS schema engine, offline). Up to date → no CLI call.
 * - PostgreSQL: the JS engine cannot `migrate deploy` there, so the committed SQL in
 *   prisma/postgres/migrations is applied here in a transaction per migration, under an advisory
 *   lock, and recorded in a Prisma-compatible _prisma_migrations table (a native `prisma migrate
 *   deploy` later sees them as applied).
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { parseDatabaseUrl } from "../../lib/db/url";
import { prisma } from "./exec";
import { BootError, log, timed } from "./log";
import { fromRoot } from "./paths";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function appliedSqlite(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return new Set();
    const rows = db
      .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
      .all() as { migration_name: string }[];
    return new Set(rows.map((r) => r.migration_name));
  } finally {
    db.close();
  }
}

async function migrateSqlite(file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const applied = appliedSqlite(file);
  const pending = readMigrations(fromRoot("prisma/migrations")).filter((m) => !applied.has(m.name));
  if (pending.length === 0) {
    log(`database ${file} is up to date`);
    return;
  }
  await timed(`applied ${pending.length} migration(s) to ${file}`, () =>
    prisma(["migrate", "deploy"], { ...process.env, DATABASE_URL: `file:${file}` }),
  );
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Applies pending PostgreSQL migrations; exported for tests. */
export async function migratePostgres(connectionString: string, dir = fromRoot("prisma/postgres/migrations")): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const done: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    for (const m of readMigrations(dir).filter((m) => !applied.has(m.name))) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)',
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        done.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK");
        throw new BootError(`PostgreSQL migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => undefined);
    await client.end();
  }
  return done;
}

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === "sqlite") {
    await migrateSqlite(target.location);
    // write-ahead logging: readers never wait for a writer and a commit appends to the log instead
    // of rewriting pages (the server's event loop blocks on each synchronous SQLite commit).
    // The mode is stored in the file, so every later connection (Prisma's) uses it.
    const db = new Database(target.location);
    try {
      db.pragma("journal_mode = WAL");
    } finally {
      db.close();
    }
    return;
  }
  try {
    const applied = await migratePostgres(target.location);
    log(applied.length ? `applied PostgreSQL migrations: ${applied.join(", ")}` : "PostgreSQL schema is up to date");
  } catch (e) {
    if (e instanceof BootError) throw e;
    throw new BootError(`cannot reach the PostgreSQL database in DATABASE_URL: ${(e as Error).message}`);
  }
}
