import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { LESSON_COMPONENTS, getLesson } from "../../../lib/content";
import { QUIZ_MDX, VALID_FRONTMATTER, lessonSource, writeContentTree } from "../../../lib/content/testing";
import { Callout, CodeBlock, Command, Diagram, Exercise, LessonBody, Quiz, QuizClient, lessonComponents } from "./index";

const LESSON = "c/m/quiz";

beforeAll(async () => {
  process.env.KUBELAB_CONTENT_DIR = await writeContentTree({
    "c/course.yaml": "title: C\nsummary: S\n",
    "c/01.m/module.yaml": "title: M\n",
    "c/01.m/01.quiz.mdx": lessonSource(
      VALID_FRONTMATTER,
      `## Intro\n\n<Callout type="tip" title="Hi">Some **tip**.</Callout>\n\n<Command run="kubectl get pods" />\n\n${QUIZ_MDX}`,
    ),
  });
  process.env.KUBELAB_CONTENT_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), "kubelab-components-cache-"));
});

/**
 * Resolves the async server components (Quiz, and the per-lesson binding that renders it) in an element
 * tree, so the rest can be rendered with react-dom/server as RSC would.
 */
async function resolve(node: ReactNode, serverOnly: ReadonlySet<unknown>): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map((n: ReactNode) => resolve(n, serverOnly)));
  if (!isValidElement(node)) return node;
  const el = node as ReactElement<{ children?: ReactNode }>;
  if (serverOnly.has(el.type)) return resolve(await (el.type as (p: unknown) => Promise<ReactNode> | ReactNode)(el.props), serverOnly);
  if (el.props.children === undefined) return el;
  return { ...el, props: { ...el.props, children: await resolve(el.props.children, serverOnly) } } as ReactElement;
}

describe("Quiz (server component)", () => {
  it("passes questions and choices but no answers or explanations to the client component", async () => {
    const el = await Quiz({ id: "apply-flow", lessonId: LESSON });
    expect(el.type).toBe(QuizClient);
    const props = el.props as Parameters<typeof QuizClient>[0];
    expect(props.lessonId).toBe(LESSON);
    expect(props.quiz.questions.map((q) => [q.id, q.prompt, q.choices.map((c) => c.id)])).toEqual([
      ["q1", "Who writes `etcd`?", ["a", "b"]],
      ["q2", "Who creates Pods?", ["a", "b", "c"]],
    ]);
    const serialized = JSON.stringify(props);
    expect(serialized).not.toMatch(/answer|explanation|SECRET-EXPLANATION/i);
  });

  it("fails loudly for a quiz the lesson does not have", async () => {
    await expect(Quiz({ id: "nope", lessonId: LESSON })).rejects.toThrow('lesson "c/m/quiz" has no quiz "nope"');
  });
});

describe("LessonBody", () => {
  it("renders the compiled lesson with the lesson components and an answer-free quiz", async () => {
    const lesson = (await getLesson("c", "m", "quiz"))!;
    const tree = LessonBody({ lesson });
    const content = tree.props.children as ReactElement<{ components: Record<string, (p: { id: string }) => ReactElement> }>;
    // render the MDX function output with the bound Quiz resolved
    const Content = content.type as (p: unknown) => ReactNode;
    const serverOnly = new Set<unknown>([Quiz, content.props.components.Quiz]);
    const html = renderToStaticMarkup(
      createElement("div", { className: "lesson-body" }, (await resolve(Content(content.props), serverOnly)) as ReactNode),
    );
    expect(html).toContain('<h2 id="intro" class="mdx-heading mdx-h2">Intro');
    expect(html).toContain('class="mdx-callout mdx-callout-tip"');
    expect(html).toContain('data-command="kubectl get pods"');
    expect(html).toContain('<legend class="mdx-quiz-prompt"><span>Who writes </span><code class="mdx-inline-code">etcd</code>');
    expect(html).toContain('type="radio"');
    expect(html).not.toMatch(/SECRET-EXPLANATION/);
  });

  it("provides every component lessons may use", () => {
    const provided = new Set([...Object.keys(lessonComponents), "Quiz"]);
    for (const name of LESSON_COMPONENTS) expect(provided).toContain(name);
  });
});

describe("components", () => {
  it("Command shows the prompt, exposes data-command and a labelled copy button", () => {
    const html = renderToStaticMarkup(createElement(Command, { run: "kubectl apply -f web.yaml" }));
    expect(html).toContain('data-command="kubectl apply -f web.yaml"');
    expect(html).toContain('<span class="mdx-command-prompt" aria-hidden="true">$ </span><code>kubectl apply -f web.yaml</code>');
    expect(html).toContain('aria-label="Copy command: kubectl apply -f web.yaml"');
  });

  it("Callout is a labelled note of its type", () => {
    const html = renderToStaticMarkup(createElement(Callout, { type: "danger", title: "Careful" }, "Body"));
    expect(html).toContain('class="mdx-callout mdx-callout-danger" role="note" aria-label="Danger: Careful"');
  });

  it("Diagram labels the figure with its title and shows the caption", () => {
    const html = renderToStaticMarkup(
      createElement(Diagram, { title: "Architecture", caption: "all roads lead to the API server" }, createElement("svg")),
    );
    expect(html).toMatch(
      /<figure class="mdx-diagram" aria-labelledby="([^"]+)-title">.*<span id="\1-title" class="mdx-diagram-title">Architecture<\/span>/,
    );
    expect(html).toContain("all roads lead to the API server");
  });

  it("Exercise shows id, title, points and the check button; hints and check titles come from the server, not the checks", async () => {
    const html = renderToStaticMarkup(
      (await Exercise({ id: "scale-and-serve", title: "Scale it", points: 8, children: "Task" })) as ReactElement,
    );
    expect(html).toContain('data-exercise-id="scale-and-serve"');
    expect(html).toContain("8 points");
    expect(html).toMatch(/<button type="button" class="mdx-exercise-check" aria-describedby="[^"]+">Check my work<\/button>/);
    // not in the test content tree: no hints, no checks, still a working shell
    expect(html).not.toContain("mdx-exercise-hint-button");
  });

  it("CodeBlock labels the language and keeps the pre keyboard-scrollable", () => {
    const html = renderToStaticMarkup(createElement(CodeBlock, null, createElement("code", { className: "language-yaml" }, "a: 1")));
    expect(html).toContain(
      '<span class="mdx-code-lang" aria-hidden="true">yaml</span><pre class="mdx-pre" tabindex="0" aria-label="yaml code">',
    );
  });
});
