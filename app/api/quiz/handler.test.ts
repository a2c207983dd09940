import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { QUIZ_MDX, VALID_FRONTMATTER, lessonSource, writeContentTree } from "../../../lib/content/testing";
import { createQuizHandler, type QuizResultContext } from "./handler";
import { POST } from "./route";

const LESSON = "c/m/quiz";

beforeAll(async () => {
  process.env.KUBELAB_CONTENT_DIR = await writeContentTree({
    "c/course.yaml": "title: C\nsummary: S\n",
    "c/01.m/module.yaml": "title: M\n",
    "c/01.m/01.quiz.mdx": lessonSource(VALID_FRONTMATTER, QUIZ_MDX),
  });
  process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-route-cache-"));
});

function post(body: unknown, raw?: string): Request {
  return new Request("http://localhost/api/quiz", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
}

describe("POST /api/quiz", () => {
  it("grades a submission", async () => {
    const res = await POST(post({ lessonId: LESSON, quizId: "apply-flow", answers: { q1: "b", q2: "a" } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      quizId: "apply-flow",
      score: 1,
      total: 2,
      results: [
        { questionId: "q1", correct: true, explanation: "SECRET-EXPLANATION-ONE only the API server." },
        { questionId: "q2", correct: false, explanation: "SECRET-EXPLANATION-TWO the ReplicaSet controller." },
      ],
    });
  });

  it.each([
    ["not JSON", undefined, "{nope", "request body must be JSON"],
    ["a missing quizId", { lessonId: LESSON, answers: {} }, undefined, "invalid quiz submission"],
    ["a non-string answer", { lessonId: LESSON, quizId: "apply-flow", answers: { q1: 2 } }, undefined, "invalid quiz submission"],
    ["an unknown key", { lessonId: LESSON, quizId: "apply-flow", answers: {}, extra: true }, undefined, "invalid quiz submission"],
    [
      "an unknown question",
      { lessonId: LESSON, quizId: "apply-flow", answers: { q9: "a" } },
      undefined,
      'quiz "apply-flow" has no question "q9"',
    ],
    [
      "an unknown choice",
      { lessonId: LESSON, quizId: "apply-flow", answers: { q1: "z" } },
      undefined,
      'question "q1" of quiz "apply-flow" has no choice "z"',
    ],
  ])("answers 400 for %s", async (_what, body, raw, error) => {
    const res = await POST(post(body, raw));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error });
  });

  it.each([
    ["lesson", { lessonId: "c/m/none", quizId: "apply-flow", answers: {} }, "unknown_lesson"],
    ["quiz", { lessonId: LESSON, quizId: "nope", answers: {} }, "unknown_quiz"],
  ])("answers 404 for an unknown %s", async (_what, body, code) => {
    const res = await POST(post(body));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code });
  });

  it("hands each graded result to onResult (for progress recording)", async () => {
    const seen: QuizResultContext[] = [];
    const handler = createQuizHandler({ onResult: (ctx) => void seen.push(ctx) });
    const res = await handler(post({ lessonId: LESSON, quizId: "apply-flow", answers: { q1: "b", q2: "c" } }));
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.submission).toEqual({ lessonId: LESSON, quizId: "apply-flow", answers: { q1: "b", q2: "c" } });
    expect(seen[0]?.result.score).toBe(2);
    await handler(post({ lessonId: LESSON, quizId: "nope", answers: {} }));
    expect(seen).toHaveLength(1);
  });
});
