/**
 * The PostgreSQL path for real: PGlite (PostgreSQL compiled to WASM) behind a socket server speaks
 * the wire protocol to `pg`. The committed SQL is applied by migratePostgres, then the PostgreSQL
 * Prisma client (adapter-pg) runs sign-up, authentication and progress against it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { createDb, type Db } from "../../lib/db/client";
import { MemoryRateLimitStore, RateLimiter, AUTH_RATE_LIMITS } from "../../lib/auth/rate-limit";
import { authenticate, createUser } from "../../lib/auth/users";
import { getCourseProgress, recordQuizResult, setCompleted } from "../../lib/progress/index";
import { ensureDatabase, migratePostgres, readMigrations } from "./database";
import { fromRoot } from "./paths";

let pglite: PGlite;
let socket: PGLiteSocketServer;
let url = "";

beforeAll(async () => {
  pglite = await PGlite.create();
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  socket = new PGLiteSocketServer({ db: pglite, port, host: "127.0.0.1", maxConnections: 20 });
  await socket.start();
  url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
});

afterAll(async () => {
  await socket?.stop();
  await pglite?.close();
});

describe("PostgreSQL schema", () => {
  it("applies the committed migrations once and records them like prisma migrate", async () => {
    const names = readMigrations(fromRoot("prisma/postgres/migrations")).map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await migratePostgres(url)).toEqual(names);
    expect(await migratePostgres(url)).toEqual([]);
    const rows = await pglite.query<{ migration_name: string; checksum: string }>('SELECT migration_name, checksum FROM "_prisma_migrations"');
    expect(rows.rows.map((r) => r.migration_name)).toEqual(names);
    expect(rows.rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("serves the app's queries through the PostgreSQL client", async () => {
    const db: Db = createDb(url);
    try {
      const user = await createUser(db, { email: "pg@example.com", password: "postgres-pass" });
      const limiter = new RateLimiter(new MemoryRateLimitStore(), AUTH_RATE_LIMITS);
      expect(await authenticate(db, limiter, { email: "pg@example.com", password: "postgres-pass", ip: null })).toMatchObject({ ok: true });
      const key = { userId: user.id, lessonId: "c/m/l", courseSlug: "c" };
      await setCompleted(db, key, true);
      await recordQuizResult(db, user.id, "c/m/l", { quizId: "q", score: 1, total: 2 });
      const course = {
        slug: "c",
        title: "C",
        summary: "",
        lessonCount: 1,
        totalMinutes: 1,
        modules: [
          {
            slug: "m",
            order: 1,
            title: "M",
            lessons: [{ id: "c/m/l", courseSlug: "c", moduleSlug: "m", slug: "l", href: "/courses/c/m/l", title: "L", order: 1, summary: "", durationMinutes: 1, objectives: [] }],
          },
        ],
      };
      expect(await getCourseProgress(db, user.id, course)).toMatchObject({ completed: 1, percent: 100, quizzes: [{ bestScore: 1, total: 2 }] });
    } finally {
      await db.$disconnect();
    }
  });

  it("the SQLite and PostgreSQL migrations describe the same tables", () => {
    const tables = (sql: string) => [...sql.matchAll(/CREATE TABLE "(\w+)"/g)].map((m) => m[1]).sort();
    const sqlite = readMigrations(fromRoot("prisma/migrations")).map((m) => m.sql).join("\n");
    const pg = readMigrations(fromRoot("prisma/postgres/migrations")).map((m) => m.sql).join("\n");
    expect(tables(pg)).toEqual(tables(sqlite));
  });
});

describe("SQLite schema", () => {
  it("ensureDatabase creates and migrates a new file with prisma migrate deploy, then skips the CLI", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kubelab-boot-"));
    const file = path.join(dir, "nested", "kubelab.db");
    await ensureDatabase(`file:${file}`);
    const db = new Database(file, { readonly: true });
    const applied = db.prepare("SELECT migration_name FROM _prisma_migrations").all() as { migration_name: string }[];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
    db.close();
    expect(applied.map((r) => r.migration_name)).toEqual(readMigrations(fromRoot("prisma/migrations")).map((m) => m.name));
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["User", "LessonProgress", "QuizResult", "RateLimit"]));
    await ensureDatabase(`file:${file}`);
    const again = new Database(file, { readonly: true });
    expect((again.prepare("SELECT count(*) AS n FROM _prisma_migrations").get() as { n: number }).n).toBe(applied.length);
    again.close();
  });

  it("prisma/postgres/schema.prisma is in sync with prisma/schema.prisma", () => {
    const check = spawnSync(process.execPath, [fromRoot("scripts/prisma-sync.mjs"), "--check"], { encoding: "utf8" });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
    expect(readFileSync(fromRoot("prisma/postgres/schema.prisma"), "utf8")).toContain('provider = "postgresql"');
  });
});
