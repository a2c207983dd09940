/**
 * Label selectors as k8s.io/apimachinery/pkg/labels: requirements, matching, the string
 * syntax parser (same tokens, same grammar, same error messages) and String().
 */
import { SelectorError, aggregate, fieldInvalid, fieldNotSupported } from "./errors";
import { isQualifiedName, isValidLabelValue } from "./validation";

/** selection.Operator values */
export type LabelOperator = "in" | "notin" | "=" | "==" | "!=" | "exists" | "!" | "gt" | "lt";

const binaryOperators: LabelOperator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const validOperators: LabelOperator[] = [...binaryOperators, "exists", "!"];

export type Labels = Readonly<Record<string, string>> | undefined | null;

export interface Requirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** as given (String() sorts them for display) */
  readonly values: readonly string[];
}

const int64Re = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64), or undefined */
function parseInt64(s: string): bigint | undefined {
  if (!int64Re.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

function has(labels: Labels, key: string): boolean {
  return !!labels && Object.prototype.hasOwnProperty.call(labels, key);
}

/**
 * labels.NewRequirement: validates and builds a requirement. `path` is the field path for
 * messages (upstream's default is none: paths render as `key`, `values[0]`).
 * Throws SelectorError with the aggregated field errors.
 */
export function newRequirement(key: string, operator: string, values: readonly string[], path = ""): Requirement {
  const child = (name: string) => (path ? `${path}.${name}` : name);
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) errs.push(fieldInvalid(child("key"), key, keyErrs.join("; ")));
  const valuePath = child("values");
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) errs.push(fieldInvalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) errs.push(fieldInvalid(valuePath, values, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (values.length !== 0) errs.push(fieldInvalid(valuePath, values, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) errs.push(fieldInvalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(fieldInvalid(`${valuePath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(fieldNotSupported(child("operator"), operator, validOperators));
  }
  values.forEach((v, i) => {
    const vErrs = isValidLabelValue(v);
    if (vErrs.length) errs.push(fieldInvalid(`${valuePath}[${i}][${key}]`, v, vErrs.join("; ")));
  });
  if (errs.length) throw new SelectorError(aggregate(errs));
  return Object.freeze({ key, operator: operator as LabelOperator, values: Object.freeze([...values]) });
}

/** Requirement.Matches */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has(labels, r.key) && r.values.includes(labels![r.key]!);
    case "notin":
    case "!=":
      return !has(labels, r.key) || !r.values.includes(labels![r.key]!);
    case "exists":
      return has(labels, r.key);
    case "!":
      return !has(labels, r.key);
    case "gt":
    case "lt": {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const lv = parseInt64(labels![r.key]!);
      const rv = parseInt64(r.values[0]!);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === "gt" ? lv > rv : lv < rv;
    }
  }
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Requirement.String(): `!a`, `a`, `a=b`, `a in (x,y)` (values sorted) */
export function requirementString(r: Requirement): string {
  if (r.operator === "!") return `!${r.key}`;
  if (r.operator === "exists") return r.key;
  const ops: Record<string, string> = { "=": "=", "==": "==", "!=": "!=", in: " in ", notin: " notin ", gt: ">", lt: "<" };
  const vals = r.values.length === 1 ? r.values[0]! : [...r.values].sort(byteCompare).join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return `${r.key}${ops[r.operator]}${set ? `(${vals})` : vals}`;
}

/**
 * A parsed label selector (an AND of requirements sorted by key), or Nothing.
 * Immutable.
 */
export class LabelSelector {
  /** prefer `LabelSelector.of`, `everything()`, `nothing()`; requirements must be sorted by key */
  constructor(
    readonly requirements: readonly Requirement[],
    /** labels.Nothing(): matches no labels (a nil metav1.LabelSelector) */
    readonly isNothing: boolean,
  ) {
    Object.freeze(this);
  }

  static everything(): LabelSelector {
    return EVERYTHING;
  }

  static nothing(): LabelSelector {
    return NOTHING;
  }

  /** requirements sorted stably by key, as internalSelector.Add does */
  static of(requirements: readonly Requirement[]): LabelSelector {
    if (requirements.length === 0) return EVERYTHING;
    return new LabelSelector(Object.freeze([...requirements].sort((a, b) => byteCompare(a.key, b.key))), false);
  }

  matches(labels: Labels): boolean {
    if (this.isNothing) return false;
    for (const r of this.requirements) if (!requirementMatches(r, labels)) return false;
    return true;
  }

  /** true when the selector does not restrict the selection (Everything) */
  empty(): boolean {
    return !this.isNothing && this.requirements.length === 0;
  }

  /** the value `key` must have, when the selector requires exactly one (`a=b`, `a==b`, `a in (b)`) */
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== key) continue;
      if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1) return r.values[0];
      return undefined;
    }
    return undefined;
  }

  /** a new selector with more requirements */
  add(...reqs: Requirement[]): LabelSelector {
    if (this.isNothing) return this;
    return LabelSelector.of([...this.requirements, ...reqs]);
  }

  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
}

const EVERYTHING = new LabelSelector(Object.freeze([]), false);
const NOTHING = new LabelSelector(Object.freeze([]), true);

/** labels.SelectorFromSet: `k=v` for every entry (not validated, like upstream) */
export function selectorFromSet(set: Labels): LabelSelector {
  if (!set) return EVERYTHING;
  return LabelSelector.of(
    Object.entries(set).map(([key, v]) => Object.freeze({ key, operator: "=" as const, values: Object.freeze([v]) })),
  );
}

/** labels.ValidatedSelectorFromSet: like selectorFromSet but validates keys and values */
export function validatedSelectorFromSet(set: Labels): LabelSelector {
  if (!set) return EVERYTHING;
  return LabelSelector.of(Object.entries(set).map(([k, v]) => newRequirement(k, "=", [v])));
}
