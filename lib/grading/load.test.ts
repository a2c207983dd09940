import { describe, expect, it } from "vitest";
import { parseExercisesFile } from "./load";
import { parseSolutionsFile, shellSplit } from "./solutions";

const errs = (text: string) => parseExercisesFile("/c/x.exercises.yaml", text).errors.map((e) => `${e.line}:${e.column} ${e.reason}`);

describe("parseExercisesFile", () => {
  it("parses a valid exercise, normalising each check", () => {
    const r = parseExercisesFile(
      "/c/x.exercises.yaml",
      [
        "web:",
        "  hints: [one, two]",
        "  checks:",
        "    - id: ready",
        "      title: ready",
        "      points: 2",
        "      within: 30",
        "      field: { kind: Deployment, name: web, path: status.readyReplicas, gte: 3 }",
        "    - id: svc",
        "      title: svc",
        "      exists: { kind: Service, name: web }",
      ].join("\n"),
    );
    expect(r.errors).toEqual([]);
    const ex = r.exercises[0]!;
    expect(ex).toMatchObject({ id: "web", startingScore: 0, hints: ["one", "two"], total: 3 });
    expect(ex.checks[0]).toMatchObject({
      id: "ready",
      type: "field",
      points: 2,
      within: 30,
      compiled: { pathTypes: { "status.readyReplicas": "integer" } },
    });
    expect(ex.checks[1]).toMatchObject({ id: "svc", type: "exists", points: 1 });
    expect(r.lines.get("web")).toEqual({ line: 1, column: 1 });
  });

  it("locates schema errors at their key", () => {
    expect(errs("web:\n  checks:\n    - id: a\n      title: t\n      exists: { kind: Pod, name: p, nmespace: x }\n")).toEqual([
      '5:37 check "a": unknown key "nmespace" (allowed: kind, name, namespace)',
    ]);
    expect(errs("web:\n  hint: [x]\n  checks: []\n").sort()).toEqual([
      '2:3 unknown key "hint" (allowed: startingScore, hints, checks)',
      '3:3 "web.checks": an exercise needs at least one check',
    ]);
    expect(
      errs("web:\n  checks:\n    - id: a\n      title: t\n      exists: { kind: Pod, name: p }\n      absent: { kind: Pod, name: q }\n"),
    ).toEqual([
      '6:7 check "a": a check has exactly one of exists, absent, field, count, selects, owns, spread, placement, cordoned, event, endpoints, http; found exists and absent',
    ]);
  });

  it("validates kinds, namespaces, selectors, regexes and operator types", () => {
    const text = [
      "web:",
      "  checks:",
      "    - { id: a, title: t, exists: { kind: Node, name: n, namespace: default } }",
      "    - { id: b, title: t, count: { kind: Pod, selector: 'app in (', gte: 1 } }",
      "    - { id: c, title: t, field: { kind: Pod, name: p, path: metadata.name, matches: '(' } }",
      "    - { id: d, title: t, field: { kind: Node, name: n, path: spec.unschedulable, equals: 'true' } }",
      "    - { id: e, title: t, field: { kind: Pod, name: p, path: metadata.name } }",
      "    - { id: f, title: t, selects: { service: s, workload: { kind: ConfigMap, name: c } } }",
    ].join("\n");
    const e = errs(text);
    expect(e).toHaveLength(6);
    expect(e[0]).toMatch(/^3:\d+ check "a": Node is not namespaced: remove "namespace"$/);
    expect(e[1]).toMatch(/^4:\d+ check "b": invalid label selector "app in \("/);
    expect(e[2]).toMatch(/^5:\d+ check "c": "\(" is not a valid regular expression/);
    expect(e[3]).toMatch(/^6:\d+ check "d": this field is true or false: write equals: true/);
    expect(e[4]).toMatch(/^7:\d+ check "e": needs an operator/);
    expect(e[5]).toMatch(/^8:\d+ check "f": a Service selects the pods of a Deployment/);
  });

  it("reports YAML syntax errors once, and duplicate check ids", () => {
    expect(errs("web:\n  checks: [\n")).toHaveLength(1);
    const dup = errs(
      "web:\n  checks:\n    - { id: a, title: t, exists: { kind: Pod, name: p } }\n    - { id: a, title: t, exists: { kind: Pod, name: q } }\n",
    );
    expect(dup).toEqual(['4:13 duplicate check id "a" in exercise "web"']);
  });

  it("rejects a startingScore above the total", () => {
    expect(errs("web:\n  startingScore: 3\n  checks:\n    - { id: a, title: t, exists: { kind: Pod, name: p } }\n")).toEqual([
      '2:18 exercise "web": startingScore 3 is more than the 1 points its checks are worth',
    ]);
  });
});

describe("solutions", () => {
  it("splits kubectl command lines like a shell", () => {
    expect(shellSplit(`kubectl patch svc shop -p '{"spec":{"selector":{"app":"shop"}}}'`)).toEqual([
      "kubectl",
      "patch",
      "svc",
      "shop",
      "-p",
      '{"spec":{"selector":{"app":"shop"}}}',
    ]);
    expect(shellSplit(`run a -- sh -c "echo \\"hi\\" && sleep 1"`)).toEqual(["run", "a", "--", "sh", "-c", 'echo "hi" && sleep 1']);
    expect(() => shellSplit("run 'x")).toThrow(/unclosed/);
  });

  it("parses steps and locates bad ones", () => {
    const ok = parseSolutionsFile("/s.yaml", "web:\n  - kubectl: kubectl scale deploy web --replicas=2\n  - advance: 5\n  - score: 1\n");
    expect(ok.errors).toEqual([]);
    expect(ok.solutions.get("web")).toEqual([{ kubectl: ["scale", "deploy", "web", "--replicas=2"] }, { advance: 5 }, { score: 1 }]);
    const bad = parseSolutionsFile("/s.yaml", "web:\n  - run: x\n");
    expect(bad.errors.map((e) => `${e.line} ${e.reason}`)).toEqual([
      "2 solutions: a step is one of: kubectl: <args>, apply: <manifest>, advance: <seconds>, score: <points>",
    ]);
  });
});
