/**
 * Operator evaluation and the learner-facing words for values and expectations.
 * Kubernetes omits zero numbers and false booleans from objects (omitempty), so a missing
 * integer reads as 0 and a missing boolean as false unless the check asks about `present`.
 */
import { OPERATORS, type Operators } from "./schema";

export function hasOperators(o: Operators): boolean {
  return OPERATORS.some((k) => o[k] !== undefined);
}

/** the value as compared: omitempty defaults for missing numbers and booleans */
export function effective(value: unknown, leafType: string | undefined): unknown {
  if (value !== undefined && value !== null) return value;
  if (leafType === "integer" || leafType === "number") return 0;
  if (leafType === "boolean") return false;
  return undefined;
}

const num = (v: unknown): number | undefined => {
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

const same = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (a === undefined || a === null) return false;
  if (typeof a === "object") return false;
  return String(a) === String(b);
};

/** every operator holds for `v` (`raw` is the value before omitempty defaults, for `present`) */
export function satisfies(v: unknown, o: Operators, raw: unknown = v): boolean {
  if (o.present !== undefined && (raw !== undefined && raw !== null) !== o.present) return false;
  if (o.equals !== undefined && !same(v, o.equals)) return false;
  if (o.notEquals !== undefined && same(v, o.notEquals)) return false;
  if (o.oneOf !== undefined && !o.oneOf.some((x) => same(v, x))) return false;
  if (o.matches !== undefined && (v === undefined || v === null || typeof v === "object" || !new RegExp(o.matches).test(String(v))))
    return false;
  if (o.contains !== undefined) {
    if (Array.isArray(v)) {
      if (!v.some((x) => same(x, o.contains))) return false;
    } else if (typeof v !== "string" || !v.includes(String(o.contains))) return false;
  }
  const n = num(v);
  const cmp: Array<[number | undefined, (a: number, b: number) => boolean]> = [
    [o.gte, (a, b) => a >= b],
    [o.gt, (a, b) => a > b],
    [o.lte, (a, b) => a <= b],
    [o.lt, (a, b) => a < b],
  ];
  for (const [bound, ok] of cmp) if (bound !== undefined && (n === undefined || !ok(n, bound))) return false;
  return true;
}

/** "at least 3", "`nginx:1.27`", "set", "one of `a`, `b`" … joined with "and" */
export function expectation(o: Operators): string {
  const parts: string[] = [];
  if (o.present === true) parts.push("set");
  if (o.present === false) parts.push("not set");
  if (o.equals !== undefined) parts.push(show(o.equals));
  if (o.notEquals !== undefined) parts.push(`anything but ${show(o.notEquals)}`);
  if (o.oneOf !== undefined) parts.push(`one of ${o.oneOf.map(show).join(", ")}`);
  if (o.matches !== undefined) parts.push(`matching /${o.matches}/`);
  if (o.contains !== undefined) parts.push(`containing ${show(o.contains)}`);
  if (o.gte !== undefined && o.lte !== undefined) parts.push(`between ${o.gte} and ${o.lte}`);
  else {
    if (o.gte !== undefined) parts.push(`at least ${o.gte}`);
    if (o.lte !== undefined) parts.push(`at most ${o.lte}`);
  }
  if (o.gt !== undefined) parts.push(`more than ${o.gt}`);
  if (o.lt !== undefined) parts.push(`less than ${o.lt}`);
  return parts.join(" and ");
}

/** a value as a learner reads it: numbers plain, text in backticks, lists comma-separated */
export function show(v: unknown): string {
  if (v === undefined || v === null) return "not set";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return `\`${v.length > 80 ? `${v.slice(0, 77)}…` : v}\``;
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : v.length <= 5 ? v.map(show).join(", ") : `${v.length} items`;
  return "an object";
}

/** a short, storable copy of an observed value */
export function compact(v: unknown): unknown {
  if (typeof v === "string") return v.length > 200 ? `${v.slice(0, 200)}…` : v;
  if (Array.isArray(v)) return v.length > 20 ? [...v.slice(0, 20).map(compact), `… ${v.length - 20} more`] : v.map(compact);
  if (v && typeof v === "object") {
    const s = JSON.stringify(v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : v;
  }
  return v;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
