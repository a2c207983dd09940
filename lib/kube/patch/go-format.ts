/**
 * Renders JSON values the way Go does, so error messages and encoded annotations read exactly
 * like kube-apiserver's: `fmt.Sprintf("%v", x)` on decoded JSON, and `encoding/json` output
 * (sorted object keys, `<`, `>`, `&` escaped as \u003c …).
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Go's `%v` of a JSON-decoded value: `map[a:1 b:[x y]]`, `<nil>`, numbers without quotes. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goV).join(" ")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort(goStringCompare);
    return `map[${keys.map((k) => `${k}:${goV(v[k])}`).join(" ")}]`;
  }
  if (typeof v === "number") return goNumber(v);
  return String(v);
}

/** `%v` of a float64: integers print bare, large/small values in Go's %g style. */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [m, e] = n.toExponential().split("e");
    const exp = Number(e);
    return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(n);
}

/** Byte-wise (UTF-8) string ordering, as Go's `<` on strings. */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-8 byte order is code point order, which UTF-16 code unit order matches except around
  // surrogates: compare code units directly and fall back to the bytes only when one is involved
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x & 0xf800) === 0xd800 || (y & 0xf800) === 0xd800) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** `encoding/json.Marshal` of a JSON value: keys sorted, HTML-sensitive characters escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return `[${v.map(goJson).join(",")}]`;
  if (isObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(goStringCompare);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(v[k])}`).join(",")}}`;
  }
  if (typeof v === "string") return goJsonString(v);
  if (typeof v === "number") return goJsonNumber(v);
  return JSON.stringify(v);
}

function goJsonString(s: string): string {
  return JSON.stringify(s)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function goJsonNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go switches to exponent form and trims "e-07" to "e-7".
    return n
      .toExponential()
      .replace(/e([+-])(\d)$/, "e$10$2")
      .replace(/e\+?(-?)0*(\d)/, "e$1$2");
  }
  return String(n);
}

/** Deep structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
