/**
 * Quiz definitions (server side, with the answer key) and their public projection.
 *
 * Guarantees:
 * - `toPublicQuiz` returns a fresh object holding ids, prompts and choice texts only: no `answer`, no
 *   explanation. It is the only shape that may be handed to a client component.
 * - `gradeQuiz` is pure; it throws `QuizError` for a question or choice id the quiz does not have.
 *   Unanswered questions count as wrong and carry no explanation.
 *
 * Text fields are inline text where `backticks` mark code (see `inline.ts`).
 */
import { QuizError } from "./errors";
import type { QuizAnswerResult, QuizResult } from "./types";

export { splitInlineCode, type InlineSegment } from "./inline";

export interface QuizChoiceDefinition {
  id: string;
  text: string;
}
export interface QuizQuestionDefinition {
  id: string;
  prompt: string;
  choices: QuizChoiceDefinition[];
  /** id of the correct choice — server only */
  answer: string;
  /** shown after answering — server only until answered */
  explanation?: string;
}
export interface QuizDefinition {
  id: string;
  title?: string;
  questions: QuizQuestionDefinition[];
}

export interface PublicQuizQuestion {
  id: string;
  prompt: string;
  choices: QuizChoiceDefinition[];
}
/** What a browser may see of a quiz. */
export interface PublicQuiz {
  id: string;
  title?: string;
  questions: PublicQuizQuestion[];
}

export function toPublicQuiz(quiz: QuizDefinition): PublicQuiz {
  const out: PublicQuiz = {
    id: quiz.id,
    questions: quiz.questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      choices: q.choices.map((c) => ({ id: c.id, text: c.text })),
    })),
  };
  if (quiz.title !== undefined) out.title = quiz.title;
  return out;
}

export function gradeQuiz(quiz: QuizDefinition, answers: Readonly<Record<string, string>>): QuizResult {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  for (const [questionId, choiceId] of Object.entries(answers)) {
    const q = byId.get(questionId);
    if (!q) throw new QuizError("unknown_question", `quiz "${quiz.id}" has no question "${questionId}"`);
    if (!q.choices.some((c) => c.id === choiceId)) {
      throw new QuizError("unknown_choice", `question "${questionId}" of quiz "${quiz.id}" has no choice "${choiceId}"`);
    }
  }
  const results: QuizAnswerResult[] = quiz.questions.map((q) => {
    const given = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    const r: QuizAnswerResult = { questionId: q.id, correct: given === q.answer };
    if (given !== undefined && q.explanation) r.explanation = q.explanation;
    return r;
  });
  return { quizId: quiz.id, score: results.filter((r) => r.correct).length, total: results.length, results };
}
