import type { ReactNode } from "react";

/**
 * `<Exercise id="…" title="…" points={10}>task (markdown)</Exercise>` — a hands-on task. Grading arrives
 * with the sandbox: the button is a disabled placeholder until then (`data-exercise-id` is the hook).
 */
export function Exercise({ id, title, points, children }: { id: string; title: string; points: number; children?: ReactNode }) {
  const base = `exercise-${id}`;
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
      <footer className="mdx-exercise-footer">
        <button type="button" className="mdx-exercise-check" disabled aria-describedby={`${base}-note`}>
          Check my work
        </button>
        <p className="mdx-exercise-note" id={`${base}-note`}>
          Automatic grading arrives with the sandbox cluster. For now, check your work with the commands above.
        </p>
      </footer>
    </section>
  );
}
