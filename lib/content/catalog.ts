/**
 * Turns a discovery into the public catalogue shapes of `types.ts` (pure; no IO).
 */
import type { DiscoveredCourse, DiscoveredLesson, DiscoveredModule, Discovery } from "./discover";
import type { CourseSummary, LessonRef, LessonSummary } from "./types";

export interface CatalogLesson {
  summary: LessonSummary;
  source: DiscoveredLesson;
  prev?: LessonRef;
  next?: LessonRef;
}

export interface Catalog {
  courses: CourseSummary[];
  /** by lesson id "<course>/<module>/<lesson>" */
  lessons: Map<string, CatalogLesson>;
}

export function lessonId(course: string, module: string, lesson: string): string {
  return `${course}/${module}/${lesson}`;
}

export function buildCatalog(discovery: Discovery): Catalog {
  const lessons = new Map<string, CatalogLesson>();
  const courses = discovery.courses.map((course) => {
    const ordered: CatalogLesson[] = [];
    const modules = course.modules.map((mod) => ({
      slug: mod.slug,
      order: mod.order,
      title: mod.title,
      ...(mod.summary ? { summary: mod.summary } : {}),
      lessons: mod.lessons.map((l) => {
        const entry: CatalogLesson = { summary: lessonSummary(course, mod, l), source: l };
        ordered.push(entry);
        lessons.set(entry.summary.id, entry);
        return entry.summary;
      }),
    }));
    ordered.forEach((entry, i) => {
      const prev = ordered[i - 1];
      const next = ordered[i + 1];
      if (prev) entry.prev = toRef(prev.summary);
      if (next) entry.next = toRef(next.summary);
    });
    const summary: CourseSummary = {
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      ...(course.gating ? { gating: course.gating } : {}),
      modules,
      lessonCount: ordered.length,
      totalMinutes: ordered.reduce((n, l) => n + l.summary.durationMinutes, 0),
    };
    return summary;
  });
  return { courses, lessons };
}

function lessonSummary(course: DiscoveredCourse, mod: DiscoveredModule, l: DiscoveredLesson): LessonSummary {
  return {
    id: lessonId(course.slug, mod.slug, l.slug),
    courseSlug: course.slug,
    moduleSlug: mod.slug,
    slug: l.slug,
    href: `/courses/${course.slug}/${mod.slug}/${l.slug}`,
    title: l.frontmatter.title,
    order: l.order,
    summary: l.frontmatter.summary,
    durationMinutes: l.frontmatter.duration,
    objectives: [...l.frontmatter.objectives],
    ...(l.sandbox ? { sandbox: { nodes: l.sandbox.nodes } } : {}),
  };
}

function toRef(s: LessonSummary): LessonRef {
  return { id: s.id, courseSlug: s.courseSlug, moduleSlug: s.moduleSlug, slug: s.slug, href: s.href, title: s.title };
}
