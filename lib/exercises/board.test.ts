import { describe, expect, it } from "vitest";
import type { CourseSummary, LessonSummary } from "../content/types";
import { exerciseBoard } from "./board";
import type { ExerciseScore } from "./records";

function lesson(slug: string, order: number): LessonSummary {
  const id = `k8s/m/${slug}`;
  return { id, courseSlug: "k8s", moduleSlug: "m", slug, href: `/courses/${id}`, title: `T-${slug}`, order, summary: "", durationMinutes: 5, objectives: [] };
}
const course: CourseSummary = {
  slug: "k8s",
  title: "K8s",
  summary: "",
  lessonCount: 2,
  totalMinutes: 10,
  modules: [{ slug: "m", order: 1, title: "M", lessons: [lesson("a", 1), lesson("b", 2)] }],
};

describe("exerciseBoard", () => {
  it("lists the course's exercises in lesson order with the learner's best, attempts, last time and a link to the block", () => {
    const last = new Date("2026-11-27T10:00:00Z");
    const scores: ExerciseScore[] = [
      { exerciseId: "b1", lessonId: "k8s/m/b", bestScore: 3, lastScore: 1, total: 8, attempts: 4, passedAt: null, lastAt: last },
      { exerciseId: "elsewhere", lessonId: "x/m/z", bestScore: 1, lastScore: 1, total: 1, attempts: 1, passedAt: last, lastAt: last },
    ];
    const rows = exerciseBoard(
      course,
      [
        { id: "b1", lessonId: "k8s/m/b", title: "Scale", points: 8 },
        { id: "a1", lessonId: "k8s/m/a", title: "Pod", points: 2 },
        { id: "z1", lessonId: "x/m/z", title: "Other course", points: 1 },
      ],
      scores,
    );
    expect(rows).toEqual([
      { exerciseId: "a1", title: "Pod", lessonId: "k8s/m/a", lessonTitle: "T-a", href: "/courses/k8s/m/a#exercise-a1", points: 2, bestScore: null, total: 2, attempts: 0, lastAt: null, passed: false },
      { exerciseId: "b1", title: "Scale", lessonId: "k8s/m/b", lessonTitle: "T-b", href: "/courses/k8s/m/b#exercise-b1", points: 8, bestScore: 3, total: 8, attempts: 4, lastAt: last, passed: false },
    ]);
  });
});
