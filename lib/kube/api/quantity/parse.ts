/**
 * resource.ParseQuantity's scanner and suffix table (k8s.io/apimachinery/pkg/api/resource),
 * with the same accepted inputs and error messages.
 */

export type QuantityFormat = "DecimalExponent" | "BinarySI" | "DecimalSI";

export const SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE_STRING}'`;
export const ERR_NUMERIC = "unable to parse numeric part of quantity";
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

export interface Scanned {
  positive: boolean;
  /** integer digits without leading zeros ("0" when none) */
  num: string;
  /** fraction digits */
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const SUFFIX_CHARS = "eEinumkKMGTP";

/** parseQuantityString */
export function scanQuantity(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === "-") {
    positive = false;
    pos++;
  } else if (str[0] === "+") pos++;
  while (pos < end && str[pos] === "0") pos++;
  if (pos >= end) return { positive, num: "0", denom: "", suffix: "" };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = "0";
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

const decSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binSuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export interface Suffix {
  base: 10 | 2;
  exponent: number;
  format: QuantityFormat;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** suffixHandler.interpret */
export function interpretSuffix(s: string): Suffix | undefined {
  if (own(decSuffixes, s)) return { base: 10, exponent: decSuffixes[s]!, format: "DecimalSI" };
  if (own(binSuffixes, s)) return { base: 2, exponent: binSuffixes[s]!, format: "BinarySI" };
  if (s.length > 1 && (s[0] === "E" || s[0] === "e")) {
    const rest = s.slice(1);
    if (!/^[+-]?[0-9]+$/.test(rest)) return undefined;
    const n = Number(rest);
    if (!Number.isSafeInteger(n)) return undefined;
    return { base: 10, exponent: n, format: "DecimalExponent" };
  }
  return undefined;
}

/** the decimal suffix for a power of ten (multiples of 3 from -9 to 18) */
export function decimalSuffixFor(exponent: number): string | undefined {
  for (const [k, v] of Object.entries(decSuffixes)) if (v === exponent) return k;
  return undefined;
}

/** the binary suffix for 1024^n, n = 1..6 */
export const binarySuffixByPower = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
