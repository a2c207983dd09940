/**
 * metav1.LabelSelector as upstream handles it: `LabelSelectorAsSelector(...).String()`,
 * `FormatLabelSelector`, matching against a label set, and the Go `%#v` text of a selector
 * that upstream prints in "field is immutable"-style messages.
 */
import { GoValue } from "../../api/field-errors";
import { asArray, asObject, asStringMap } from "./util";

interface Requirement {
  key: string;
  operator: string;
  values: string[];
}

const labelKeyName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validKey(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? "";
  if (name.length === 0 || name.length > 63 || !labelKeyName.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    return prefix.length > 0 && prefix.length <= 253 && dnsSubdomain.test(prefix);
  }
  return true;
}

function validValue(v: string): boolean {
  return v.length <= 63 && labelValue.test(v);
}

/**
 * The requirements of `LabelSelectorAsSelector`, sorted by key, or "error" when upstream
 * would fail to convert the selector. `undefined` stands for a nil selector (matches nothing).
 */
function requirements(sel: unknown): Requirement[] | "error" | undefined {
  const s = asObject(sel);
  if (!s) return undefined;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(asStringMap(s.matchLabels) ?? {})) {
    if (!validKey(k) || !validValue(v)) return "error";
    reqs.push({ key: k, operator: "=", values: [v] });
  }
  for (const raw of asArray(s.matchExpressions)) {
    const e = asObject(raw) ?? {};
    const key = typeof e.key === "string" ? e.key : "";
    const values = asArray(e.values).map(String);
    const op = String(e.operator ?? "");
    if (!validKey(key)) return "error";
    if (op === "In" || op === "NotIn") {
      if (values.length === 0 || !values.every(validValue)) return "error";
      reqs.push({ key, operator: op === "In" ? "in" : "notin", values: [...new Set(values)].sort() });
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0) return "error";
      reqs.push({ key, operator: op === "Exists" ? "exists" : "!", values: [] });
    } else {
      return "error";
    }
  }
  // labels.Selector.Add keeps requirements sorted by key (stable)
  return reqs.map((r, i) => ({ r, i })).sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i)).map((x) => x.r);
}

function requirementString(r: Requirement): string {
  switch (r.operator) {
    case "=":
      return `${r.key}=${r.values[0] ?? ""}`;
    case "in":
      return `${r.key} in (${r.values.join(",")})`;
    case "notin":
      return `${r.key} notin (${r.values.join(",")})`;
    case "exists":
      return r.key;
    default:
      return `!${r.key}`;
  }
}

/** `metav1.LabelSelectorAsSelector(sel).String()`, or undefined when conversion fails */
export function selectorString(sel: unknown): string | undefined {
  const reqs = requirements(sel);
  if (reqs === "error") return undefined;
  return (reqs ?? []).map(requirementString).join(",");
}

/** metav1.FormatLabelSelector: "<error>" on a bad selector, "<none>" when it has no requirements */
export function formatLabelSelector(sel: unknown): string {
  const s = selectorString(sel);
  if (s === undefined) return "<error>";
  return s === "" ? "<none>" : s;
}

/**
 * `selector.Empty()` of the converted selector: true only for a non-nil selector without
 * requirements (a nil selector converts to labels.Nothing(), which is not empty and matches nothing)
 */
export function selectorEmpty(sel: unknown): boolean {
  const reqs = requirements(sel);
  return Array.isArray(reqs) && reqs.length === 0;
}

/** whether the selector converts without error */
export function selectorValid(sel: unknown): boolean {
  return requirements(sel) !== "error";
}

/**
 * `selector.Matches(labels.Set(labels))`. A nil selector matches nothing; an empty one
 * matches everything, as upstream's `labels.Nothing()` / `labels.Everything()`.
 */
export function selectorMatches(sel: unknown, labels: Record<string, string> | undefined): boolean {
  const reqs = requirements(sel);
  if (reqs === "error" || reqs === undefined) return false;
  const set = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(set, r.key);
    const v = set[r.key];
    switch (r.operator) {
      case "=":
        return has && v === r.values[0];
      case "in":
        return has && r.values.includes(v ?? "");
      case "notin":
        return !has || !r.values.includes(v ?? "");
      case "exists":
        return has;
      default:
        return !has;
    }
  });
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function goStringMapText(m: unknown): string {
  const map = asStringMap(m);
  if (!map) return "map[string]string(nil)";
  const keys = Object.keys(map).sort();
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(map[k] ?? "")}`).join(", ")}}`;
}

/** Go `%#v` of a map[string]string (labels): `map[string]string{"app":"web"}` */
export function goStringMap(m: unknown): GoValue {
  return new GoValue(goStringMapText(m));
}

/** Go `%#v` of a metav1.LabelSelector (what ValidateImmutableField prints for a selector) */
export function goLabelSelector(sel: unknown): GoValue | null {
  const s = asObject(sel);
  if (!s) return null;
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${s.matchExpressions
        .map((raw) => {
          const e = asObject(raw) ?? {};
          const values = Array.isArray(e.values) ? `[]string{${e.values.map((v) => goQuote(String(v))).join(", ")}}` : "[]string(nil)";
          return `v1.LabelSelectorRequirement{Key:${goQuote(String(e.key ?? ""))}, Operator:${goQuote(String(e.operator ?? ""))}, Values:${values}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return new GoValue(`v1.LabelSelector{MatchLabels:${goStringMapText(s.matchLabels)}, MatchExpressions:${exprs}}`);
}
