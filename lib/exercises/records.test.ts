import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../db/test-db";
import type { GradeResult } from "../grading";
import { getAttempts, getExerciseScores, recordAttempt } from "./records";

let t: TestDb;
let userId: string;
beforeEach(async () => {
  t = createTestDb();
  userId = (await t.db.user.create({ data: { email: "learner@example.com", name: "L" } })).id;
});
afterEach(async () => {
  await t.cleanup();
});

const LESSON = "kubernetes-behind-the-scenes/workloads/scaling-and-services";
const key = () => ({ userId, lessonId: LESSON, exerciseId: "scale-and-serve" });

function result(score: number, total = 8): GradeResult {
  return {
    exerciseId: "scale-and-serve",
    score,
    total,
    passed: score === total,
    checks: [
      {
        id: "five-ready",
        title: "t",
        passed: score > 0,
        points: 2,
        earned: score > 0 ? 2 : 0,
        message: score > 0 ? "found 5 ready replicas" : "found 2 ready replicas, expected 5",
      },
    ],
    evidence: {
      objects: [{ kind: "Deployment", namespace: "default", name: "web", resourceVersion: "42" }],
      observed: { "five-ready": score > 0 ? 5 : 2 },
    },
  };
}

describe("exercise records", () => {
  it("keeps every attempt with its results and evidence, and the best score", async () => {
    const t0 = new Date("2026-11-27T10:00:00Z");
    await recordAttempt(t.db, key(), result(0), t0);
    await recordAttempt(t.db, key(), result(6), new Date(t0.getTime() + 60_000));
    const s = await recordAttempt(t.db, key(), result(2), new Date(t0.getTime() + 120_000));
    expect(s).toMatchObject({ bestScore: 6, lastScore: 2, total: 8, attempts: 3, passedAt: null });
    const attempts = await getAttempts(t.db, userId, "scale-and-serve");
    expect(attempts.map((a) => a.score)).toEqual([2, 6, 0]);
    expect(attempts[2]!.checks[0]!.message).toBe("found 2 ready replicas, expected 5");
    expect(attempts[2]!.evidence.objects[0]).toEqual({ kind: "Deployment", namespace: "default", name: "web", resourceVersion: "42" });
    expect(await getExerciseScores(t.db, userId, LESSON)).toHaveLength(1);
    expect(await t.db.lessonProgress.findMany({ where: { userId } })).toEqual([]);
  });

  it("a passing attempt sets passedAt once and marks the lesson complete", async () => {
    const t1 = new Date("2026-11-27T11:00:00Z");
    await recordAttempt(t.db, key(), result(8), t1);
    const again = await recordAttempt(t.db, key(), result(3), new Date(t1.getTime() + 1000));
    expect(again).toMatchObject({ bestScore: 8, lastScore: 3, passedAt: t1 });
    const progress = await t.db.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId: LESSON } } });
    expect(progress?.completedAt).toEqual(t1);
    expect(progress?.courseSlug).toBe("kubernetes-behind-the-scenes");
  });

  it("starts a new best when the exercise's total changed", async () => {
    await recordAttempt(t.db, key(), result(8));
    const s = await recordAttempt(t.db, key(), result(3, 10));
    expect(s).toMatchObject({ bestScore: 3, total: 10 });
  });
});
