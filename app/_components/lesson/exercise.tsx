import type { ReactNode } from "react";
import { getPublicExercise } from "../../../lib/exercises";
import type { ExerciseHistory } from "../../../lib/exercises/history";
import { ExerciseClient } from "./exercise-client";

/**
 * `<Exercise id="…" title="…" points={10}>task (markdown)</Exercise>` — a hands-on task graded against the
 * learner's sandbox. Server component: it loads the exercise's public part (hints, check titles; never
 * the checks themselves or the reference solution) from lib/exercises and hands it to the client part,
 * which POSTs to /api/sandboxes/<sandboxId>/exercises/<id>/check. `data-exercise-id` is the hook for tests.
 */
export async function Exercise({
  id,
  title,
  points,
  children,
  lessonId,
  history,
}: {
  id: string;
  title: string;
  points: number;
  children?: ReactNode;
  lessonId?: string;
  /** the signed-in learner's history (LessonBody binds it from the page); null: never tried; absent: anonymous */
  history?: ExerciseHistory | null;
}) {
  const base = `exercise-${id}`;
  const pub = await getPublicExercise(id).catch(() => undefined);
  return (
    <section className="mdx-exercise" id={base} data-exercise-id={id} aria-labelledby={`${base}-title`}>
      <header className="mdx-exercise-header">
        <span className="mdx-exercise-kicker">Exercise</span>
        <h3 className="mdx-exercise-title" id={`${base}-title`}>
          {title}
        </h3>
        <span className="mdx-exercise-points">
          {points} {points === 1 ? "point" : "points"}
        </span>
      </header>
      <div className="mdx-exercise-task">{children}</div>
      <ExerciseClient
        exerciseId={id}
        points={points}
        hints={pub?.hints ?? []}
        checks={pub?.checks ?? []}
        {...((lessonId ?? pub?.lessonId) ? { lessonId: lessonId ?? pub?.lessonId } : {})}
        {...(history !== undefined ? { history } : {})}
      />
    </section>
  );
}
