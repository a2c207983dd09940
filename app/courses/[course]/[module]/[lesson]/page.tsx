import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCourse, getLesson } from "@/lib/content";
import { getDb } from "@/lib/db";
import { getLessonStatus } from "@/lib/progress";
import { getSession } from "@/lib/auth/session";
import { LessonBody } from "../../../../_components/lesson";
import { CompleteButton } from "../../../../_components/learn/complete-button";
import { LessonToc } from "../../../../_components/learn/lesson-toc";
import { QuizRefresh } from "../../../../_components/learn/quiz-refresh";
import { Inline } from "../../../../_components/site/inline";
import { formatMinutes } from "../../../../_components/site/progress-bar";
import { SandboxPanel } from "../../../../_components/sandbox/panel";
import { LessonLocked } from "../../../../_components/learn/lesson-locked";
import { getCourseLocks, getExerciseHistory } from "@/lib/exercises";

type Params = Promise<{ course: string; module: string; lesson: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const p = await params;
  const lesson = await getLesson(p.course, p.module, p.lesson);
  return { title: lesson?.summary.title ?? "Lesson not found", description: lesson?.summary.summary };
}

export default async function LessonPage({ params }: { params: Params }) {
  const p = await params;
  const [lesson, course, user] = await Promise.all([getLesson(p.course, p.module, p.lesson), getCourse(p.course), getSession()]);
  if (!lesson || !course) notFound();
  const { summary } = lesson;
  const module = course.modules.find((m) => m.slug === summary.moduleSlug);
  // course gating (course.yaml `gating: exercises`), decided here on the server; instructors bypass
  const locks = await getCourseLocks(getDb(), user, course);
  const lock = locks.get(summary.id);
  if (lock) {
    return (
      <div className="lesson-layout">
        <article className="lesson-article" data-lesson-id={summary.id} data-locked="true">
          <nav aria-label="Breadcrumb" className="breadcrumbs">
            <ol>
              <li>
                <Link href="/">Courses</Link>
              </li>
              <li>
                <Link href={`/courses/${course.slug}`}>{course.title}</Link>
              </li>
              {module && <li>{module.title}</li>}
            </ol>
          </nav>
          <h1>{summary.title}</h1>
          <LessonLocked lock={lock} signedIn={!!user} here={summary.href} />
        </article>
      </div>
    );
  }
  const exerciseHistory = user ? await getExerciseHistory(getDb(), user.id, lesson.exerciseIds) : undefined;
  const progress = user ? await getLessonStatus(getDb(), user.id, summary.id) : null;
  const here = summary.href;

  return (
    <div className="lesson-layout">
      <aside className="lesson-aside">
        <LessonToc lessonId={summary.id} toc={lesson.toc} track={!!user} initialPosition={progress?.status?.lastPosition ?? null} />
      </aside>
      <article className="lesson-article" data-lesson-id={summary.id}>
        <nav aria-label="Breadcrumb" className="breadcrumbs">
          <ol>
            <li>
              <Link href="/">Courses</Link>
            </li>
            <li>
              <Link href={`/courses/${course.slug}`}>{course.title}</Link>
            </li>
            {module && <li>{module.title}</li>}
          </ol>
        </nav>
        <h1>{summary.title}</h1>
        <p className="meta">
          {formatMinutes(summary.durationMinutes)}
          {progress?.status?.completedAt && <span className="status-done"> · ✓ Completed</span>}
        </p>
        {summary.objectives.length > 0 && (
          <section className="notice" aria-label="Objectives">
            <strong>In this lesson you will</strong>
            <ul>
              {summary.objectives.map((o) => (
                <li key={o}>
                  <Inline text={o} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {summary.sandbox && !user && (
          <p className="notice" data-testid="sandbox-sign-in">
            This lesson comes with your own Kubernetes cluster.{" "}
            <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link> to use it.
          </p>
        )}
        <LessonBody lesson={lesson} {...(exerciseHistory ? { exercises: exerciseHistory } : {})} />
        {user && <QuizRefresh />}
        {progress && progress.quizzes.length > 0 && (
          <section className="notice" aria-label="Your quiz scores" data-testid="quiz-scores">
            <strong>Your quiz scores</strong>
            <ul>
              {progress.quizzes.map((q) => (
                <li key={q.quizId}>
                  {q.quizId}: best {q.bestScore}/{q.total} ({q.attempts} attempt{q.attempts === 1 ? "" : "s"})
                </li>
              ))}
            </ul>
          </section>
        )}
        <section className="lesson-actions" aria-label="Lesson progress">
          {user ? (
            <CompleteButton lessonId={summary.id} completed={!!progress?.status?.completedAt} />
          ) : (
            <p>
              <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link> or{" "}
              <Link href={`/signup?callbackUrl=${encodeURIComponent(here)}`}>create an account</Link> to save your progress.
            </p>
          )}
        </section>
        <nav className="pager" aria-label="Lessons">
          {lesson.prev && (
            <Link href={lesson.prev.href} rel="prev" className="prev">
              <small>Previous</small>← {lesson.prev.title}
            </Link>
          )}
          {lesson.next && (
            <Link href={lesson.next.href} rel="next" className="next">
              <small>Next</small>
              {locks.has(lesson.next.id) && <span aria-label="locked">🔒 </span>}
              {lesson.next.title} →
            </Link>
          )}
        </nav>
      </article>
      {summary.sandbox && user && <SandboxPanel course={course.slug} lessonId={summary.id} />}
    </div>
  );
}
