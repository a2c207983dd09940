import { describe, expect, it } from "vitest";
import { CompileCache } from "./cache";
import { compileMdx, type MdxCompiler } from "./compile";
import { ContentCheckError, QuizError } from "./errors";
import { ContentService } from "./service";
import { QUIZ_MDX, VALID_FRONTMATTER, lessonSource, writeContentTree } from "./testing";

function service(root: string, compile: MdxCompiler = compileMdx) {
  return new ContentService({ root, cache: new CompileCache({ compile, dir: null }), memoize: false });
}

const TREE = {
  "k8s/course.yaml": "title: Kubernetes\nsummary: Behind the scenes\n",
  "k8s/02.nodes/module.yaml": "title: Nodes\n",
  "k8s/02.nodes/01.kubelet.mdx": lessonSource({ ...VALID_FRONTMATTER, title: "Kubelet", duration: 7 }),
  "k8s/01.control-plane/module.yaml": "title: Control plane\nsummary: The brains\n",
  "k8s/01.control-plane/10.scheduler.mdx": lessonSource({ ...VALID_FRONTMATTER, title: "Scheduler", duration: 8 }),
  "k8s/01.control-plane/02.apply.mdx": lessonSource({ ...VALID_FRONTMATTER, title: "Apply", duration: 12 }, QUIZ_MDX),
  "k8s/01.control-plane/notes.txt": "ignored: not a lesson",
  "a-first/course.yaml": "title: First\nsummary: Sorted first by slug\n",
};

describe("ContentService catalogue", () => {
  it("orders modules and lessons by their NN prefix and strips it from slugs", async () => {
    const svc = service(await writeContentTree(TREE));
    const catalog = await svc.getCatalog();
    expect(catalog.map((c) => c.slug)).toEqual(["a-first", "k8s"]);
    const k8s = catalog[1]!;
    expect(k8s).toMatchObject({ title: "Kubernetes", summary: "Behind the scenes", lessonCount: 3, totalMinutes: 27 });
    expect(k8s.modules.map((m) => [m.order, m.slug, m.title, m.summary])).toEqual([
      [1, "control-plane", "Control plane", "The brains"],
      [2, "nodes", "Nodes", undefined],
    ]);
    expect(k8s.modules[0]?.lessons.map((l) => [l.order, l.slug, l.id, l.href])).toEqual([
      [2, "apply", "k8s/control-plane/apply", "/courses/k8s/control-plane/apply"],
      [10, "scheduler", "k8s/control-plane/scheduler", "/courses/k8s/control-plane/scheduler"],
    ]);
    expect(k8s.modules[0]?.lessons[0]).toMatchObject({
      title: "Apply",
      summary: "What it is about.",
      durationMinutes: 12,
      objectives: ["Learn a thing"],
    });
    expect(await svc.getCourse("k8s")).toEqual(k8s);
    expect(await svc.getCourse("nope")).toBeUndefined();
  });

  it("carries course.yaml `gating: exercises` into the catalogue; none or absent leaves it out", async () => {
    const svc = service(
      await writeContentTree({
        ...TREE,
        "k8s/course.yaml": "title: Kubernetes\nsummary: Behind the scenes\ngating: exercises\n",
        "a-first/course.yaml": "title: First\nsummary: S\ngating: none\n",
      }),
    );
    const [first, k8s] = await svc.getCatalog();
    expect(k8s?.gating).toBe("exercises");
    expect(first).not.toHaveProperty("gating");
    expect((await service(await writeContentTree(TREE)).getCourse("k8s"))).not.toHaveProperty("gating");
  });

  it("compiles lessons with prev/next across modules and no answer keys", async () => {
    const svc = service(await writeContentTree(TREE));
    const apply = await svc.getLesson("k8s", "control-plane", "apply");
    expect(apply?.prev).toBeUndefined();
    expect(apply?.next).toEqual({
      id: "k8s/control-plane/scheduler",
      courseSlug: "k8s",
      moduleSlug: "control-plane",
      slug: "scheduler",
      href: "/courses/k8s/control-plane/scheduler",
      title: "Scheduler",
    });
    expect(apply?.quizIds).toEqual(["apply-flow"]);
    expect(apply?.toc).toEqual([{ id: "quiz-time", text: "Quiz time", depth: 2 }]);
    expect(JSON.stringify(apply)).not.toMatch(/SECRET-EXPLANATION|"answer"/);
    const kubelet = await svc.getLessonById("k8s/nodes/kubelet");
    expect(kubelet?.prev?.id).toBe("k8s/control-plane/scheduler");
    expect(kubelet?.next).toBeUndefined();
    expect(await svc.getLesson("k8s", "control-plane", "missing")).toBeUndefined();
    expect(await svc.getLessonById("k8s/01.control-plane/02.apply")).toBeUndefined();
  });

  it("compiles each lesson once per content hash across lookups, quiz checks and content checks", async () => {
    const compiled: string[] = [];
    const svc = service(await writeContentTree(TREE), async (file, body) => {
      compiled.push(file);
      return compileMdx(file, body);
    });
    await svc.getLesson("k8s", "control-plane", "apply");
    await svc.getLesson("k8s", "control-plane", "apply");
    await svc.checkQuiz("k8s/control-plane/apply", "apply-flow", { q1: "b" });
    await svc.getPublicQuizzes("k8s/control-plane/apply");
    expect((await svc.check()).ok).toBe(true);
    // three lessons; Apply compiled once, and Scheduler and Kubelet share one body (same hash)
    expect(compiled.filter((f) => f.endsWith("02.apply.mdx"))).toHaveLength(1);
    expect(compiled).toHaveLength(2);
  });

  it("grades quizzes and throws typed errors for unknown lessons and quizzes", async () => {
    const svc = service(await writeContentTree(TREE));
    const id = "k8s/control-plane/apply";
    expect(await svc.checkQuiz(id, "apply-flow", { q1: "b", q2: "a" })).toEqual({
      quizId: "apply-flow",
      score: 1,
      total: 2,
      results: [
        { questionId: "q1", correct: true, explanation: "SECRET-EXPLANATION-ONE only the API server." },
        { questionId: "q2", correct: false, explanation: "SECRET-EXPLANATION-TWO the ReplicaSet controller." },
      ],
    });
    await expect(svc.checkQuiz("k8s/control-plane/nope", "apply-flow", {})).rejects.toMatchObject({
      code: "unknown_lesson",
      httpStatus: 404,
    });
    await expect(svc.checkQuiz(id, "nope", {})).rejects.toMatchObject({ code: "unknown_quiz", httpStatus: 404 });
    await expect(svc.checkQuiz(id, "apply-flow", { q7: "a" })).rejects.toBeInstanceOf(QuizError);
  });

  it("serves public quizzes without answers or explanations", async () => {
    const svc = service(await writeContentTree(TREE));
    const quizzes = await svc.getPublicQuizzes("k8s/control-plane/apply");
    expect(quizzes.map((q) => q.questions.map((x) => [x.id, x.choices.map((c) => c.id)]))).toEqual([
      [
        ["q1", ["a", "b"]],
        ["q2", ["a", "b", "c"]],
      ],
    ]);
    expect(JSON.stringify(quizzes)).not.toMatch(/answer|explanation|SECRET/);
  });
});

