/**
 * The /api/quiz recording hook with the real session machinery: a session cookie minted with
 * @auth/core's JWT encoder (as a sign-in would), read back through Auth() by readSession, and the
 * score stored in a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "@auth/core/jwt";
import { createTestDb, type TestDb } from "../db/test-db";
import { closeDb } from "../db/index";

let t: TestDb;
const SECRET = "test-secret-test-secret-test-secret-123";

beforeAll(() => {
  t = createTestDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  process.env.AUTH_SECRET = SECRET;
});
afterAll(async () => {
  await closeDb();
  await t.cleanup();
});

async function requestAs(userId: string | null): Promise<Request> {
  const headers = new Headers({ host: "localhost:3000" });
  if (userId) {
    const token = await encode({ token: { sub: userId, email: "q@example.com" }, secret: SECRET, salt: "authjs.session-token" });
    headers.set("cookie", `authjs.session-token=${token}`);
  }
  return new Request("http://localhost:3000/api/quiz", { method: "POST", headers });
}

describe("onQuizResult", () => {
  it("records the signed-in learner's best score and ignores anonymous submissions", async () => {
    const { onQuizResult, recordQuizForRequest } = await import("./quiz-hook");
    const user = await t.db.user.create({ data: { email: "q@example.com" } });
    const submission = { lessonId: "k8s/m/l" };
    await onQuizResult({ request: await requestAs(user.id), submission, result: { quizId: "q1", score: 1, total: 3 } });
    await onQuizResult({ request: await requestAs(user.id), submission, result: { quizId: "q1", score: 3, total: 3 } });
    await onQuizResult({ request: await requestAs(user.id), submission, result: { quizId: "q1", score: 2, total: 3 } });
    const row = await t.db.quizResult.findUniqueOrThrow({ where: { userId_lessonId_quizId: { userId: user.id, lessonId: "k8s/m/l", quizId: "q1" } } });
    expect(row).toMatchObject({ bestScore: 3, lastScore: 2, total: 3, attempts: 3 });

    expect(await recordQuizForRequest(await requestAs(null), "k8s/m/l", { quizId: "q2", score: 1, total: 1 })).toBe(false);
    expect(await recordQuizForRequest(await requestAs("no-such-user"), "k8s/m/l", { quizId: "q2", score: 1, total: 1 })).toBe(false);
    expect(await t.db.quizResult.count({ where: { quizId: "q2" } })).toBe(0);
  });
});
