import path from "node:path";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { LESSON_COMPONENTS, checkContent, checkQuiz, getCatalog, getLesson, getPublicQuizzes } from "./index";

const repo = path.resolve(import.meta.dirname, "../..");
const BROKEN = path.join(repo, "tests/fixtures/content-broken");
const REAL = path.join(repo, "content");

beforeAll(async () => {
  process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-index-cache-"));
  process.env.KUBELAB_CONTENT_DIR = REAL;
});

describe("checkContent", () => {
  it("fails on the broken fixture with every file and line", async () => {
    const result = await checkContent(BROKEN);
    expect(result.ok).toBe(false);
    const lesson = (name: string) => path.join(BROKEN, "broken-course/01.basics", name);
    expect(result.errors.map((e) => [e.file, e.line, e.column, e.reason])).toEqual([
      [lesson("01.unclosed-callout.mdx"), 13, 1, "Expected a closing tag for `<Callout>`"],
      [lesson("02.bad-frontmatter.mdx"), 4, 1, 'frontmatter "duration": duration must be a number of minutes, e.g. `duration: 12`'],
      [lesson("02.bad-frontmatter.mdx"), 7, 1, 'frontmatter: unknown key "tags" (allowed: title, summary, duration, objectives, sandbox)'],
      [lesson("03.bad-quiz.mdx"), 12, 3, 'question "q1" has answer="e" but no <Choice id="e"> (choices: a, b)'],
    ]);
    expect(result.errors[0]?.message).toBe(
      "tests/fixtures/content-broken/broken-course/01.basics/01.unclosed-callout.mdx:13:1 Expected a closing tag for `<Callout>`",
    );
  });

  it("passes on the real content", async () => {
    const result = await checkContent();
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result).toMatchObject({ ok: true, courseCount: 1 });
    expect(result.lessonCount).toBeGreaterThanOrEqual(1);
  });
});

describe("the first lesson", () => {
  it("is in the catalogue where the app expects it", async () => {
    const [course] = await getCatalog();
    expect(course).toMatchObject({ slug: "kubernetes-behind-the-scenes", title: "Kubernetes, behind the scenes" });
    expect(course?.modules[0]).toMatchObject({ slug: "control-plane", order: 1, title: "The control plane" });
    expect(course?.modules[0]?.lessons[0]).toMatchObject({
      id: "kubernetes-behind-the-scenes/control-plane/what-happens-on-apply",
      title: "What happens when you run kubectl apply",
    });
  });

  it("has a quiz whose answer key stays on the server", async () => {
    const lesson = await getLesson("kubernetes-behind-the-scenes", "control-plane", "what-happens-on-apply");
    expect(lesson?.quizIds).toEqual(["apply-flow"]);
    expect(lesson?.exerciseIds).toEqual(["follow-the-chain"]);
    expect(lesson?.toc.length).toBeGreaterThan(5);
    const id = lesson!.summary.id;
    const [quiz] = await getPublicQuizzes(id);
    expect(quiz?.questions.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(quiz)).not.toMatch(/answer|explanation/i);
    // every explanation is withheld from the compiled code too
    const graded = await checkQuiz(id, "apply-flow", Object.fromEntries(quiz!.questions.map((q) => [q.id, q.choices[0]!.id])));
    for (const r of graded.results) {
      expect(r.explanation).toBeTruthy();
      expect(lesson!.code).not.toContain(r.explanation!.slice(0, 40));
    }
  });

  it("only uses components the lesson renderer provides", () => {
    expect(LESSON_COMPONENTS).toEqual(["Callout", "Command", "Diagram", "Quiz", "Exercise"]);
  });
});
