import { describe, expect, it } from "vitest";
import { ContentError } from "./errors";
import { courseMetaSchema, lessonFrontmatterSchema, parseYamlWith, splitFrontmatter } from "./frontmatter";
import { discover } from "./discover";
import { writeContentTree } from "./testing";

const FILE = "/content/c/01.m/01.l.mdx";

function parseLesson(source: string) {
  const split = splitFrontmatter(FILE, source);
  if (split.yaml === undefined) throw new Error("no frontmatter");
  return parseYamlWith(FILE, split.yaml, split.yamlLine, lessonFrontmatterSchema, "frontmatter", 1);
}

function errorsOf(source: string): ContentError[] {
  const r = parseLesson(source);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

const GOOD = ["---", "title: Apply", "summary: What apply does", "duration: 12", "objectives:", "  - Trace a request", "---", "", "# Body"];

describe("splitFrontmatter", () => {
  it("blanks the frontmatter so body line numbers match the file", () => {
    const source = GOOD.join("\n");
    const split = splitFrontmatter(FILE, source);
    expect(split.yaml).toBe(GOOD.slice(1, 6).join("\n"));
    expect(split.body.split("\n")).toHaveLength(GOOD.length);
    expect(split.body.split("\n")[8]).toBe("# Body");
  });

  it("returns no yaml for a file without frontmatter", () => {
    expect(splitFrontmatter(FILE, "# Just a body").yaml).toBeUndefined();
  });

  it("rejects an unclosed frontmatter fence at line 1", () => {
    expect(() => splitFrontmatter(FILE, "---\ntitle: x\n# body")).toThrow(/:1:1 frontmatter starts with `---` but is never closed/);
  });
});

describe("lesson frontmatter validation", () => {
  it("accepts valid frontmatter, with an optional sandbox block", () => {
    const r = parseLesson([...GOOD.slice(0, 6), "sandbox:", "  nodes: 2", "  faults: [{stopNode: worker-1}]", ...GOOD.slice(6)].join("\n"));
    expect(r).toEqual({
      ok: true,
      value: {
        title: "Apply",
        summary: "What apply does",
        duration: 12,
        objectives: ["Trace a request"],
        sandbox: { nodes: 2, faults: [{ stopNode: "worker-1" }] },
      },
    });
  });

  it("reports a missing title at the opening fence, naming the file", () => {
    const errs = errorsOf(GOOD.filter((l) => !l.startsWith("title")).join("\n"));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: FILE, line: 1, column: 1 });
    expect(errs[0]?.message).toBe(`${FILE}:1:1 frontmatter: missing required key "title"`);
  });

  it("reports a bad duration at the duration key's line", () => {
    const errs = errorsOf(GOOD.map((l) => (l.startsWith("duration") ? "duration: ten minutes" : l)).join("\n"));
    expect(errs.map((e) => [e.line, e.reason])).toEqual([
      [4, 'frontmatter "duration": duration must be a number of minutes, e.g. `duration: 12`'],
    ]);
  });

  it.each([
    ["duration: 0", "duration must be at least 1 minute"],
    ["duration: 2.5", "duration must be a whole number of minutes"],
    ["duration: 9999", "duration must be at most 600 minutes"],
  ])("rejects %s", (line, reason) => {
    const errs = errorsOf(GOOD.map((l) => (l.startsWith("duration") ? line : l)).join("\n"));
    expect(errs[0]?.line).toBe(4);
    expect(errs[0]?.reason).toContain(reason);
  });

  it("reports each unknown key at its own line, listing the allowed keys", () => {
    const lines = [...GOOD.slice(0, 3), "tags: [a]", ...GOOD.slice(3, 6), "author: me", ...GOOD.slice(6)];
    const errs = errorsOf(lines.join("\n"));
    expect(errs.map((e) => `${e.line}:${e.reason}`)).toEqual([
      '4:frontmatter: unknown key "tags" (allowed: title, summary, duration, objectives, sandbox)',
      '8:frontmatter: unknown key "author" (allowed: title, summary, duration, objectives, sandbox)',
    ]);
  });

  it("rejects an empty objectives list at its line and an empty objective at the item", () => {
    const empty = errorsOf([...GOOD.slice(0, 4), "objectives: []", ...GOOD.slice(6)].join("\n"));
    expect(empty.map((e) => [e.line, e.reason])).toEqual([[5, 'frontmatter "objectives": objectives must list at least one objective']]);
    const blank = errorsOf([...GOOD.slice(0, 6), '  - ""', ...GOOD.slice(6)].join("\n"));
    expect(blank.map((e) => [e.line, e.reason])).toEqual([[7, 'frontmatter "objectives.1": objectives must not be empty']]);
  });

  it("rejects unknown sandbox keys and nodes the sandbox does not have, at their lines", () => {
    const errs = errorsOf([...GOOD.slice(0, 6), "sandbox:", "  nodes: 2", "  preset: 1", "  faults:", "    - stopNode: worker-2", ...GOOD.slice(6)].join("\n"));
    expect(errs.map((e) => [e.line, e.reason])).toEqual([
      [9, 'frontmatter: unknown key "preset" (allowed: nodes, manifests, faults)'],
      [11, 'frontmatter "sandbox.faults.0.stopNode": no node "worker-2" in a sandbox of 2 node(s) (workers: worker-1 … worker-1)'],
    ]);
  });

  it("rejects a sandbox that is not a mapping", () => {
    const errs = errorsOf([...GOOD.slice(0, 6), "sandbox: yes please", ...GOOD.slice(6)].join("\n"));
    expect(errs.map((e) => [e.line, e.reason])).toEqual([[7, 'frontmatter "sandbox": sandbox must be a mapping']]);
  });

  it("locates YAML syntax errors", () => {
    const errs = errorsOf(["---", "title: ok", "summary: [unclosed", "duration: 3", "---"].join("\n"));
    expect(errs[0]?.reason).toMatch(/^frontmatter: invalid YAML/);
    expect(errs[0]?.line).toBeGreaterThanOrEqual(3);
  });
});

