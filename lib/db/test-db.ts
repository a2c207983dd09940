/**
 * Test helper: a fresh SQLite database file in a temp folder with every committed migration applied
 * (the same SQL `prisma migrate deploy` runs), and a client for it. For vitest only.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "./client";

const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");

export interface TestDb {
  db: Db;
  file: string;
  cleanup(): Promise<void>;
}

export function createTestDb(): TestDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kubelab-db-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  for (const name of readdirSync(migrationsDir).filter((n) => /^\d+_/.test(n)).sort()) {
    raw.exec(readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
  }
  raw.close();
  const db = createDb(`file:${file}`);
  return {
    db,
    file,
    async cleanup() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
