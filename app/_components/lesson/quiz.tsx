/**
 * Server component for `<Quiz id="…" />` (remark-quiz leaves only the id in the compiled MDX). It loads
 * the lesson's public quiz — ids, prompts and choices, never answers or explanations — and hands it to
 * the client component, which grades through POST /api/quiz.
 */
import { getPublicQuizzes } from "../../../lib/content";
import { QuizClient } from "./quiz-client";

export async function Quiz({ id, lessonId }: { id: string; lessonId: string }) {
  const quiz = (await getPublicQuizzes(lessonId)).find((q) => q.id === id);
  if (!quiz) throw new Error(`lesson "${lessonId}" has no quiz "${id}"`);
  return <QuizClient lessonId={lessonId} quiz={quiz} />;
}
