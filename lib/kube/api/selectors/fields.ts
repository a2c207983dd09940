/**
 * Field selectors as k8s.io/apimachinery/pkg/fields: `metadata.name=x,status.phase!=Running`,
 * with `\`-escaping of `\ , =` in values, the same term ordering (sorted) and error strings.
 */
import { SelectorError } from "./errors";

export type FieldOperator = "=" | "==" | "!=";

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  readonly value: string;
}

/** reads a field of an object; undefined (a missing field) compares as "" like fields.Set.Get */
export type FieldGetter = (field: string) => string | undefined;

/** fields.EscapeValue */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue: throws SelectorError on a bad escape or a bare `,`/`=` */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    else if (c === "," || c === "=") throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new SelectorError("invalid field selector: invalid escape sequence: \\");
  return out;
}

/** splitTerms: split on commas not escaped by a backslash (escapes kept) */
function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators: FieldOperator[] = ["!=", "==", "="];

function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return undefined;
}

export class FieldSelector {
  /** requirements in term order (sorted by their source text, as upstream) */
  constructor(readonly requirements: readonly FieldRequirement[]) {
    Object.freeze(this);
  }

  static everything(): FieldSelector {
    return EVERYTHING;
  }

  /** fields.OneTermEqualSelector */
  static oneTermEqual(field: string, value: string): FieldSelector {
    return new FieldSelector([{ field, operator: "=", value }]);
  }

  /** true for every requirement: `=`/`==` need get(field) === value, `!=` the opposite */
  matches(get: FieldGetter): boolean {
    for (const r of this.requirements) {
      const v = get(r.field) ?? "";
      if ((r.operator === "!=") === (v === r.value)) return false;
    }
    return true;
  }

  /** matches against a plain map of field -> value (fields.Set) */
  matchesSet(set: Readonly<Record<string, string>>): boolean {
    return this.matches((f) => (Object.prototype.hasOwnProperty.call(set, f) ? set[f] : undefined));
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  /** the value `field` must equal, if an `=`/`==` term requires one */
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator !== "!=") return r.value;
    return undefined;
  }

  /**
   * Selector.Transform: maps every term through `fn` (which may throw, e.g. for an unsupported
   * field); a term mapped to an empty field and value is dropped.
   */
  transform(fn: (field: string, value: string) => [string, string]): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const [field, value] = fn(r.field, r.value);
      if (field === "" && value === "") continue;
      out.push({ field, operator: r.operator, value });
    }
    return new FieldSelector(out);
  }

  /** `metadata.name=x,status.phase!=Running` (`==` prints as `=`, values escaped) */
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator === "!=" ? "!=" : "="}${escapeFieldValue(r.value)}`).join(",");
  }
}

const EVERYTHING = new FieldSelector([]);

/**
 * fields.ParseSelector. Empty terms are skipped; an empty string selects everything.
 * Throws SelectorError, e.g. `invalid selector: 'foo'; can't understand 'foo'`.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const t = splitTerm(part);
    if (!t) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, operator, rhs] = t;
    reqs.push({ field, operator, value: unescapeFieldValue(rhs) });
  }
  return reqs.length ? new FieldSelector(reqs) : EVERYTHING;
}

/**
 * The per-resource field label check the API server applies before listing (upstream's
 * `ConvertFieldLabel`). Throws SelectorError for a field outside `supported`, worded as
 * upstream words it: kinds with their own conversion func (pods, nodes, events, secrets…)
 * say `field label not supported: <field>`; kinds that only support the metadata fields use
 * runtime.DefaultMetaV1FieldSelectorConversion's `"<field>" is not a known field selector:
 * only "metadata.name", "metadata.namespace"`. The wording follows from `supported` unless
 * `style` says otherwise.
 */
export function checkFieldLabels(selector: FieldSelector, supported: readonly string[], style?: "custom" | "metadataOnly"): FieldSelector {
  const metaOnly = style
    ? style === "metadataOnly"
    : supported.length === 2 && supported.includes("metadata.name") && supported.includes("metadata.namespace");
  return selector.transform((field, value) => {
    if (!supported.includes(field)) {
      throw new SelectorError(
        metaOnly
          ? `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`
          : `field label not supported: ${field}`,
      );
    }
    return [field, value];
  });
}
