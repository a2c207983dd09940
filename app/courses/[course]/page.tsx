import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getCourse } from "@/lib/content";
import { getDb } from "@/lib/db";
import { getCourseProgress } from "@/lib/progress";
import { getSession } from "@/lib/auth/session";
import { getCourseLocks } from "@/lib/exercises";
import { LockedNote } from "../../_components/learn/lesson-locked";
import { Inline } from "../../_components/site/inline";
import { ProgressBar, formatMinutes } from "../../_components/site/progress-bar";

type Params = Promise<{ course: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const course = await getCourse((await params).course);
  return { title: course?.title ?? "Course not found" };
}

export default async function CoursePage({ params }: { params: Params }) {
  const course = await getCourse((await params).course);
  if (!course) notFound();
  const user = await getSession();
  const progress = user ? await getCourseProgress(getDb(), user.id, course) : null;
  const first = course.modules[0]?.lessons[0];
  const locks = await getCourseLocks(getDb(), user, course);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link href="/">Courses</Link>
          </li>
          <li aria-current="page">{course.title}</li>
        </ol>
      </nav>
      <h1>{course.title}</h1>
      <p className="lede">{course.summary}</p>
      <p className="meta">
        {course.lessonCount} lesson{course.lessonCount === 1 ? "" : "s"} · {formatMinutes(course.totalMinutes)}
      </p>
      {progress && <ProgressBar completed={progress.completed} total={progress.total} label="Course progress" />}
      <div className="resume">
        {progress?.resume ? (
          <Link className="button" href={progress.resume.href}>
            {progress.resume.kind === "resume" ? "Resume" : "Continue"}: {progress.resume.lesson.title}
          </Link>
        ) : progress && progress.completed === progress.total && progress.total > 0 ? (
          <p className="status-done">You have completed this course. ✓</p>
        ) : (
          first && (
            <Link className="button" href={first.href}>
              Start the course
            </Link>
          )
        )}
        {!user && (
          <span className="meta">
            <Link href={`/signin?callbackUrl=${encodeURIComponent(`/courses/${course.slug}`)}`}>Sign in</Link> to track your progress.
          </span>
        )}
      </div>
      <ol className="outline">
        {course.modules.map((m) => (
          <li key={m.slug}>
            <h2>
              {m.order}. {m.title}
            </h2>
            {m.summary && <p className="meta">{m.summary}</p>}
            <ol className="lesson-list">
              {m.lessons.map((l) => {
                const s = progress?.lessons.get(l.id);
                const lock = locks.get(l.id);
                const state = lock ? "locked" : s?.completedAt ? "completed" : s ? "started" : "new";
                const label = { locked: "Locked", completed: "Completed", started: "In progress", new: "Not started" }[state];
                return (
                  <li key={l.id} className="lesson-row" data-lesson-id={l.id} data-state={state}>
                    <span className="tick" data-state={state} title={label}>
                      <span aria-hidden="true">{{ locked: "🔒", completed: "✓", started: "◐", new: "○" }[state]}</span>
                      <span className="visually-hidden">{label}</span>
                    </span>
                    <span>
                      {lock ? <span className="lesson-title-locked">{l.title}</span> : <Link href={l.href}>{l.title}</Link>}
                      <br />
                      {lock && (
                        <>
                          <LockedNote lock={lock} />
                          <br />
                        </>
                      )}
                      <span className="meta">
                        <Inline text={l.summary} />
                      </span>
                    </span>
                    <span className="meta">{formatMinutes(l.durationMinutes)}</span>
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
    </>
  );
}
