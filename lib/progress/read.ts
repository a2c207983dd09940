/**
 * Reading progress, joined with the content catalogue the caller passes in (CourseSummary from
 * lib/content). Progress rows for lessons no longer in the catalogue are ignored.
 */
import type { Db } from "../db/client";
import type { CourseSummary, LessonSummary } from "../content/types";

export interface LessonStatus {
  startedAt: Date;
  completedAt: Date | null;
  lastPosition: string | null;
  lastSeenAt: Date;
}

export interface QuizStatus {
  lessonId: string;
  quizId: string;
  bestScore: number;
  lastScore: number;
  total: number;
  attempts: number;
}

export interface ResumeTarget {
  lesson: LessonSummary;
  /** lesson href plus "#<heading>" when a position is known */
  href: string;
  /** "resume": go back to the last lesson; "next": the last one was done, this is the next open one */
  kind: "resume" | "next";
}

export interface CourseProgress {
  course: CourseSummary;
  lessons: Map<string, LessonStatus>;
  quizzes: QuizStatus[];
  completed: number;
  total: number;
  /** 0–100, whole number */
  percent: number;
  lastSeenAt: Date | null;
  resume: ResumeTarget | null;
}

export function lessonsOf(course: CourseSummary): LessonSummary[] {
  return course.modules.flatMap((m) => m.lessons);
}

export function withAnchor(href: string, anchor: string | null | undefined): string {
  return anchor ? `${href}#${encodeURIComponent(anchor)}` : href;
}

export function summarize(course: CourseSummary, rows: (LessonStatus & { lessonId: string })[], quizzes: QuizStatus[]): CourseProgress {
  const ordered = lessonsOf(course);
  const known = new Set(ordered.map((l) => l.id));
  const lessons = new Map<string, LessonStatus>();
  for (const r of rows) {
    if (known.has(r.lessonId)) {
      lessons.set(r.lessonId, { startedAt: r.startedAt, completedAt: r.completedAt, lastPosition: r.lastPosition, lastSeenAt: r.lastSeenAt });
    }
  }
  const completed = ordered.filter((l) => lessons.get(l.id)?.completedAt).length;
  const total = ordered.length;
  let last: { lesson: LessonSummary; status: LessonStatus } | null = null;
  for (const lesson of ordered) {
    const status = lessons.get(lesson.id);
    if (status && (!last || status.lastSeenAt > last.status.lastSeenAt)) last = { lesson, status };
  }
  let resume: ResumeTarget | null = null;
  if (last && !last.status.completedAt) {
    resume = { lesson: last.lesson, href: withAnchor(last.lesson.href, last.status.lastPosition), kind: "resume" };
  } else if (last) {
    const from = ordered.indexOf(last.lesson);
    const next = [...ordered.slice(from + 1), ...ordered.slice(0, from)].find((l) => !lessons.get(l.id)?.completedAt);
    resume = next ? { lesson: next, href: withAnchor(next.href, lessons.get(next.id)?.lastPosition), kind: "next" } : null;
  }
  return {
    course,
    lessons,
    quizzes: quizzes.filter((q) => known.has(q.lessonId)),
    completed,
    total,
    percent: total === 0 ? 0 : Math.round((completed / total) * 100),
    lastSeenAt: last?.status.lastSeenAt ?? null,
    resume,
  };
}

const quizSelect = { lessonId: true, quizId: true, bestScore: true, lastScore: true, total: true, attempts: true } as const;

export async function getCourseProgress(db: Db, userId: string, course: CourseSummary): Promise<CourseProgress> {
  const [rows, quizzes] = await Promise.all([
    db.lessonProgress.findMany({ where: { userId, courseSlug: course.slug } }),
    db.quizResult.findMany({ where: { userId, lessonId: { startsWith: `${course.slug}/` } }, select: quizSelect }),
  ]);
  return summarize(course, rows, quizzes);
}

/** Courses the user has started, most recently seen first. */
export async function getLearning(db: Db, userId: string, catalog: CourseSummary[]): Promise<CourseProgress[]> {
  const [rows, quizzes] = await Promise.all([
    db.lessonProgress.findMany({ where: { userId } }),
    db.quizResult.findMany({ where: { userId }, select: quizSelect }),
  ]);
  return catalog
    .map((course) =>
      summarize(
        course,
        rows.filter((r) => r.courseSlug === course.slug),
        quizzes.filter((q) => q.lessonId.startsWith(`${course.slug}/`)),
      ),
    )
    .filter((p) => p.lessons.size > 0)
    .sort((a, b) => (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0));
}

export async function getLessonStatus(
  db: Db,
  userId: string,
  lessonId: string,
): Promise<{ status: LessonStatus | null; quizzes: QuizStatus[] }> {
  const [row, quizzes] = await Promise.all([
    db.lessonProgress.findUnique({ where: { userId_lessonId: { userId, lessonId } } }),
    db.quizResult.findMany({ where: { userId, lessonId }, select: quizSelect }),
  ]);
  return { status: row, quizzes };
}
