/**
 * For the /api/quiz route: after grading, record the signed-in learner's score (best score per quiz).
 * Anonymous requests are graded but not recorded. Never throws (a recording failure must not hide
 * the grade from the learner); returns whether a score was stored.
 *
 *   const result = await checkQuiz(lessonId, quizId, answers);
 *   await recordQuizForRequest(request, lessonId, result);
 */
import { getDb } from "../db";
import { readSession } from "../auth/server";
import { recordQuizResult, type QuizScore } from "./record";

export async function recordQuizForRequest(request: Request, lessonId: string, result: QuizScore): Promise<boolean> {
  try {
    const user = await readSession(request.headers);
    if (!user) return false;
    await recordQuizResult(getDb(), user.id, lessonId, { quizId: result.quizId, score: result.score, total: result.total });
    return true;
  } catch (e) {
    console.error("[progress] could not record quiz result:", e);
    return false;
  }
}

/** Same, shaped as createQuizHandler's `onResult` (app/api/quiz/handler.ts): `createQuizHandler({ onResult: onQuizResult })`. */
export async function onQuizResult(ctx: { request: Request; submission: { lessonId: string }; result: QuizScore }): Promise<void> {
  await recordQuizForRequest(ctx.request, ctx.submission.lessonId, ctx.result);
}