describe("ContentService with broken content", () => {
  it("throws ContentCheckError from lookups, naming every problem", async () => {
    const svc = service(
      await writeContentTree({
        "c/course.yaml": "title: C\n",
        "c/01.m/module.yaml": "title: M\n",
        "c/01.m/lesson.mdx": lessonSource(VALID_FRONTMATTER),
        "c/01.m/01.a.mdx": lessonSource(VALID_FRONTMATTER),
        "c/01.m/01.b.mdx": lessonSource(VALID_FRONTMATTER),
        "c/02.m/module.yaml": "title: Duplicate slug\n",
        "c/Bad Folder/module.yaml": "title: x\n",
        "c/03.no-meta/01.x.mdx": lessonSource(VALID_FRONTMATTER),
      }),
    );
    const err = await svc.getCatalog().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ContentCheckError);
    const reasons = (err as ContentCheckError).errors.map((e) => e.reason).sort();
    expect(reasons).toEqual([
      'course.yaml: missing required key "summary"',
      'lesson file "01.b.mdx" has the same order 01 as "01.a.mdx"',
      'lesson file "lesson.mdx" must be named like "01.what-happens-on-apply.mdx" (NN.slug)',
      "missing module.yaml (needs title, optional summary)",
      'module folder "02.m" has the same slug "m" as "01.m"',
      'module folder "Bad Folder" must be named like "01.control-plane" (NN.slug)',
    ]);
  });

  it("check() reports a lesson that fails at render time at the offending line", async () => {
    const root = await writeContentTree({
      "c/course.yaml": "title: C\nsummary: S\n",
      "c/01.m/module.yaml": "title: M\n",
      "c/01.m/01.a.mdx": lessonSource(VALID_FRONTMATTER, "## Hi\n\nThe value is {notDefined}.\n"),
    });
    const result = await service(root).check();
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.reason}`)).toEqual([
      "10:15 lesson fails when rendered: notDefined is not defined",
    ]);
  });

  it("reports a missing content directory", async () => {
    const result = await service("/definitely/not/here").check();
    expect(result.errors.map((e) => e.reason)).toEqual(["content directory does not exist"]);
  });
});
