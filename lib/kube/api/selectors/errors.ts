/**
 * Selector errors. Messages are exactly upstream's error strings (the API server returns them
 * as the message of a 400 BadRequest), including field.Error's rendering with a nil path
 * (`<nil>: Invalid value: "x": ...`).
 */
import { errors, type StatusError } from "../errors";

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
  /** the 400 BadRequest the API server answers with */
  toStatusError(): StatusError {
    return errors.badRequest(this.message);
  }
}

/** Go's %#v for the values field.Invalid gets in selector code: strings and []string */
export function goValue(v: string | readonly string[]): string {
  if (typeof v === "string") return goQuote(v);
  return `[]string{${v.map(goQuote).join(", ")}}`;
}

const goEscapes: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  "\\": "\\\\",
  '"': '\\"',
};

/** Go's %q for a string: printable characters as-is, \n-style escapes, other controls as \xNN */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = goEscapes[ch];
    if (esc) out += esc;
    else {
      const c = ch.codePointAt(0)!;
      out += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, "0")}` : ch;
    }
  }
  return out + '"';
}

/** field.Invalid(path, value, detail).Error() */
export function fieldInvalid(path: string, value: string | readonly string[], detail: string): string {
  return `${path}: Invalid value: ${goValue(value)}: ${detail}`;
}

/** field.NotSupported(path, value, valid).Error() */
export function fieldNotSupported(path: string, value: string, valid: readonly string[]): string {
  return `${path}: Unsupported value: ${goQuote(value)}: supported values: ${valid.map(goQuote).join(", ")}`;
}

/** utilerrors.NewAggregate(errs).Error(): one bare, several as `[a, b]`, duplicates dropped */
export function aggregate(msgs: readonly string[]): string {
  const uniq = [...new Set(msgs)];
  return uniq.length === 1 ? uniq[0]! : `[${uniq.join(", ")}]`;
}
