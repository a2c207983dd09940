/**
 * Loads and validates a lesson's `NN.<lesson>.exercises.yaml`: the schema (zod), then what a
 * schema cannot know — kinds the API serves, field paths against the kinds' upstream OpenAPI
 * schemas, operators that fit the field's type, label selectors and regular expressions.
 *
 * Guarantees: never throws for a content problem; every problem is a `ContentError` at the line
 * and column of the offending key or value. A file with errors yields no exercises.
 */
import type { z } from "zod";
import { ContentError } from "../content/errors";
import { parseLabelSelector } from "../kube/api/selectors";
import { resolveKind, schemaOf, suggestKind } from "./kinds";
import { PathError, parsePath, validatePath } from "./paths";
import { CHECK_TYPES, OPERATORS, checkSchema, checkSpecs, exercisesFileSchema, type Check, type CheckType, type Operators } from "./schema";
import type { Exercise } from "./types";
import { LocatedYaml, type Located } from "./yaml-locate";

export interface LoadedExercises {
  exercises: Exercise[];
  errors: ContentError[];
  /** where each exercise id is defined (for cross-checks with the lesson), even when the file has errors */
  lines: Map<string, Located>;
}

type P = (string | number)[];

export function parseExercisesFile(file: string, text: string): LoadedExercises {
  const y = new LocatedYaml(text);
  const err = (loc: Located, msg: string) => new ContentError({ file, ...loc }, msg);
  if (y.errors.length) return { exercises: [], errors: y.errors.map((e) => err(e, `invalid YAML: ${e.message}`)), lines: new Map() };
  const data = y.data ?? {};
  const errors: ContentError[] = [];
  /** zod issues → located errors; `prefix` is where the validated value sits in the file */
  const report = (issues: readonly z.core.$ZodIssue[], prefix: P, what: string) => {
    for (const issue of issues) {
      const path = [...prefix, ...(issue.path as P)];
      const rel = (issue.path as P).map(String).join(".");
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) errors.push(err(y.at([...path, k], true), `${what}${unknownKeyMessage(path, k)}`));
      } else if (valueAt(data, path) === undefined && path.length > prefix.length) {
        errors.push(err(y.at(path.slice(0, -1), true), `${what}missing "${String(path.at(-1))}"`));
      } else {
        errors.push(err(y.at(path), `${what}${rel && issue.code !== "custom" ? `"${rel}": ` : ""}${issue.message}`));
      }
    }
  };
  const parsed = exercisesFileSchema.safeParse(data);
  if (!parsed.success) {
    report(parsed.error.issues, [], "");
    return { exercises: [], errors, lines: new Map() };
  }
  const exercises: Exercise[] = [];
  const lines = new Map<string, Located>();
  for (const [id, spec] of Object.entries(parsed.data)) {
    lines.set(id, y.at([id], true));
    const checks: Check[] = [];
    spec.checks.forEach((input, i) => {
      const base: P = [id, "checks", i];
      const rawId = (input as { id?: unknown } | null)?.id;
      const name = typeof rawId === "string" ? `check "${rawId}": ` : `check ${i + 1} of "${id}": `;
      const one = checkSchema.safeParse(input);
      if (!one.success) {
        report(one.error.issues, base, name);
        return;
      }
      const raw = one.data;
      if (checks.some((c) => c.id === raw.id))
        errors.push(err(y.at([...base, "id"]), `duplicate check id "${raw.id}" in exercise "${id}"`));
      const type = CHECK_TYPES.find((t) => raw[t] !== undefined)!;
      const at = (...rest: P) => y.at([...base, type, ...rest]);
      const pathTypes = validateCheck(type, raw[type] as Record<string, unknown>, (loc, msg) => errors.push(err(loc, `${name}${msg}`)), at);
      const check = { id: raw.id, title: raw.title, points: raw.points, type, spec: raw[type], compiled: { pathTypes } } as Check;
      if (raw.within !== undefined) check.within = raw.within;
      checks.push(check);
    });
    const total = checks.reduce((s, c) => s + c.points, 0);
    if (checks.length === spec.checks.length && total === 0)
      errors.push(err(y.at([id, "checks"], true), `exercise "${id}": its checks are worth 0 points in total`));
    if (checks.length === spec.checks.length && spec.startingScore > total) {
      errors.push(
        err(
          y.at([id, "startingScore"]),
          `exercise "${id}": startingScore ${spec.startingScore} is more than the ${total} points its checks are worth`,
        ),
      );
    }
    exercises.push({ id, startingScore: spec.startingScore, hints: spec.hints, checks, total });
  }
  return { exercises: errors.length ? [] : exercises, errors, lines };
}

