import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { getLesson } from "../../../lib/content";
import { VALID_FRONTMATTER, lessonSource, writeContentTree } from "../../../lib/content/testing";
import type { ExerciseHistory } from "../../../lib/exercises/history";
import { Exercise } from "./exercise";
import { ExerciseClient, ExerciseHistoryView } from "./exercise-client";
import { RECENT_ATTEMPTS, formatAttemptTime, withAttempt } from "./exercise-history";
import { LessonBody } from "./lesson-body";

const H: ExerciseHistory = {
  exerciseId: "make-pod",
  bestScore: 3,
  total: 5,
  attempts: 2,
  passed: false,
  lastAt: "2026-11-27T10:05:00.000Z",
  recent: [
    { score: 1, total: 5, at: "2026-11-27T10:05:00.000Z" },
    { score: 3, total: 5, at: "2026-11-27T10:01:00.000Z" },
  ],
};

beforeAll(async () => {
  process.env.KUBELAB_CONTENT_DIR = await writeContentTree({
    "c/course.yaml": "title: C\nsummary: S\n",
    "c/01.m/module.yaml": "title: M\n",
    "c/01.m/01.ex.mdx": lessonSource(VALID_FRONTMATTER, '## Do it\n\n<Exercise id="make-pod" title="Make a pod" points={5}>\n\nRun it.\n\n</Exercise>\n'),
    "c/01.m/01.ex.exercises.yaml":
      "make-pod:\n  checks:\n    - id: exists\n      title: Pod `web` exists\n      points: 5\n      exists: { kind: Pod, name: web }\n",
  });
  process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-exhistory-cache-"));
});

describe("withAttempt", () => {
  it("adds the attempt first, keeps the best, counts, and caps the list", () => {
    const h = withAttempt(H, { exerciseId: "make-pod", score: 2, total: 5, passed: false }, "2026-11-27T11:00:00.000Z");
    expect(h).toMatchObject({ bestScore: 3, attempts: 3, passed: false, lastAt: "2026-11-27T11:00:00.000Z" });
    expect(h.recent.map((a) => a.score)).toEqual([2, 1, 3]);
    let many = h;
    for (let i = 0; i < 10; i++) many = withAttempt(many, { exerciseId: "make-pod", score: 5, total: 5, passed: true }, `2026-11-27T12:0${i % 10}:00.000Z`);
    expect(many.recent).toHaveLength(RECENT_ATTEMPTS);
    expect(many).toMatchObject({ bestScore: 5, passed: true, attempts: 13 });
  });

  it("starts from nothing, and restarts the best when the total changed (as the records do)", () => {
    expect(withAttempt(null, { exerciseId: "x", score: 4, total: 5, passed: false }, "2026-11-27T11:00:00.000Z")).toEqual({
      exerciseId: "x",
      bestScore: 4,
      total: 5,
      attempts: 1,
      passed: false,
      lastAt: "2026-11-27T11:00:00.000Z",
      recent: [{ score: 4, total: 5, at: "2026-11-27T11:00:00.000Z" }],
    });
    expect(withAttempt(H, { exerciseId: "make-pod", score: 1, total: 8, passed: false }, "2026-11-27T11:00:00.000Z").bestScore).toBe(1);
  });

  it("formats times in UTC from the ISO string", () => {
    expect(formatAttemptTime("2026-11-27T10:05:59.000Z")).toBe("2026-11-27 10:05 UTC");
  });
});

describe("exercise history in the block", () => {
  it("shows the best score, the attempt count and the last attempts with their times", () => {
    const html = renderToStaticMarkup(createElement(ExerciseHistoryView, { history: H }));
    expect(html).toContain('data-testid="exercise-best" data-best="3" data-total="5"');
    expect(html).toContain("Best score: <strong>3 of 5</strong>");
    expect(html).toContain("2 attempts");
    expect(html).toMatch(/<li data-score="1">.*1\/5.*<time dateTime="2026-11-27T10:05:00.000Z">2026-11-27 10:05 UTC<\/time><\/li><li data-score="3">/);
    expect(html).not.toContain("passed ✓");
    expect(renderToStaticMarkup(createElement(ExerciseHistoryView, { history: { ...H, passed: true } }))).toContain("passed ✓");
  });

  it("says 'no attempts yet' to a signed-in learner who never tried, and shows nothing to an anonymous visitor", () => {
    const props = { exerciseId: "make-pod", points: 5, hints: [], checks: [] };
    expect(renderToStaticMarkup(createElement(ExerciseClient, { ...props, history: null }))).toContain('data-attempts="0">No attempts yet.');
    expect(renderToStaticMarkup(createElement(ExerciseClient, props))).not.toContain("exercise-history");
  });

  it("LessonBody binds each exercise to its lesson and the learner's history (null when never tried)", async () => {
    const lesson = (await getLesson("c", "m", "ex"))!;
    const bind = (exercises?: Record<string, ExerciseHistory>) => {
      const tree = LessonBody({ lesson, ...(exercises ? { exercises } : {}) });
      const content = tree.props.children as ReactElement<{ components: { Exercise: (p: object) => ReactElement<Record<string, unknown>> } }>;
      return content.props.components.Exercise({ id: "make-pod", title: "Make a pod", points: 5 });
    };
    const withHistory = bind({ "make-pod": H });
    expect(withHistory.type).toBe(Exercise);
    expect(withHistory.props).toMatchObject({ id: "make-pod", lessonId: "c/m/ex", history: H });
    expect(bind({}).props.history).toBeNull();
    expect(bind().props).not.toHaveProperty("history");
    const html = renderToStaticMarkup((await Exercise(withHistory.props as Parameters<typeof Exercise>[0])) as ReactElement);
    expect(html).toContain('data-check-id="exists"');
    expect(html).toContain("Best score: <strong>3 of 5</strong>");
  });
});
