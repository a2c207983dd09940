import { describe, expect, it } from "vitest";
import { compileMdx } from "./compile";
import { ContentCheckError } from "./errors";
import { QUIZ_MDX } from "./testing";

const FILE = "/virtual/course/01.m/01.lesson.mdx";

async function compileErrors(body: string): Promise<string[]> {
  try {
    await compileMdx(FILE, body);
  } catch (e) {
    if (e instanceof ContentCheckError) return e.errors.map((x) => `${x.line}:${x.column} ${x.reason}`);
    throw e;
  }
  throw new Error("expected the compile to fail");
}

describe("compileMdx", () => {
  it("extracts quizzes with their answer keys and strips them from the code", async () => {
    const out = await compileMdx(FILE, QUIZ_MDX);
    expect(out.quizzes).toEqual([
      {
        id: "apply-flow",
        title: "Check",
        questions: [
          {
            id: "q1",
            prompt: "Who writes `etcd`?",
            answer: "b",
            explanation: "SECRET-EXPLANATION-ONE only the API server.",
            choices: [
              { id: "a", text: "The scheduler" },
              { id: "b", text: "The `kube-apiserver`" },
            ],
          },
          {
            id: "q2",
            prompt: "Who creates Pods?",
            answer: "c",
            explanation: "SECRET-EXPLANATION-TWO the ReplicaSet controller.",
            choices: [
              { id: "a", text: "The Deployment controller" },
              { id: "b", text: "The kubelet" },
              { id: "c", text: "The ReplicaSet controller" },
            ],
          },
        ],
      },
    ]);
    expect(out.code).toContain("apply-flow");
    expect(out.code).not.toMatch(/SECRET-EXPLANATION|answer|ReplicaSet controller|Who writes/);
  });

  it("gives h2/h3 unique ids and reports them as the toc", async () => {
    const out = await compileMdx(FILE, "## What `apply` does\n\n### Step 1\n\n## Step 1\n\n#### deep\n\n### Step 1\n");
    expect(out.toc).toEqual([
      { id: "what-apply-does", text: "What apply does", depth: 2 },
      { id: "step-1", text: "Step 1", depth: 3 },
      { id: "step-1-1", text: "Step 1", depth: 2 },
      { id: "step-1-2", text: "Step 1", depth: 3 },
    ]);
    expect(out.code).toContain("step-1-2");
  });

  it("collects exercises", async () => {
    const out = await compileMdx(FILE, '<Exercise id="watch" title="Watch it" points={10}>\n  Do it.\n</Exercise>\n');
    expect(out.exercises).toEqual([{ id: "watch", title: "Watch it", points: 10 }]);
  });

  it.each([
    ["\n\n<Callout>\n  never closed\n", "3:1 Expected a closing tag for `<Callout>`"],
    [
      '\n<Calout type="note">x</Calout>\n',
      "2:1 unknown component <Calout>: lessons can use <Callout>, <Command>, <Diagram>, <Quiz>, <Exercise> or import their own",
    ],
    ['<Callout type="info">x</Callout>\n', '1:1 <Callout> type "info" is not one of note, tip, warning, danger'],
    ["<Command />\n", '1:1 <Command> needs a run="…" attribute'],
    ['<Question id="q" prompt="p" answer="a" />\n', "1:1 <Question> can only be used inside <Quiz>"],
    ['<Exercise id="e" title="t" points={0}>x</Exercise>\n', '1:1 <Exercise id="e"> points must be a positive whole number'],
    ["text {oops(}\n", "1:12 Could not parse expression with acorn"],
  ])("locates MDX mistakes: %j", async (body, expected) => {
    expect(await compileErrors(body)).toEqual([expected]);
  });

  it.each([
    [
      '<Quiz id="q">\n  <Question id="q1" prompt="p" answer="z">\n    <Choice id="a">A</Choice>\n    <Choice id="b">B</Choice>\n  </Question>\n</Quiz>\n',
      '2:3 question "q1" has answer="z" but no <Choice id="z"> (choices: a, b)',
    ],
    [
      '<Quiz id="q">\n  <Question id="q1" prompt="p" answer="a">\n    <Choice id="a">A</Choice>\n    <Choice id="b">B</Choice>\n  </Question>\n  <Question id="q1" prompt="p" answer="a">\n    <Choice id="a">A</Choice>\n    <Choice id="b">B</Choice>\n  </Question>\n</Quiz>\n',
      '6:3 duplicate question id "q1" in quiz "q"',
    ],
    [
      '<Quiz id="q">\n  <Question id="q1" prompt="p" answer="a">\n    <Choice id="a">A</Choice>\n  </Question>\n</Quiz>\n',
      '2:3 question "q1" needs at least two <Choice> elements',
    ],
    ['<Quiz id="q">\n  Intro\n</Quiz>\n', "2:3 only <Question> may appear inside <Quiz>, found text"],
    ['<Quiz id="Bad Id">\n</Quiz>\n', '1:1 <Quiz> id "Bad Id" must be lowercase letters, digits and dashes'],
    [
      '<Quiz id="q">\n  <Question id="q1" prompt={"x"} answer="a">\n  </Question>\n</Quiz>\n',
      '2:3 <Question> attribute prompt must be a plain string in quotes, e.g. prompt="…"',
    ],
  ])("locates quiz authoring mistakes: %j", async (body, expected) => {
    expect(await compileErrors(body)).toEqual([expected]);
  });
});
