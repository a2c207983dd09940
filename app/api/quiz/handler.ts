/**
 * POST /api/quiz: `{ lessonId, quizId, answers: { [questionId]: choiceId } }` → QuizResult.
 * 400 for a malformed body or an unknown question/choice, 404 for an unknown lesson or quiz.
 *
 * `onResult` lets the app record progress (e.g. for the signed-in learner) without touching grading:
 *   export const POST = createQuizHandler({ onResult: ({ request, submission, result }) => save(...) });
 */
import { checkQuiz, isQuizError, quizSubmissionSchema, type QuizResult, type QuizSubmission } from "../../../lib/content";

export interface QuizResultContext {
  request: Request;
  submission: QuizSubmission;
  result: QuizResult;
}

export interface QuizHandlerOptions {
  onResult?: (ctx: QuizResultContext) => Promise<void> | void;
  grade?: typeof checkQuiz;
}

export function createQuizHandler(opts: QuizHandlerOptions = {}) {
  const grade = opts.grade ?? checkQuiz;
  return async function POST(request: Request): Promise<Response> {
    let raw: unknown;
    try {
      raw = await request.json();
    } catch {
      return Response.json({ error: "request body must be JSON" }, { status: 400 });
    }
    const parsed = quizSubmissionSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
      return Response.json({ error: "invalid quiz submission", issues }, { status: 400 });
    }
    const submission = parsed.data;
    let result: QuizResult;
    try {
      result = await grade(submission.lessonId, submission.quizId, submission.answers);
    } catch (err) {
      if (isQuizError(err)) return Response.json({ error: err.message, code: err.code }, { status: err.httpStatus });
      throw err;
    }
    if (opts.onResult) await opts.onResult({ request, submission, result });
    return Response.json(result);
  };
}
