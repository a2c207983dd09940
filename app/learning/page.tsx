import type { Metadata } from "next";
import Link from "next/link";
import { getCatalog } from "@/lib/content";
import { getDb } from "@/lib/db";
import { getLearning, lessonsOf } from "@/lib/progress";
import { requireUser } from "@/lib/auth/session";
import { exerciseBoard, getExerciseScores, listExercises } from "@/lib/exercises";
import { ProgressBar } from "../_components/site/progress-bar";

export const metadata: Metadata = { title: "My learning" };

function fmt(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export default async function LearningPage() {
  const user = await requireUser();
  const catalog = await getCatalog();
  const learning = await getLearning(getDb(), user.id, catalog);
  const [exercises, scores] = await Promise.all([listExercises(), getExerciseScores(getDb(), user.id)]);

  return (
    <>
      <h1>My learning</h1>
      <p className="lede">Welcome back{user.name ? `, ${user.name}` : ""}.</p>
      {learning.length === 0 ? (
        <p className="notice">
          You have not started a course yet. <Link href="/">Browse the courses</Link>.
        </p>
      ) : (
        <ul className="card-grid" aria-label="Courses in progress">
          {learning.map((p) => {
            const titles = new Map(lessonsOf(p.course).map((l) => [l.id, l.title]));
            const board = exerciseBoard(p.course, exercises, scores);
            const tried = board.filter((e) => e.attempts > 0);
            return (
              <li key={p.course.slug} className="card" data-course={p.course.slug}>
                <h2>
                  <Link href={`/courses/${p.course.slug}`}>{p.course.title}</Link>
                </h2>
                <ProgressBar completed={p.completed} total={p.total} label={`${p.course.title} progress`} />
                {p.resume ? (
                  <p>
                    <Link className="button button-small" href={p.resume.href}>
                      {p.resume.kind === "resume" ? "Resume" : "Continue"}: {p.resume.lesson.title}
                    </Link>
                  </p>
                ) : (
                  <p className="status-done">Course completed ✓</p>
                )}
                {p.quizzes.length > 0 && (
                  <details>
                    <summary>Quiz scores ({p.quizzes.length})</summary>
                    <ul>
                      {p.quizzes.map((q) => (
                        <li key={`${q.lessonId}/${q.quizId}`}>
                          {titles.get(q.lessonId) ?? q.lessonId} — {q.quizId}: best {q.bestScore}/{q.total}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {board.length > 0 && (
                  <details open={tried.length > 0} data-testid="exercise-scores">
                    <summary>
                      Exercise scores ({board.filter((e) => e.passed).length} of {board.length} passed)
                    </summary>
                    <ul className="exercise-scores">
                      {board.map((e) => (
                        <li key={e.exerciseId} data-exercise-id={e.exerciseId} data-best={e.bestScore ?? ""} data-attempts={e.attempts}>
                          <Link href={e.href}>{e.title}</Link> <span className="meta">({e.lessonTitle})</span>
                          <br />
                          {e.bestScore === null ? (
                            <span className="meta">Not attempted yet · {e.points} points</span>
                          ) : (
                            <span className="meta">
                              Best <strong>{e.bestScore}/{e.total}</strong>
                              {e.passed && <span className="status-done"> ✓</span>} · {e.attempts} attempt{e.attempts === 1 ? "" : "s"}
                              {e.lastAt && (
                                <>
                                  {" "}
                                  · last <time dateTime={e.lastAt.toISOString()}>{fmt(e.lastAt)}</time>
                                </>
                              )}
                            </span>
                          )}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
