/**
 * "Build if needed" for `npm start` (and the full build for `npm run build`):
 *   1. Prisma clients (SQLite + PostgreSQL) regenerated when the schema changed (stamp in lib/generated);
 *   2. the course checked and compiled by the content pipeline (checkContent) when content/ changed;
 *   3. `next build` when the app's sources changed since the last build.
 * Each step keeps a hash stamp, so an unchanged tree starts in seconds. A lock directory
 * (.next-build.lock) serializes concurrent starts on the same tree.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { prisma, run } from "./exec";
import { BootError, log, timed } from "./log";
import { ROOT, fromRoot } from "./paths";

/** What `next build` reads: app code, libraries, static files and configuration. */
const APP_INPUTS = ["app", "lib", "public", "next.config.mjs", "tsconfig.json", "package-lock.json", "postcss.config.mjs"];
const SKIP_DIRS = new Set(["node_modules", ".next", "generated", "__snapshots__"]);
const SKIP_FILE = /\.(test|spec)\.tsx?$|\.md$|~$/;

function walk(rel: string, out: string[]): void {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return;
  const st = statSync(abs);
  if (st.isFile()) {
    if (!SKIP_FILE.test(rel)) out.push(rel);
    return;
  }
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    if (entry.isDirectory() || entry.isFile()) walk(path.join(rel, entry.name), out);
  }
}

/** sha256 over the sorted relative paths and contents of `inputs` (files or folders under ROOT). */
export function hashInputs(inputs: string[], extra = ""): string {
  const files: string[] = [];
  for (const input of inputs) walk(input, files);
  const h = createHash("sha256").update(extra);
  for (const rel of files.sort()) h.update(`\0${rel}\0`).update(readFileSync(path.join(ROOT, rel)));
  return h.digest("hex");
}

function readStamp(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = fromRoot(".next-build.lock");
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      const pid = Number(readStamp(path.join(lock, "pid")));
      let alive = false;
      try {
        alive = pid > 0 && process.kill(pid, 0);
      } catch {
        alive = false;
      }
      if (!alive && waited > 1) rmSync(lock, { recursive: true, force: true });
      if (waited === 0) log("waiting for another build of this tree to finish…");
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function prismaVersion(): string {
  return JSON.parse(readFileSync(fromRoot("node_modules/prisma/package.json"), "utf8")).version as string;
}

/** Regenerates both Prisma clients when the schema (or Prisma) changed. Returns true when it ran. */
export async function ensurePrismaClients(force = false): Promise<boolean> {
  // @ts-expect-error -- plain ESM script without types
  const { syncPostgresSchema } = (await import("../../scripts/prisma-sync.mjs")) as { syncPostgresSchema(): string };
  if (syncPostgresSchema() === "written") log("updated prisma/postgres/schema.prisma from prisma/schema.prisma");
  const hash = hashInputs(["prisma/schema.prisma", "prisma/postgres/schema.prisma"], prismaVersion());
  const stamp = fromRoot("lib/generated/.schema-hash");
  const present = existsSync(fromRoot("lib/generated/prisma/client.ts")) && existsSync(fromRoot("lib/generated/prisma-pg/client.ts"));
  if (!force && present && readStamp(stamp) === hash) return false;
  await timed("generated the Prisma clients", async () => {
    await prisma(["generate"]);
    await prisma(["generate"], process.env, fromRoot("prisma/postgres"));
  });
  writeFileSync(stamp, hash);
  return true;
}

/** Checks and compiles every lesson (content pipeline). Throws BootError listing the problems. */
export async function ensureContent(force = false): Promise<boolean> {
  const contentDir = process.env.KUBELAB_CONTENT_DIR ? path.resolve(process.env.KUBELAB_CONTENT_DIR) : fromRoot("content");
  const hash = hashInputs([path.relative(ROOT, contentDir), "lib/content", "app/_components/lesson"]);
  const stamp = fromRoot(".cache/content-check.hash");
  if (!force && readStamp(stamp) === hash) return false;
  const { checkContent } = await import("../../lib/content/index");
  const result = await timed("checked and compiled the course content", () => checkContent());
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${e.message}`).join("\n");
    throw new BootError(`the course content has ${result.errors.length} problem(s):\n${lines}`);
  }
  log(`content: ${result.courseCount} course(s), ${result.lessonCount} lesson(s)`);
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
  return true;
}

/** Runs `next build` when the app's inputs changed since the last successful build. */
export async function ensureNextBuild(force = false): Promise<boolean> {
  const appHash = () => hashInputs(APP_INPUTS, readStamp(fromRoot("lib/generated/.schema-hash")) ?? "");
  const stamp = fromRoot(".next/kubelab-build.hash");
  if (!force && existsSync(fromRoot(".next/BUILD_ID")) && readStamp(stamp) === appHash()) {
    log("the app build is up to date");
    return false;
  }
  log("building the app (next build) — sources changed since the last build");
  await timed("built the app", () =>
    run(process.execPath, [fromRoot("node_modules/next/dist/bin/next"), "build"], {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
    }),
  );
  // hashed after the build: `next build` may rewrite tsconfig.json (it adds its type folders)
  writeFileSync(stamp, appHash());
  return true;
}

export async function ensureBuilt({ force = false } = {}): Promise<void> {
  await withLock(async () => {
    await ensurePrismaClients(force);
    await ensureContent(force);
    await ensureNextBuild(force);
  });
}