describe("course.yaml validation", () => {
  it("reports an unknown key at its line", () => {
    const r = parseYamlWith("/c/course.yaml", "title: T\nsummary: S\nlevel: hard\n", 1, courseMetaSchema, "course.yaml", 1);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.message)).toEqual(['/c/course.yaml:3:1 course.yaml: unknown key "level" (allowed: title, summary, gating)']);
  });

  it("accepts an optional gating of none or exercises and rejects anything else at its line", () => {
    const parse = (yaml: string) => parseYamlWith("/c/course.yaml", yaml, 1, courseMetaSchema, "course.yaml", 1);
    expect(parse("title: T\nsummary: S\n")).toEqual({ ok: true, value: { title: "T", summary: "S" } });
    expect(parse("title: T\nsummary: S\ngating: exercises\n")).toEqual({ ok: true, value: { title: "T", summary: "S", gating: "exercises" } });
    expect(parse("title: T\nsummary: S\ngating: none\n")).toEqual({ ok: true, value: { title: "T", summary: "S", gating: "none" } });
    const bad = parse("title: T\nsummary: S\ngating: true\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.message)).toEqual(['/c/course.yaml:3:1 course.yaml "gating": gating must be "none" or "exercises"']);
  });
});

describe("discovery reports frontmatter errors with file and line", () => {
  it("collects every lesson's errors and leaves the broken lessons out", async () => {
    const root = await writeContentTree({
      "c/course.yaml": "title: C\nsummary: S\n",
      "c/01.m/module.yaml": "title: M\n",
      "c/01.m/01.ok.mdx": GOOD.join("\n"),
      "c/01.m/02.no-title.mdx": GOOD.filter((l) => !l.startsWith("title")).join("\n"),
      "c/01.m/03.extra.mdx": [...GOOD.slice(0, 2), "colour: red", ...GOOD.slice(2)].join("\n"),
    });
    const d = await discover(root);
    expect(d.errors.map((e) => `${e.file.slice(root.length + 1)}:${e.line} ${e.reason}`)).toEqual([
      'c/01.m/02.no-title.mdx:1 frontmatter: missing required key "title"',
      'c/01.m/03.extra.mdx:3 frontmatter: unknown key "colour" (allowed: title, summary, duration, objectives, sandbox)',
    ]);
    expect(d.courses[0]?.modules[0]?.lessons.map((l) => l.slug)).toEqual(["ok"]);
  });
});
