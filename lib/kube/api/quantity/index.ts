/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): parsing with upstream's errors,
 * canonical formatting, comparison and arithmetic. Used by validation and the scheduler.
 */
import { Quantity } from "./quantity";
import { QuantityError } from "./parse";

export { Quantity } from "./quantity";
export { QuantityError, ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, type QuantityFormat } from "./parse";

/** resource.ParseQuantity; throws QuantityError */
export function parseQuantity(s: string): Quantity {
  return Quantity.parse(s);
}

/** the quantity, or undefined when `s` is not one */
export function tryParseQuantity(s: string): Quantity | undefined {
  try {
    return Quantity.parse(s);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/**
 * Quantity.UnmarshalJSON: a JSON string (trimmed) or number. Throws QuantityError.
 * (A JSON number arrives here already converted by JSON.parse, so `1e3` reads as `1k`.)
 */
export function quantityFromJSON(v: unknown): Quantity {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new QuantityError("quantities must be finite numbers");
    return Quantity.parse(numberToString(v));
  }
  if (typeof v === "string") return Quantity.parse(v.trim());
  throw new QuantityError(`cannot unmarshal ${v === null ? "null" : typeof v} into a Quantity`);
}

/** a JS number as plain decimal text (no exponent for the ranges that matter) */
function numberToString(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? s.replace("e+", "e") : s;
}

/** the canonical form of a quantity string (`0.5` -> `500m`); throws QuantityError */
export function canonicalQuantity(s: string): string {
  return Quantity.parse(s).toString();
}

/** compares two quantity strings or Quantities: -1, 0 or 1 */
export function compareQuantities(a: string | Quantity, b: string | Quantity): -1 | 0 | 1 {
  return toQ(a).cmp(toQ(b));
}

/** the sum of quantities, in the format of the first non-zero one ("0" for none) */
export function sumQuantities(qs: Iterable<string | Quantity>): Quantity {
  let total = Quantity.fromInt(0);
  for (const q of qs) total = total.add(toQ(q));
  return total;
}

function toQ(q: string | Quantity): Quantity {
  return typeof q === "string" ? Quantity.parse(q) : q;
}
