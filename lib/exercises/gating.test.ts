import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CourseSummary, LessonSummary } from "../content/types";
import { createTestDb, type TestDb } from "../db/test-db";
import { VALID_FRONTMATTER, lessonSource, writeContentTree } from "../content/testing";
import { isExercisePassed, lessonLocks, type GatingExercise } from "./gating";
import { getLessonLock, getLessonLocks } from "./gating-db";
import { getCourseLocks, listExercises } from "./index";
import { recordAttempt } from "./records";
import type { GradeResult } from "../grading";

function lesson(module: string, slug: string, order: number): LessonSummary {
  const id = `k8s/${module}/${slug}`;
  return { id, courseSlug: "k8s", moduleSlug: module, slug, href: `/courses/${id}`, title: `T-${slug}`, order, summary: "", durationMinutes: 5, objectives: [] };
}
const base: CourseSummary = {
  slug: "k8s",
  title: "K8s",
  summary: "",
  lessonCount: 4,
  totalMinutes: 20,
  modules: [
    { slug: "m1", order: 1, title: "M1", lessons: [lesson("m1", "a", 1), lesson("m1", "b", 2)] },
    { slug: "m2", order: 2, title: "M2", lessons: [lesson("m2", "c", 1), lesson("m2", "d", 2)] },
  ],
};
const gated: CourseSummary = { ...base, gating: "exercises" };
// lesson a: no exercise; b: two exercises; c: one; d: none
const exercises: GatingExercise[] = [
  { id: "b1", lessonId: "k8s/m1/b", title: "B one", points: 5 },
  { id: "b2", lessonId: "k8s/m1/b", title: "B two", points: 3 },
  { id: "c1", lessonId: "k8s/m2/c", title: "C one", points: 4 },
];
const score = (exerciseId: string, bestScore: number, passedAt: Date | null = null) => ({ exerciseId, bestScore, passedAt });

describe("isExercisePassed", () => {
  it("passes on a best score reaching the points or a recorded pass, not on a partial score", () => {
    expect(isExercisePassed(undefined, 5)).toBe(false);
    expect(isExercisePassed({ bestScore: 4, passedAt: null }, 5)).toBe(false);
    expect(isExercisePassed({ bestScore: 5, passedAt: null }, 5)).toBe(true);
    // the exercise grew from 5 to 8 points after the learner passed it: still passed
    expect(isExercisePassed({ bestScore: 5, passedAt: new Date(0) }, 8)).toBe(true);
    expect(isExercisePassed({ bestScore: 0, passedAt: null }, 0)).toBe(false);
  });
});

describe("lessonLocks", () => {
  it("locks nothing when the course has no gating", () => {
    expect(lessonLocks(base, exercises, []).size).toBe(0);
  });

  it("locks every lesson after the first unpassed exercise, naming it; the exercise's own lesson stays open", () => {
    const locks = lessonLocks(gated, exercises, [score("b1", 2)]);
    expect([...locks.keys()]).toEqual(["k8s/m2/c", "k8s/m2/d"]);
    expect(locks.get("k8s/m2/d")).toEqual({
      lessonId: "k8s/m2/d",
      blockedBy: { exerciseId: "b1", exerciseTitle: "B one", lessonId: "k8s/m1/b", lessonTitle: "T-b", href: "/courses/k8s/m1/b#exercise-b1" },
    });
  });

  it("moves the lock on as exercises pass: every exercise of a lesson must pass", () => {
    const afterB1 = lessonLocks(gated, exercises, [score("b1", 5)]);
    expect(afterB1.get("k8s/m2/c")?.blockedBy.exerciseId).toBe("b2");
    const afterB = lessonLocks(gated, exercises, [score("b1", 5), score("b2", 3)]);
    expect([...afterB.keys()]).toEqual(["k8s/m2/d"]);
    expect(afterB.get("k8s/m2/d")?.blockedBy.href).toBe("/courses/k8s/m2/c#exercise-c1");
    expect(lessonLocks(gated, exercises, [score("b1", 5), score("b2", 3), score("c1", 4)]).size).toBe(0);
  });
});

