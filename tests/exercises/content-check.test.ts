/**
 * A broken exercise definition fails the content check (run by the build and by `npm test` through
 * tests/exercises/solutions.test.ts) with the file and line of every problem.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkExerciseContent } from "../../lib/grading";

const repo = path.resolve(import.meta.dirname, "../..");
const BROKEN = path.join(repo, "tests/fixtures/exercises-broken");
const F = "tests/fixtures/exercises-broken/course-x/01.basics/01.lesson";

describe("exercise checks at content build", () => {
  it("scripts/content-check.ts exits 1 and prints file:line:column for each broken check", async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), "kubelab-check-cache-"));
    const r = spawnSync(path.join(repo, "node_modules/.bin/tsx"), ["scripts/content-check.ts"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, KUBELAB_CONTENT_DIR: BROKEN, KUBELAB_CONTENT_CACHE_DIR: cacheDir },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `${F}.exercises.yaml:6:23 check "kind": unknown kind "Deploymnet" (did you mean "Deployment"?)`,
      `${F}.exercises.yaml:9:51 check "field": Deployment has no field "spec.template.spec.container" (did you mean "containers"?)`,
      `${F}.exercises.yaml:12:73 check "operator": unknown key or operator "greaterThan" (operators: equals, notEquals, matches, gte, gt, lte, lt, present, contains, oneOf; keys: kind, name, namespace, path, label)`,
      `${F}.exercises.yaml:13:11 check "type": a check needs one of: exists, absent, field, count, selects, owns, spread, placement, cordoned, event, endpoints, http`,
      `${F}.exercises.yaml:15:7 check "type": unknown key "pods" (allowed: id, title, points, within, exists, absent, field, count, selects, owns, spread, placement, cordoned, event, endpoints, http)`,
      `${F}.exercises.yaml:18:63 check "compare": "gte" compares numbers, but this field is a string`,
      `${F}.mdx:17:1 <Exercise id="no-checks"> has no checks: add "no-checks:" to 01.lesson.exercises.yaml`,
      "content check failed: 7 errors",
    ]);
  });

  it("the real content has no exercise errors", async () => {
    const r = await checkExerciseContent(path.join(repo, "content"));
    expect(r.errors.map(String)).toEqual([]);
    expect(r.exerciseCount).toBeGreaterThanOrEqual(6);
  });
});
