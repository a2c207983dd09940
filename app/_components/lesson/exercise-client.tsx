"use client";
/**
 * The interactive part of an exercise: hints revealed one at a time, "Check my work", and the
 * per-check results inline. Grades on the server:
 *   POST /api/sandboxes/<sandboxId>/exercises/<exerciseId>/check   (body: {"lessonId": "…"})
 * which answers a `PublicGradeResult` ({ score, total, passed, checks: [{ id, title, passed,
 * points, earned, message }] }) or `{ error }`. The browser never sees check definitions.
 *
 * The sandbox id comes from the `sandboxId` prop, else the nearest `[data-sandbox-id]` element
 * (the sandbox panel sets it), else the last `kubelab:sandbox` event. Dispatches
 * `kubelab:exercise-result` on window after grading.
 */
import { useEffect, useId, useRef, useState } from "react";
import { InlineText } from "./inline-text";
import { formatAttemptTime, withAttempt, type ExerciseHistory } from "./exercise-history";

export interface ExerciseClientCheck {
  id: string;
  title: string;
  points: number;
}

export interface ExerciseResultCheck extends ExerciseClientCheck {
  passed: boolean;
  earned: number;
  message: string;
}

export interface ExerciseResult {
  exerciseId: string;
  score: number;
  total: number;
  passed: boolean;
  checks: ExerciseResultCheck[];
}

export interface ExerciseClientProps {
  exerciseId: string;
  lessonId?: string;
  points: number;
  hints: string[];
  checks: ExerciseClientCheck[];
  sandboxId?: string;
  /**
   * the signed-in learner's history from the records (best score, last attempts), rendered by the server so
   * it survives reloads; null: signed in, never tried; undefined: nobody signed in (no history block)
   */
  history?: ExerciseHistory | null;
}

export const EXERCISE_RESULT_EVENT = "kubelab:exercise-result";
export const SANDBOX_EVENT = "kubelab:sandbox";

type Status = { kind: "idle" } | { kind: "checking" } | { kind: "error"; message: string } | { kind: "graded"; result: ExerciseResult };

