/**
 * metav1.LabelSelector <-> selectors, as k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go:
 * LabelSelectorAsSelector, FormatLabelSelector, and the reverse ParseToLabelSelector.
 */
import { SelectorError } from "./errors";
import { LabelSelector, type Requirement, newRequirement } from "./labels";
import { parseLabelSelector } from "./label-parser";

export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator | string;
  values?: string[];
}

/** metav1.LabelSelector as it appears in objects (spec.selector) */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const opMap: Record<string, Requirement["operator"]> = { In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" };

/**
 * metav1.LabelSelectorAsSelector: null/undefined selects nothing; an empty selector selects
 * everything. Throws SelectorError on an invalid key, value or operator.
 */
export function labelSelectorAsSelector(ls: MetaLabelSelector | null | undefined): LabelSelector {
  if (ls === null || ls === undefined) return LabelSelector.nothing();
  const matchLabels = ls.matchLabels ?? {};
  const exprs = ls.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return LabelSelector.everything();
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(matchLabels)) reqs.push(newRequirement(k, "=", [v]));
  for (const e of exprs) {
    const op = Object.prototype.hasOwnProperty.call(opMap, e.operator) ? opMap[e.operator] : undefined;
    if (!op) throw new SelectorError(`${JSON.stringify(e.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(e.key, op, e.values ?? []));
  }
  return LabelSelector.of(reqs);
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`; `<none>` when empty or nil; `<error>` when invalid */
export function formatLabelSelector(ls: MetaLabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ls).toString();
  } catch (e) {
    if (e instanceof SelectorError) return "<error>";
    throw e;
  }
  return s.length === 0 ? "<none>" : s;
}

/**
 * metav1.ParseToLabelSelector: the string syntax to a metav1.LabelSelector (`=`/`==` become
 * matchLabels, the rest matchExpressions). `!=`, gt and lt cannot be expressed and throw.
 */
export function parseToLabelSelector(selector: string): MetaLabelSelector {
  const sel = parseLabelSelector(selector);
  const out: MetaLabelSelector = {};
  for (const r of sel.requirements) {
    if (r.operator === "=" || r.operator === "==") {
      (out.matchLabels ??= {})[r.key] = r.values[0]!;
      continue;
    }
    const back: Partial<Record<Requirement["operator"], LabelSelectorOperator>> = {
      in: "In",
      notin: "NotIn",
      exists: "Exists",
      "!": "DoesNotExist",
    };
    const op = back[r.operator];
    if (r.operator === "gt" || r.operator === "lt")
      throw new SelectorError(`${JSON.stringify(r.operator)} isn't supported in label selectors`);
    if (!op) throw new SelectorError(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
    const req: LabelSelectorRequirement = { key: r.key, operator: op };
    if (r.values.length) req.values = [...r.values];
    (out.matchExpressions ??= []).push(req);
  }
  return out;
}
