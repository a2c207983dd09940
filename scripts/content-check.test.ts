import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.resolve(import.meta.dirname, "..");
const tsx = path.join(repo, "node_modules/.bin/tsx");

async function run(contentDir: string) {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), "kubelab-check-cache-"));
  return spawnSync(tsx, ["scripts/content-check.ts"], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, KUBELAB_CONTENT_DIR: contentDir, KUBELAB_CONTENT_CACHE_DIR: cacheDir },
  });
}

describe("scripts/content-check.ts", () => {
  it("exits non-zero and prints file:line:column for the broken fixture", async () => {
    const r = await run(path.join(repo, "tests/fixtures/content-broken"));
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toEqual([
      "tests/fixtures/content-broken/broken-course/01.basics/01.unclosed-callout.mdx:13:1 Expected a closing tag for `<Callout>`",
      'tests/fixtures/content-broken/broken-course/01.basics/02.bad-frontmatter.mdx:4:1 frontmatter "duration": duration must be a number of minutes, e.g. `duration: 12`',
      'tests/fixtures/content-broken/broken-course/01.basics/02.bad-frontmatter.mdx:7:1 frontmatter: unknown key "tags" (allowed: title, summary, duration, objectives, sandbox)',
      'tests/fixtures/content-broken/broken-course/01.basics/03.bad-quiz.mdx:12:3 question "q1" has answer="e" but no <Choice id="e"> (choices: a, b)',
      "content check failed: 4 errors",
    ]);
  });

  it("exits zero on the real content", async () => {
    const r = await run(path.join(repo, "content"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^content ok: 1 course, \d+ lessons?\n$/);
  });
});