export function ExerciseClient({ exerciseId, lessonId, points, hints, checks, sandboxId, history }: ExerciseClientProps) {
  const uid = useId();
  const root = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [eventSandbox, setEventSandbox] = useState<string | undefined>();
  const [hist, setHist] = useState<ExerciseHistory | null | undefined>(history);
  const graded = status.kind === "graded" ? status.result : undefined;

  useEffect(() => {
    const on = (e: Event) => setEventSandbox((e as CustomEvent<{ sandboxId?: string }>).detail?.sandboxId);
    window.addEventListener(SANDBOX_EVENT, on);
    return () => window.removeEventListener(SANDBOX_EVENT, on);
  }, []);

  function currentSandbox(): string | undefined {
    if (sandboxId) return sandboxId;
    const el = root.current?.closest("[data-sandbox-id]") ?? document.querySelector("[data-sandbox-id]");
    return el?.getAttribute("data-sandbox-id") || eventSandbox;
  }

  async function check() {
    const sb = currentSandbox();
    if (!sb) {
      setStatus({ kind: "error", message: "Start your sandbox first: the check reads your cluster." });
      return;
    }
    setStatus({ kind: "checking" });
    try {
      const res = await fetch(`/api/sandboxes/${encodeURIComponent(sb)}/exercises/${encodeURIComponent(exerciseId)}/check`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(lessonId ? { lessonId } : {}),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<ExerciseResult> & { error?: string };
      if (!res.ok || !Array.isArray(body.checks)) {
        setStatus({ kind: "error", message: body.error ?? `Could not check your work (HTTP ${res.status}).` });
        return;
      }
      const result = body as ExerciseResult;
      setStatus({ kind: "graded", result });
      setHist((h) => withAttempt(h, result, new Date().toISOString()));
      window.dispatchEvent(new CustomEvent(EXERCISE_RESULT_EVENT, { detail: { lessonId, result } }));
    } catch {
      setStatus({ kind: "error", message: "Could not reach the server. Check your connection and try again." });
    }
  }

  return (
    <div className="mdx-exercise-interactive" ref={root}>
      {hints.length > 0 ? (
        <div className="mdx-exercise-hints">
          {shown > 0 ? (
            <ol className="mdx-exercise-hint-list" aria-label="Hints">
              {hints.slice(0, shown).map((h, i) => (
                <li key={i} className="mdx-exercise-hint">
                  <InlineText text={h} />
                </li>
              ))}
            </ol>
          ) : null}
          {shown < hints.length ? (
            <button type="button" className="mdx-exercise-hint-button" onClick={() => setShown((n) => n + 1)}>
              {shown === 0 ? "Show a hint" : "Show another hint"} ({shown + 1} of {hints.length})
            </button>
          ) : null}
        </div>
      ) : null}
      <ul className="mdx-exercise-checks" aria-label="What will be checked">
        {checks.map((c) => {
          const r = graded?.checks.find((x) => x.id === c.id);
          const state = r ? (r.passed ? "passed" : "failed") : "open";
          return (
            <li key={c.id} className="mdx-exercise-check-item" data-state={state} data-check-id={c.id}>
              <span className="mdx-exercise-check-mark" aria-hidden="true">
                {r ? (r.passed ? "✓" : "✗") : "○"}
              </span>
              <span className="mdx-exercise-check-title">
                <InlineText text={c.title} />
                {r ? <span className="visually-hidden">{r.passed ? " — passed" : " — not yet"}</span> : null}
              </span>
              <span className="mdx-exercise-check-points">
                {r ? `${r.earned}/${c.points}` : c.points} {c.points === 1 ? "pt" : "pts"}
              </span>
              {r ? (
                <span className="mdx-exercise-check-message">
                  <InlineText text={r.message} />
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <footer className="mdx-exercise-footer">
        <button
          type="button"
          className="mdx-exercise-check"
          onClick={check}
          disabled={status.kind === "checking"}
          aria-describedby={`${uid}-status`}
        >
          {status.kind === "checking" ? "Checking…" : graded ? "Check again" : "Check my work"}
        </button>
        <p className="mdx-exercise-note" id={`${uid}-status`} role="status" aria-live="polite">
          {status.kind === "error"
            ? status.message
            : status.kind === "checking"
              ? "Reading your cluster…"
              : graded
                ? `Score: ${graded.score} of ${graded.total}.${graded.passed ? " All checks pass. Well done!" : " Fix what is marked ✗ and check again."}`
                : `Worth ${points} ${points === 1 ? "point" : "points"}. The check reads your sandbox cluster through its API.`}
        </p>
      </footer>
      {hist !== undefined ? <ExerciseHistoryView history={hist} /> : null}
    </div>
  );
}

/** best score and the last attempts (newest first); `data-testid` hooks for browser tests */
export function ExerciseHistoryView({ history }: { history: ExerciseHistory | null }) {
  if (!history) {
    return (
      <p className="mdx-exercise-history mdx-exercise-note" data-testid="exercise-history" data-attempts="0">
        No attempts yet. Your attempts and best score are saved.
      </p>
    );
  }
  const { bestScore, total, attempts, passed, recent } = history;
  return (
    <section className="mdx-exercise-history" data-testid="exercise-history" data-attempts={attempts} aria-label="Your attempts">
      <p className="mdx-exercise-best" data-testid="exercise-best" data-best={bestScore} data-total={total}>
        Best score: <strong>{bestScore} of {total}</strong>
        {passed ? <span className="mdx-exercise-passed"> · passed ✓</span> : null} · {attempts} {attempts === 1 ? "attempt" : "attempts"}
      </p>
      <ol className="mdx-exercise-attempts" aria-label="Last attempts, newest first">
        {recent.map((a, i) => (
          <li key={`${a.at}-${i}`} data-score={a.score}>
            <span className="mdx-exercise-attempt-score">
              {a.score}/{a.total}
            </span>{" "}
            <time dateTime={a.at}>{formatAttemptTime(a.at)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
