/**
 * The syntax error Go's encoding/json reports for malformed JSON (scanner.go), so a bad body
 * gets the same message from us as from kube-apiserver: `invalid character 'b' looking for
 * beginning of object key string`, `unexpected end of JSON input`, ...
 *
 * `goJsonSyntaxError(text)` returns undefined for valid JSON. Like Go it scans bytes (UTF-8).
 */

/** Go's quoteChar: 'x', '\'', '"', '\n', '\x01', ... */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Record<number, string> = { 0x07: "\\a", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v", 0x5c: "\\\\" };
  const n = named[c];
  if (n) return `'${n}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, "0")}'`;
  if (c >= 0x80) return `'\\u00${c.toString(16)}'`;
  return `'${String.fromCharCode(c)}'`;
}

class SyntaxErr {
  constructor(readonly message: string) {}
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

export function goJsonSyntaxError(text: string | Buffer): string | undefined {
  const b = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  let i = 0;
  const eof = () => new SyntaxErr("unexpected end of JSON input");
  const bad = (context: string) => new SyntaxErr(`invalid character ${quoteChar(b[i]!)} ${context}`);
  const skip = () => {
    while (i < b.length && isSpace(b[i]!)) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= b.length) throw eof();
      if (b[i] !== word.charCodeAt(k)) throw bad(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= b.length) throw eof();
      const c = b[i]!;
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        i++;
        if (i >= b.length) throw eof();
        const e = b[i]!;
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= b.length) throw eof();
            if (!isHex(b[i]!)) throw bad("in \\u hexadecimal character escape");
          }
        } else if (!"bfnrt\\/\"".includes(String.fromCharCode(e))) throw bad("in string escape code");
        i++;
        continue;
      }
      if (c < 0x20) throw bad("in string literal");
      i++;
    }
  };
  const number = () => {
    if (b[i] === 0x2d) {
      i++;
      if (i >= b.length) throw eof();
      if (!isDigit(b[i]!)) throw bad("in numeric literal");
    }
    if (b[i] === 0x30) i++;
    else while (i < b.length && isDigit(b[i]!)) i++;
    if (i < b.length && b[i] === 0x2e) {
      i++;
      if (i >= b.length) throw eof();
      if (!isDigit(b[i]!)) throw bad("after decimal point in numeric literal");
      while (i < b.length && isDigit(b[i]!)) i++;
    }
    if (i < b.length && (b[i] === 0x65 || b[i] === 0x45)) {
      i++;
      if (i < b.length && (b[i] === 0x2b || b[i] === 0x2d)) i++;
      if (i >= b.length) throw eof();
      if (!isDigit(b[i]!)) throw bad("in exponent of numeric literal");
      while (i < b.length && isDigit(b[i]!)) i++;
    }
  };
  const value = (): void => {
    skip();
    if (i >= b.length) throw eof();
    const c = b[i]!;
    if (c === 0x7b) {
      i++;
      skip();
      if (i >= b.length) throw eof();
      if (b[i] === 0x7d) {
        i++;
        return;
      }
      for (;;) {
        skip();
        if (i >= b.length) throw eof();
        if (b[i] !== 0x22) throw bad("looking for beginning of object key string");
        string();
        skip();
        if (i >= b.length) throw eof();
        if (b[i] !== 0x3a) throw bad("after object key");
        i++;
        value();
        skip();
        if (i >= b.length) throw eof();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x7d) {
          i++;
          return;
        }
        throw bad("after object key:value pair");
      }
    }
    if (c === 0x5b) {
      i++;
      skip();
      if (i >= b.length) throw eof();
      if (b[i] === 0x5d) {
        i++;
        return;
      }
      for (;;) {
        value();
        skip();
        if (i >= b.length) throw eof();
        if (b[i] === 0x2c) {
          i++;
          continue;
        }
        if (b[i] === 0x5d) {
          i++;
          return;
        }
        throw bad("after array element");
      }
    }
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74) return literal("true");
    if (c === 0x66) return literal("false");
    if (c === 0x6e) return literal("null");
    throw bad("looking for beginning of value");
  };
  try {
    value();
    skip();
    if (i < b.length) throw bad("after top-level value");
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxErr) return e.message;
    throw e;
  }
}
