/**
 * Course gating through the real pages (server components rendered with a test DB and a stubbed session):
 * the outline marks locked lessons, a direct visit shows the lock and no lesson body, instructors bypass,
 * and "My learning" lists exercise scores. The decision is the server's; nothing comes from the browser.
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "../../lib/auth/roles";
import { createTestDb, type TestDb } from "../../lib/db/test-db";
import { VALID_FRONTMATTER, lessonSource, writeContentTree } from "../../lib/content/testing";
import { recordAttempt } from "../../lib/exercises/records";
import { recordLessonOpen } from "../../lib/progress/record";
import type { GradeResult } from "../../lib/grading";

let t: TestDb;
let viewer: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({
  getSession: async () => viewer,
  requireUser: async () => viewer ?? Promise.reject(new Error("redirect to sign-in")),
  requireRole: async () => viewer,
}));
vi.mock("@/lib/db", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: () => t.db }));
vi.mock("../_components/sandbox/panel", () => ({ SandboxPanel: () => null }));

const EXERCISE = '## Do it\n\n<Exercise id="make-pod" title="Make a pod" points={2}>\n\nRun it.\n\n</Exercise>\n';
const CHECKS = "make-pod:\n  checks:\n    - id: exists\n      title: Pod `web` exists\n      points: 2\n      exists: { kind: Pod, name: web }\n";

let learner: SessionUser;
beforeAll(async () => {
  process.env.KUBELAB_CONTENT_DIR = await writeContentTree({
    "k8s/course.yaml": "title: K8s\nsummary: S\ngating: exercises\n",
    "k8s/01.m/module.yaml": "title: M\n",
    "k8s/01.m/01.pods.mdx": lessonSource({ ...VALID_FRONTMATTER, title: "Pods" }, EXERCISE),
    "k8s/01.m/01.pods.exercises.yaml": CHECKS,
    "k8s/01.m/02.next.mdx": lessonSource({ ...VALID_FRONTMATTER, title: "Next one" }, "## Secret body\n\nSECRET-LESSON-TEXT\n"),
  });
  process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-gating-pages-"));
  t = createTestDb();
  const u = await t.db.user.create({ data: { email: "l@example.com", name: "Lee" } });
  learner = { id: u.id, email: u.email, name: u.name, role: "learner" };
});
afterAll(async () => {
  await t.cleanup();
});

const { default: CoursePage } = await import("./[course]/page");
const { default: LessonPage } = await import("./[course]/[module]/[lesson]/page");
const { default: LearningPage } = await import("../learning/page");

const { default: InstructorPage } = await import("../instructor/page");
const { LessonBody } = await import("../_components/lesson");
const { LessonLocked } = await import("../_components/learn/lesson-locked");

/** the elements in a server component's output tree (without rendering client components) */
function elementsIn(node: ReactNode, out: ReactElement[] = []): ReactElement[] {
  if (Array.isArray(node)) node.forEach((n: ReactNode) => elementsIn(n, out));
  else if (isValidElement(node)) {
    out.push(node);
    elementsIn((node.props as { children?: ReactNode }).children, out);
  }
  return out;
}
const typesIn = (node: ReactNode) => new Set(elementsIn(node).map((e) => e.type));

const coursePage = async () => renderToStaticMarkup((await CoursePage({ params: Promise.resolve({ course: "k8s" }) })) as ReactElement);
const nextLesson = async () =>
  (await LessonPage({ params: Promise.resolve({ course: "k8s", module: "m", lesson: "next" }) })) as ReactElement;
const result = (score: number): GradeResult => ({
  exerciseId: "make-pod",
  score,
  total: 2,
  passed: score === 2,
  checks: [],
  evidence: { objects: [], observed: {} },
});