function result(exerciseId: string, score: number, total: number): GradeResult {
  return { exerciseId, score, total, passed: score === total, checks: [], evidence: { objects: [], observed: {} } };
}

describe("getLessonLocks (records)", () => {
  let t: TestDb;
  let learner: { id: string; role: "learner" };
  beforeEach(async () => {
    t = createTestDb();
    learner = { id: (await t.db.user.create({ data: { email: "l@example.com" } })).id, role: "learner" };
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("reads the learner's own records; instructors and admins bypass; anonymous visitors are locked", async () => {
    const other = (await t.db.user.create({ data: { email: "o@example.com" } })).id;
    for (const [id, total] of [["b1", 5], ["b2", 3]] as const)
      await recordAttempt(t.db, { userId: other, lessonId: "k8s/m1/b", exerciseId: id }, result(id, total, total));
    expect([...(await getLessonLocks(t.db, learner, gated, exercises)).keys()]).toEqual(["k8s/m2/c", "k8s/m2/d"]);
    expect((await getLessonLocks(t.db, null, gated, exercises)).size).toBe(2);
    expect((await getLessonLocks(t.db, { id: learner.id, role: "instructor" }, gated, exercises)).size).toBe(0);
    expect((await getLessonLocks(t.db, { id: learner.id, role: "admin" }, gated, exercises)).size).toBe(0);

    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m1/b", exerciseId: "b1" }, result("b1", 5, 5));
    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m1/b", exerciseId: "b2" }, result("b2", 2, 3));
    expect((await getLessonLock(t.db, learner, gated, exercises, "k8s/m2/c"))?.blockedBy.exerciseId).toBe("b2");
    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m1/b", exerciseId: "b2" }, result("b2", 3, 3));
    expect(await getLessonLock(t.db, learner, gated, exercises, "k8s/m2/c")).toBeUndefined();
    expect((await getLessonLock(t.db, learner, gated, exercises, "k8s/m2/d"))?.blockedBy.exerciseId).toBe("c1");
  });

  it("getCourseLocks takes the exercises from the content, in course order", async () => {
    process.env.KUBELAB_CONTENT_DIR = await writeContentTree({
      "k8s/course.yaml": "title: K8s\nsummary: S\ngating: exercises\n",
      "k8s/01.m1/module.yaml": "title: M1\n",
      "k8s/01.m1/01.a.mdx": lessonSource(VALID_FRONTMATTER),
      "k8s/01.m1/02.b.mdx": lessonSource(VALID_FRONTMATTER, '## Do it\n\n<Exercise id="make-pod" title="Make a pod" points={2}>\n\nRun it.\n\n</Exercise>\n'),
      "k8s/01.m1/02.b.exercises.yaml":
        "make-pod:\n  checks:\n    - id: exists\n      title: Pod `web` exists\n      points: 2\n      exists: { kind: Pod, name: web }\n",
      "k8s/02.m2/module.yaml": "title: M2\n",
      "k8s/02.m2/01.c.mdx": lessonSource(VALID_FRONTMATTER),
    });
    process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-gating-cache-"));
    expect(await listExercises("k8s")).toEqual([
      { id: "make-pod", lessonId: "k8s/m1/b", title: "Make a pod", points: 2, hints: [], checks: [{ id: "exists", title: "Pod `web` exists", points: 2 }] },
    ]);
    expect(await listExercises("other")).toEqual([]);
    const course: CourseSummary = {
      ...gated,
      modules: [
        { slug: "m1", order: 1, title: "M1", lessons: [lesson("m1", "a", 1), lesson("m1", "b", 2)] },
        { slug: "m2", order: 2, title: "M2", lessons: [lesson("m2", "c", 1)] },
      ],
    };
    expect([...(await getCourseLocks(t.db, learner, course)).keys()]).toEqual(["k8s/m2/c"]);
    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m1/b", exerciseId: "make-pod" }, result("make-pod", 2, 2));
    expect((await getCourseLocks(t.db, learner, course)).size).toBe(0);
  });
});
