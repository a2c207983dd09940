/**
 * Shared matching rules (component-helpers/scheduling/corev1 and v1helper): node selector
 * terms, tolerations, and the default score normalization.
 */
import type { Labels } from "../../api/selectors";
import type { NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration } from "./api";
import { MAX_NODE_SCORE, type Scores } from "./types";

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return has && values.includes(value);
    case "NotIn":
      return !has || !values.includes(value);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has || values.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(values[0]!)) return false;
      const a = Number(value);
      const b = Number(values[0]);
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** one NodeSelectorTerm: all expressions and fields must match; an empty term matches nothing */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, labels?.[r.key])) return false;
  for (const f of fields) {
    if (f.key !== "metadata.name") return false;
    if (!requirementMatches(f, nodeName)) return false;
  }
  return true;
}

/** NodeSelector: the terms are ORed */
export function nodeSelectorMatches(terms: readonly NodeSelectorTerm[], labels: Labels, nodeName: string): boolean {
  for (const t of terms) if (nodeSelectorTermMatches(t, labels, nodeName)) return true;
  return false;
}

/** v1.Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "Equal") {
    case "Exists":
      return true;
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    default:
      return false;
  }
}

/** the first taint no toleration tolerates (FindMatchingUntoleratedTaint) */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) {
    let ok = false;
    if (tolerations) for (const tol of tolerations) if (toleratesTaint(tol, taint)) { ok = true; break; }
    if (!ok) return taint;
  }
  return undefined;
}

/** helper.DefaultNormalizeScore: scale to 0..MAX by the highest score; `reverse` flips it */
export function defaultNormalizeScore(scores: Scores, reverse: boolean, max = MAX_NODE_SCORE): void {
  let top = 0;
  for (const s of scores) if (s > top) top = s;
  if (top === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((max * scores[i]!) / top);
    if (reverse) s = max - s;
    scores[i] = s;
  }
}
