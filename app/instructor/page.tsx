import type { Metadata } from "next";
import Link from "next/link";
import { getCatalog } from "@/lib/content";
import { getDb } from "@/lib/db";
import { getCohort, lessonsOf } from "@/lib/progress";
import { requireRole } from "@/lib/auth/session";
import { getExerciseAverages, listExercises } from "@/lib/exercises";

export const metadata: Metadata = { title: "Instructor" };

function fmt(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—";
}

export default async function InstructorPage() {
  await requireRole("instructor");
  const catalog = await getCatalog();
  const db = getDb();
  const cohorts = await Promise.all(catalog.map(async (course) => ({ course, rows: await getCohort(db, course) })));
  const learnerCount = await db.user.count({ where: { role: "learner" } });
  const [exercises, averages] = await Promise.all([listExercises(), getExerciseAverages(db)]);

  return (
    <>
      <h1>Cohort overview</h1>
      <p className="lede">
        {learnerCount} learner{learnerCount === 1 ? "" : "s"}. Each cell: ✓ completed, ◐ started, · not opened; quiz best scores below
        the mark.
      </p>
      {cohorts.map(({ course, rows }) => {
        const lessons = lessonsOf(course);
        const lessonTitles = new Map(lessons.map((l) => [l.id, l.title]));
        const courseExercises = exercises.filter((e) => lessonTitles.has(e.lessonId));
        return (
          <section key={course.slug} aria-labelledby={`cohort-${course.slug}`}>
            <h2 id={`cohort-${course.slug}`}>
              <Link href={`/courses/${course.slug}`}>{course.title}</Link>
            </h2>
            {rows.length === 0 ? (
              <p className="empty">No learners yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Progress per lesson in {course.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Learner</th>
                      <th scope="col">Done</th>
                      <th scope="col">Last active</th>
                      {lessons.map((l) => (
                        <th scope="col" key={l.id} title={l.id}>
                          {l.title}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(({ user, progress }) => (
                      <tr key={user.id} data-learner={user.email}>
                        <th scope="row">
                          {user.name || user.email}
                          {user.name && <div className="meta">{user.email}</div>}
                        </th>
                        <td>
                          {progress.completed}/{progress.total}
                        </td>
                        <td className="meta">{fmt(progress.lastSeenAt)}</td>
                        {lessons.map((l) => {
                          const s = progress.lessons.get(l.id);
                          const quizzes = progress.quizzes.filter((q) => q.lessonId === l.id);
                          const label = s?.completedAt ? "completed" : s ? "started" : "not opened";
                          return (
                            <td key={l.id} className="cell-status" data-lesson={l.id} data-state={label}>
                              <span aria-hidden="true">{s?.completedAt ? "✓" : s ? "◐" : "·"}</span>
                              <span className="visually-hidden">{label}</span>
                              {quizzes.map((q) => (
                                <div key={q.quizId} className="meta">
                                  {q.bestScore}/{q.total}
                                </div>
                              ))}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {courseExercises.length > 0 && (
              <div className="table-wrap">
                <table data-testid="exercise-averages">
                  <caption>Exercises: learners&apos; average best score</caption>
                  <thead>
                    <tr>
                      <th scope="col">Exercise</th>
                      <th scope="col">Lesson</th>
                      <th scope="col">Tried</th>
                      <th scope="col">Average best</th>
                      <th scope="col">Passed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {courseExercises.map((e) => {
                      const a = averages.get(e.id);
                      return (
                        <tr key={e.id} data-exercise-id={e.id}>
                          <th scope="row">{e.title}</th>
                          <td>{lessonTitles.get(e.lessonId)}</td>
                          <td>{a?.learners ?? 0}</td>
                          <td>{a ? `${a.averageBest.toFixed(1)} / ${e.points}` : "—"}</td>
                          <td>{a?.passed ?? 0}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
