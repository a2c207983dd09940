import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../db/test-db";
import type { CourseSummary, LessonSummary } from "../content/types";
import { getCohort } from "./cohort";
import { getCourseProgress, getLearning, getLessonStatus } from "./read";
import { recordLessonOpen, recordQuizResult, savePosition, setCompleted } from "./record";

function lesson(module: string, slug: string, order: number): LessonSummary {
  const id = `k8s/${module}/${slug}`;
  return { id, courseSlug: "k8s", moduleSlug: module, slug, href: `/courses/${id}`, title: slug, order, summary: "", durationMinutes: 5, objectives: [] };
}
const course: CourseSummary = {
  slug: "k8s",
  title: "K8s",
  summary: "",
  lessonCount: 3,
  totalMinutes: 15,
  modules: [
    { slug: "m1", order: 1, title: "M1", lessons: [lesson("m1", "a", 1), lesson("m1", "b", 2)] },
    { slug: "m2", order: 2, title: "M2", lessons: [lesson("m2", "c", 1)] },
  ],
};

let t: TestDb;
let userId = "";
let other = "";
beforeAll(async () => {
  t = createTestDb();
  userId = (await t.db.user.create({ data: { email: "l@example.com" } })).id;
  other = (await t.db.user.create({ data: { email: "m@example.com" } })).id;
  await t.db.user.create({ data: { email: "i@example.com", role: "instructor" } });
});
afterAll(async () => {
  await t.cleanup();
});

const key = (lessonId: string, u = userId) => ({ userId: u, lessonId, courseSlug: "k8s" });
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

describe("progress", () => {
  it("keeps the first open time and the last position", async () => {
    await recordLessonOpen(t.db, key("k8s/m1/a"), at(1));
    await recordLessonOpen(t.db, key("k8s/m1/a"), at(5));
    await savePosition(t.db, key("k8s/m1/a"), "the-watch-cache", at(6));
    const { status } = await getLessonStatus(t.db, userId, "k8s/m1/a");
    expect(status?.startedAt).toEqual(at(1));
    expect(status?.lastSeenAt).toEqual(at(6));
    expect(status?.lastPosition).toBe("the-watch-cache");
    await expect(savePosition(t.db, key("k8s/m1/a"), "<script>", at(7))).rejects.toThrow(RangeError);
  });

  it("resumes the last unfinished lesson at its anchor, then the next open one", async () => {
    let p = await getCourseProgress(t.db, userId, course);
    expect(p.resume).toMatchObject({ kind: "resume", href: "/courses/k8s/m1/a#the-watch-cache" });
    expect(p).toMatchObject({ completed: 0, total: 3, percent: 0 });

    expect(await setCompleted(t.db, key("k8s/m1/a"), true, at(10))).toEqual(at(10));
    expect(await setCompleted(t.db, key("k8s/m1/a"), true, at(11))).toEqual(at(10));
    p = await getCourseProgress(t.db, userId, course);
    expect(p).toMatchObject({ completed: 1, percent: 33 });
    expect(p.resume).toMatchObject({ kind: "next", href: "/courses/k8s/m1/b" });

    expect(await setCompleted(t.db, key("k8s/m1/a"), false, at(12))).toBeNull();
    p = await getCourseProgress(t.db, userId, course);
    expect(p.completed).toBe(0);
    expect(p.resume?.kind).toBe("resume");
  });

  it("keeps the best quiz score and counts attempts", async () => {
    await recordQuizResult(t.db, userId, "k8s/m1/a", { quizId: "q1", score: 2, total: 3 }, at(20));
    await recordQuizResult(t.db, userId, "k8s/m1/a", { quizId: "q1", score: 1, total: 3 }, at(21));
    const { quizzes } = await getLessonStatus(t.db, userId, "k8s/m1/a");
    expect(quizzes).toEqual([{ lessonId: "k8s/m1/a", quizId: "q1", bestScore: 2, lastScore: 1, total: 3, attempts: 2 }]);
  });

  it("lists started courses on the dashboard and ignores lessons that left the catalogue", async () => {
    await recordLessonOpen(t.db, { userId, lessonId: "k8s/gone/x", courseSlug: "k8s" }, at(30));
    const learning = await getLearning(t.db, userId, [course]);
    expect(learning).toHaveLength(1);
    expect(learning[0]?.lessons.has("k8s/gone/x")).toBe(false);
    expect(await getLearning(t.db, other, [course])).toEqual([]);
  });

  it("shows learners (not instructors) in the cohort view", async () => {
    await setCompleted(t.db, key("k8s/m2/c", other), true, at(40));
    const cohort = await getCohort(t.db, course);
    expect(cohort.map((r) => r.user.email)).toEqual(["l@example.com", "m@example.com"]);
    expect(cohort[1]?.progress).toMatchObject({ completed: 1, percent: 33 });
    expect(cohort[0]?.progress.quizzes[0]).toMatchObject({ quizId: "q1", bestScore: 2 });
  });
});