describe("gated course pages", () => {
  it("locks the lesson after an unpassed exercise, in the outline and on a direct visit", async () => {
    viewer = learner;
    const outline = await coursePage();
    expect(outline).toMatch(/data-lesson-id="k8s\/m\/next" data-state="locked"/);
    expect(outline).toContain('Locked: pass <a href="/courses/k8s/m/pods#exercise-make-pod">Make a pod</a> first');
    expect(outline).toContain('<a href="/courses/k8s/m/pods">Pods</a>');

    const locked = await nextLesson();
    expect(typesIn(locked).has(LessonBody)).toBe(false);
    const html = renderToStaticMarkup(locked);
    expect(html).toContain('data-testid="lesson-locked" data-blocked-by="make-pod"');
    expect(html).toContain('href="/courses/k8s/m/pods#exercise-make-pod"');
    expect(html).not.toContain("SECRET-LESSON-TEXT");
  });

  it("keeps it locked for a partial score and for anonymous visitors; instructors bypass", async () => {
    await recordLessonOpen(t.db, { userId: learner.id, lessonId: "k8s/m/pods", courseSlug: "k8s" });
    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m/pods", exerciseId: "make-pod" }, result(1), new Date("2026-11-27T10:00:00Z"));
    viewer = learner;
    expect(renderToStaticMarkup(await nextLesson())).toContain('data-testid="lesson-locked"');
    viewer = null;
    expect(renderToStaticMarkup(await nextLesson())).toContain("Sign in</a> to save your work");
    viewer = { ...learner, role: "instructor" };
    const asInstructor = typesIn(await nextLesson());
    expect(asInstructor.has(LessonBody) && !asInstructor.has(LessonLocked)).toBe(true);
    expect(await coursePage()).not.toContain('data-state="locked"');
  });

  it("opens once the exercise passes; My learning shows the exercise's best score and attempts", async () => {
    viewer = learner;
    const before = renderToStaticMarkup((await LearningPage()) as ReactElement);
    expect(before).toMatch(/data-exercise-id="make-pod" data-best="1" data-attempts="1"/);
    expect(before).toContain("Best <strong>1/2</strong>");

    await recordAttempt(t.db, { userId: learner.id, lessonId: "k8s/m/pods", exerciseId: "make-pod" }, result(2), new Date("2026-11-27T10:05:00Z"));
    const open = typesIn(await nextLesson());
    expect(open.has(LessonBody)).toBe(true);
    expect(open.has(LessonLocked)).toBe(false);
    // the exercise's own lesson gets the learner's history from the records
    const pods = await LessonPage({ params: Promise.resolve({ course: "k8s", module: "m", lesson: "pods" }) });
    const body = elementsIn(pods).find((e) => e.type === LessonBody)!;
    expect((body.props as { exercises: Record<string, unknown> }).exercises["make-pod"]).toMatchObject({
      bestScore: 2,
      total: 2,
      attempts: 2,
      passed: true,
      recent: [{ score: 2, total: 2, at: "2026-11-27T10:05:00.000Z" }, { score: 1, total: 2, at: "2026-11-27T10:00:00.000Z" }],
    });
    expect(await coursePage()).not.toContain('data-state="locked"');

    const after = renderToStaticMarkup((await LearningPage()) as ReactElement);
    expect(after).toMatch(/data-exercise-id="make-pod" data-best="2" data-attempts="2"/);
    expect(after).toContain('<a href="/courses/k8s/m/pods#exercise-make-pod">Make a pod</a>');
    expect(after).toContain("Exercise scores (1 of 1 passed)");
    expect(after).toContain('<time dateTime="2026-11-27T10:05:00.000Z">2026-11-27 10:05 UTC</time>');
  });

  it("the instructor page shows each exercise's average best score over learners", async () => {
    viewer = { ...learner, role: "instructor" };
    const html = renderToStaticMarkup((await InstructorPage()) as ReactElement);
    expect(html).toMatch(/<tr data-exercise-id="make-pod"><th scope="row">Make a pod<\/th><td>Pods<\/td><td>1<\/td><td>2.0 \/ 2<\/td><td>1<\/td><\/tr>/);
  });
});
