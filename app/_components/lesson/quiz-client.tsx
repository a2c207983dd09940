"use client";
/**
 * Interactive quiz: native radio groups (arrow keys move within a question, Tab between questions), one
 * submit, per-question feedback announced politely. Grades on the server (POST /api/quiz); the answer
 * key is never sent to the browser. Dispatches `kubelab:quiz-result` on window after grading.
 */
import { useId, useState, type FormEvent } from "react";
import type { PublicQuiz } from "../../../lib/content/quiz";
import type { QuizResult } from "../../../lib/content/types";
import { QUIZ_RESULT_EVENT, type QuizResultDetail } from "./events";
import { InlineParagraphs, InlineText } from "./inline-text";

export interface QuizClientProps {
  lessonId: string;
  quiz: PublicQuiz;
  endpoint?: string;
}

type Status = { kind: "idle" } | { kind: "sending" } | { kind: "error"; message: string } | { kind: "graded"; result: QuizResult };

export function QuizClient({ lessonId, quiz, endpoint = "/api/quiz" }: QuizClientProps) {
  const uid = useId();
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const graded = status.kind === "graded" ? status.result : undefined;
  const unanswered = quiz.questions.filter((q) => !answers[q.id]).length;

  function choose(questionId: string, choiceId: string) {
    setAnswers((a) => ({ ...a, [questionId]: choiceId }));
    if (status.kind === "graded" || status.kind === "error") setStatus({ kind: "idle" });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (unanswered > 0) {
      setStatus({ kind: "error", message: `Answer every question first (${unanswered} left).` });
      return;
    }
    setStatus({ kind: "sending" });
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ lessonId, quizId: quiz.id, answers }),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<QuizResult> & { error?: string };
      if (!res.ok || !Array.isArray(body.results)) {
        setStatus({ kind: "error", message: body.error ?? `Could not check your answers (HTTP ${res.status}).` });
        return;
      }
      const result = body as QuizResult;
      setStatus({ kind: "graded", result });
      window.dispatchEvent(new CustomEvent<QuizResultDetail>(QUIZ_RESULT_EVENT, { detail: { lessonId, result } }));
    } catch {
      setStatus({ kind: "error", message: "Could not reach the server. Check your connection and try again." });
    }
  }

  return (
    <section className="mdx-quiz" aria-labelledby={`${uid}-title`} data-quiz-id={quiz.id}>
      <h3 className="mdx-quiz-title" id={`${uid}-title`}>
        {quiz.title ?? "Quiz"}
      </h3>
      <form onSubmit={onSubmit} noValidate>
        <ol className="mdx-quiz-questions">
          {quiz.questions.map((q) => {
            const r = graded?.results.find((x) => x.questionId === q.id);
            const state = r ? (r.correct ? "correct" : "incorrect") : "open";
            const fid = `${uid}-${q.id}`;
            return (
              <li key={q.id} className="mdx-quiz-question" data-state={state}>
                <fieldset aria-describedby={r ? `${fid}-feedback` : undefined}>
                  <legend className="mdx-quiz-prompt">
                    <InlineText text={q.prompt} />
                  </legend>
                  <div className="mdx-quiz-choices">
                    {q.choices.map((c) => (
                      <label key={c.id} className="mdx-quiz-choice" data-selected={answers[q.id] === c.id || undefined}>
                        <input
                          type="radio"
                          name={fid}
                          value={c.id}
                          checked={answers[q.id] === c.id}
                          onChange={() => choose(q.id, c.id)}
                          disabled={status.kind === "sending"}
                        />
                        <span className="mdx-quiz-choice-text">
                          <InlineText text={c.text} />
                        </span>
                      </label>
                    ))}
                  </div>
                  {r ? (
                    <div className="mdx-quiz-feedback" id={`${fid}-feedback`}>
                      <p className="mdx-quiz-verdict">{r.correct ? "✓ Correct" : "✗ Not quite"}</p>
                      {r.explanation ? <InlineParagraphs text={r.explanation} className="mdx-quiz-explanation" /> : null}
                    </div>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="mdx-quiz-actions">
          <button type="submit" className="mdx-quiz-submit" disabled={status.kind === "sending"}>
            {status.kind === "sending" ? "Checking…" : graded ? "Check again" : "Check answers"}
          </button>
          <p className="mdx-quiz-status" role="status" aria-live="polite">
            {status.kind === "error"
              ? status.message
              : graded
                ? `You got ${graded.score} of ${graded.total} right.${graded.score < graded.total ? " Change an answer and check again." : " Well done!"}`
                : ""}
          </p>
        </div>
      </form>
    </section>
  );
}
