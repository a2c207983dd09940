/**
 * Minimal resource.Quantity support for validation (syntax, sign, comparison).
 * TODO: switch to lib/kube/api/quantity once it lands (it owns canonical formatting); until then
 * quantities are echoed as written in messages.
 */

/** the regular expression upstream quotes when a quantity does not parse */
export const QUANTITY_REGEX_TEXT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
export const QUANTITY_SYNTAX_ERROR = `quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`;

const suffixes: Record<string, number> = {
  "": 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** value of a quantity (number) or undefined when it does not parse */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  if (typeof q !== "string") return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(q);
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[2] ?? "";
  if (suffix in suffixes) return num * suffixes[suffix]!;
  const exp = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
  if (exp) return num * 10 ** Number(exp[1]);
  return undefined;
}

/** the quantity as text for messages */
export function quantityString(q: unknown): string {
  return typeof q === "number" ? String(q) : String(q ?? "");
}

export function compareQuantities(a: unknown, b: unknown): number {
  const x = parseQuantity(a) ?? 0;
  const y = parseQuantity(b) ?? 0;
  return x < y ? -1 : x > y ? 1 : 0;
}