type Report = (loc: Located, msg: string) => void;

/** semantic checks; returns the leaf type of every validated path */
function validateCheck(
  type: CheckType,
  spec: Record<string, unknown>,
  report: Report,
  at: (...p: P) => Located,
): Record<string, string | undefined> {
  const pathTypes: Record<string, string | undefined> = {};
  const kindAt = (value: unknown, ...p: P) => {
    const info = resolveKind(String(value));
    if (!info) {
      const s = suggestKind(String(value));
      report(
        at(...p),
        `unknown kind "${String(value)}"${s ? ` (did you mean "${s}"?)` : " (kinds are the API's, e.g. Pod, Deployment, Service, ConfigMap, Node)"}`,
      );
    }
    return info;
  };
  const regex = (value: unknown, ...p: P) => {
    if (typeof value !== "string") return;
    try {
      new RegExp(value);
    } catch (e) {
      report(at(...p), `"${value}" is not a valid regular expression: ${(e as Error).message}`);
    }
  };
  const selector = (value: unknown, ...p: P) => {
    if (typeof value !== "string") return;
    try {
      parseLabelSelector(value);
    } catch (e) {
      report(at(...p), `invalid label selector "${value}": ${(e as Error).message}`);
    }
  };
  const ops = (o: Operators, leaf: string | undefined, required: boolean, ...p: P) => {
    const given = OPERATORS.filter((k) => o[k] !== undefined);
    if (required && given.length === 0) report(at(...p), `needs an operator: one or more of ${OPERATORS.join(", ")}`);
    regex(o.matches, ...p, "matches");
    const numeric = leaf === "integer" || leaf === "number";
    for (const k of ["gte", "gt", "lte", "lt"] as const) {
      if (o[k] !== undefined && leaf !== undefined && !numeric && leaf !== "int-or-string")
        report(at(...p, k), `"${k}" compares numbers, but this field is ${leaf === "array" ? "a list" : `a ${leaf}`}`);
    }
    if (o.contains !== undefined && leaf !== undefined && leaf !== "string" && leaf !== "array")
      report(at(...p, "contains"), `"contains" needs a text or list field, but this field is a ${leaf}`);
    if (leaf === "boolean" && (typeof o.equals === "string" || typeof o.notEquals === "string"))
      report(at(...p, o.equals !== undefined ? "equals" : "notEquals"), "this field is true or false: write equals: true (without quotes)");
    if (numeric && (typeof o.equals === "string" || typeof o.notEquals === "string"))
      report(at(...p, o.equals !== undefined ? "equals" : "notEquals"), "this field is a number: write the number without quotes");
  };
  const path = (kindName: unknown, value: unknown, ...p: P) => {
    const info = resolveKind(String(kindName));
    const schema = info && schemaOf(info);
    if (!info || !schema || typeof value !== "string") return undefined;
    try {
      const leaf = validatePath(schema, parsePath(value), info.kind);
      pathTypes[value] = leaf;
      return leaf;
    } catch (e) {
      if (e instanceof PathError) report(at(...p), e.message);
      else throw e;
      return undefined;
    }
  };
  const namespaced = (kindName: unknown) => {
    const info = resolveKind(String(kindName));
    if (info && !info.namespaced && spec.namespace !== undefined)
      report(at("namespace"), `${info.kind} is not namespaced: remove "namespace"`);
  };
  const o = spec as Operators;
  switch (type) {
    case "exists":
      kindAt(spec.kind, "kind");
      namespaced(spec.kind);
      break;
    case "absent":
      kindAt(spec.kind, "kind");
      namespaced(spec.kind);
      if ((spec.name === undefined) === (spec.selector === undefined)) report(at(), 'give either "name" or "selector"');
      selector(spec.selector, "selector");
      break;
    case "field": {
      kindAt(spec.kind, "kind");
      namespaced(spec.kind);
      ops(o, path(spec.kind, spec.path, "path"), true);
      break;
    }
    case "count": {
      kindAt(spec.kind, "kind");
      namespaced(spec.kind);
      selector(spec.selector, "selector");
      ((spec.where as Array<Record<string, unknown>> | undefined) ?? []).forEach((w, i) =>
        ops(w as Operators, path(spec.kind, w.path, "where", i, "path"), true, "where", i),
      );
      ops(o, "integer", true);
      break;
    }
    case "selects": {
      const w = spec.workload as { kind: string };
      const info = kindAt(w.kind, "workload", "kind");
      if (info && !["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"].includes(info.kind))
        report(
          at("workload", "kind"),
          `a Service selects the pods of a Deployment, ReplicaSet, StatefulSet, DaemonSet or Job, not a ${info.kind}`,
        );
      break;
    }
    case "owns": {
      kindAt((spec.owner as { kind: string }).kind, "owner", "kind");
      kindAt(spec.kind, "kind");
      ops(o, "integer", false);
      break;
    }
    case "spread":
      selector(spec.selector, "selector");
      ops(o, "integer", true);
      break;
    case "placement":
      selector(spec.selector, "selector");
      selector(spec.nodeSelector, "nodeSelector");
      if (spec.nodeSelector === undefined && spec.node === undefined) report(at(), 'give "nodeSelector" or "node"');
      break;
    case "cordoned":
      break;
    case "event":
      if (spec.kind !== undefined) kindAt(spec.kind, "kind");
      regex(spec.message, "message");
      ops(o, "integer", false);
      break;
    case "endpoints":
      ops(o, "integer", true);
      break;
    case "http": {
      const from = spec.from as { pod?: string; selector?: string } | undefined;
      if (from && from.pod !== undefined && from.selector !== undefined) report(at("from"), 'give "pod" or "selector", not both');
      selector(from?.selector, "from", "selector");
      regex(spec.body, "body");
      if (!/^(?:https?:\/\/)?[^/:?#\s]+(?::\d+)?(?:[/?][^\s#]*)?$/.test(String(spec.url)))
        report(at("url"), `"${String(spec.url)}" is not a URL like http://web or http://web.default.svc:8080/path`);
      break;
    }
  }
  return pathTypes;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

const EXERCISE_KEYS = ["startingScore", "hints", "checks"];
const CHECK_KEYS = ["id", "title", "points", "within", ...CHECK_TYPES];

/** "unknown key" with the keys allowed at that place in the file */
function unknownKeyMessage(path: P, key: string): string {
  let allowed: string[] | undefined;
  let operators = false;
  if (path.length === 1) allowed = EXERCISE_KEYS;
  else if (path.length === 3 && path[1] === "checks") allowed = CHECK_KEYS;
  else if (path.length >= 4 && path[1] === "checks") {
    const type = path[3] as CheckType;
    const spec = checkSpecs[type];
    if (path.length === 4 && spec) {
      allowed = Object.keys(spec.shape);
      operators = allowed.includes("equals");
    } else if (path[4] === "where") {
      allowed = ["path", ...OPERATORS];
      operators = true;
    } else if (path[4] === "from") allowed = ["pod", "selector", "namespace"];
    else if (path[4] === "workload" || path[4] === "owner") allowed = ["kind", "name"];
  }
  const what = operators && !allowed?.includes(key) ? `unknown key or operator "${key}"` : `unknown key "${key}"`;
  if (!allowed) return what;
  if (operators)
    return `${what} (operators: ${OPERATORS.join(", ")}; keys: ${allowed.filter((k) => !OPERATORS.includes(k as never)).join(", ")})`;
  return `${what} (allowed: ${allowed.join(", ")})`;
}
