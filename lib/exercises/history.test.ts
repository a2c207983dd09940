import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../db/test-db";
import type { GradeResult } from "../grading";
import { getExerciseHistory } from "./history";
import { recordAttempt } from "./records";
import { getExerciseAverages } from "./stats";

let t: TestDb;
let userId: string;
beforeEach(async () => {
  t = createTestDb();
  userId = (await t.db.user.create({ data: { email: "learner@example.com" } })).id;
});
afterEach(async () => {
  await t.cleanup();
});

const LESSON = "k8s/workloads/scaling";
function result(exerciseId: string, score: number, total = 8): GradeResult {
  return {
    exerciseId,
    score,
    total,
    passed: score === total,
    checks: [{ id: "c", title: "t", passed: score === total, points: total, earned: score, message: "m" }],
    evidence: { objects: [{ kind: "Deployment", namespace: "default", name: "web", resourceVersion: "7" }], observed: {} },
  };
}
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute));
const attempt = (exerciseId: string, score: number, minute: number, user = userId) =>
  recordAttempt(t.db, { userId: user, lessonId: LESSON, exerciseId }, result(exerciseId, score), at(minute));

describe("getExerciseHistory", () => {
  it("gives best score, attempt count and the newest attempts, as plain JSON without evidence", async () => {
    for (const [i, s] of [0, 3, 6, 2, 5, 4].entries()) await attempt("scale", s, i);
    await attempt("other-lesson-exercise", 8, 10);
    const h = await getExerciseHistory(t.db, userId, ["scale", "never-tried"], 3);
    expect(Object.keys(h)).toEqual(["scale"]);
    expect(h.scale).toEqual({
      exerciseId: "scale",
      bestScore: 6,
      total: 8,
      attempts: 6,
      passed: false,
      lastAt: "2026-11-27T10:05:00.000Z",
      recent: [
        { score: 4, total: 8, at: "2026-11-27T10:05:00.000Z" },
        { score: 5, total: 8, at: "2026-11-27T10:04:00.000Z" },
        { score: 2, total: 8, at: "2026-11-27T10:03:00.000Z" },
      ],
    });
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
    expect(JSON.stringify(h)).not.toContain("resourceVersion");
  });

  it("marks a passed exercise and keeps it passed after a worse attempt; only the learner's own records", async () => {
    const other = (await t.db.user.create({ data: { email: "o@example.com" } })).id;
    await attempt("scale", 8, 0);
    await attempt("scale", 1, 1);
    await attempt("scale", 7, 2, other);
    const h = await getExerciseHistory(t.db, userId, ["scale"]);
    expect(h.scale).toMatchObject({ bestScore: 8, passed: true, attempts: 2 });
    expect(h.scale?.recent.map((a) => a.score)).toEqual([1, 8]);
    expect(await getExerciseHistory(t.db, userId, [])).toEqual({});
  });
});

describe("getExerciseAverages", () => {
  it("averages learners' best scores per exercise and counts passes; instructors are left out", async () => {
    const b = (await t.db.user.create({ data: { email: "b@example.com" } })).id;
    const teacher = (await t.db.user.create({ data: { email: "i@example.com", role: "instructor" } })).id;
    await attempt("scale", 8, 0);
    await attempt("scale", 2, 1);
    await attempt("scale", 3, 2, b);
    await attempt("scale", 0, 3, teacher);
    await attempt("pods", 4, 4, b);
    const avg = await getExerciseAverages(t.db);
    expect(avg.get("scale")).toEqual({ exerciseId: "scale", learners: 2, averageBest: 5.5, passed: 1 });
    expect(avg.get("pods")).toEqual({ exerciseId: "pods", learners: 1, averageBest: 4, passed: 0 });
    expect(avg.size).toBe(2);
  });
});
