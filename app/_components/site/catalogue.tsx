import Link from "next/link";
import type { CourseSummary } from "@/lib/content";
import type { CourseProgress } from "@/lib/progress";
import { ProgressBar, formatMinutes } from "./progress-bar";

export function Catalogue({ courses, progress }: { courses: CourseSummary[]; progress: Map<string, CourseProgress> }) {
  if (courses.length === 0) return <p className="empty">No courses are published yet.</p>;
  return (
    <ul className="card-grid">
      {courses.map((course) => {
        const p = progress.get(course.slug);
        return (
          <li key={course.slug} className="card">
            <h2>
              <Link href={`/courses/${course.slug}`}>{course.title}</Link>
            </h2>
            <p>{course.summary}</p>
            <p className="meta">
              {course.modules.length} module{course.modules.length === 1 ? "" : "s"} · {course.lessonCount} lesson
              {course.lessonCount === 1 ? "" : "s"} · {formatMinutes(course.totalMinutes)}
            </p>
            {p && p.lessons.size > 0 && (
              <>
                <ProgressBar completed={p.completed} total={p.total} label={`${course.title} progress`} />
                {p.resume && (
                  <p>
                    <Link href={p.resume.href}>
                      {p.resume.kind === "resume" ? "Resume" : "Continue with"}: {p.resume.lesson.title}
                    </Link>
                  </p>
                )}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
