/**
 * A small POSIX-sh parser: enough of the grammar that container commands, probes and (later)
 * `kubectl exec` use — lists (`;` `&&` `||` newlines `&`), pipelines, `!`, `while`/`until`,
 * `for`, `if`/`elif`/`else`, `{ }` and `( )` groups, assignments and redirections.
 *
 * Words are kept raw (quotes and `$` intact) and expanded at run time by the interpreter, as sh
 * does. Syntax errors throw `ShellSyntaxError` with dash/busybox-like wording.
 */

export type Redir = { op: ">" | ">>" | "<" | "2>" | "2>>" | "2>&1" | "&>" | ">&2"; target: string };

export type ShellNode =
  | { k: "simple"; assigns: [string, string][]; words: string[]; redirs: Redir[] }
  | { k: "pipe"; cmds: ShellNode[] }
  | { k: "and" | "or"; l: ShellNode; r: ShellNode }
  | { k: "seq"; items: ShellNode[] }
  | { k: "not"; n: ShellNode }
  | { k: "while" | "until"; cond: ShellNode; body: ShellNode }
  | { k: "for"; name: string; items: string[] | null; body: ShellNode }
  | { k: "if"; branches: [ShellNode, ShellNode][]; otherwise?: ShellNode }
  | { k: "group"; body: ShellNode; subshell: boolean };

export class ShellSyntaxError extends Error {}

type Tok = { t: "word"; v: string } | { t: "op"; v: string };

const OPS = ["&&", "||", ";;", "2>&1", ">&2", "2>>", "&>", ">>", "2>", ";", "&", "|", "(", ")", ">", "<", "\n"];

/** splits a script into words and operators; a word keeps its quotes for later expansion */
export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    if (c === "\\" && src[i + 1] === "\n") {
      i += 2;
      continue;
    }
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i) && !(o === "2>" || o === "2>>" || o === "2>&1" ? isWordChar(src[i - 1]) : false));
    if (op) {
      out.push({ t: "op", v: op });
      i += op.length;
      continue;
    }
    const start = i;
    i = scanWord(src, i);
    out.push({ t: "word", v: src.slice(start, i) });
  }
  return out;
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && !/[\s;&|()<>]/.test(c);
}

/** end index of the word starting at `i`, honouring quotes, `$( )`, `${ }` and backquotes */
export function scanWord(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") i += 2;
    else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new ShellSyntaxError("Unterminated quoted string");
      i = j + 1;
    } else if (c === '"') i = scanDouble(src, i + 1);
    else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j < 0) throw new ShellSyntaxError('Syntax error: EOF in backquote substitution');
      i = j + 1;
    } else if (c === "$" && (src[i + 1] === "(" || src[i + 1] === "{")) i = matchClose(src, i + 1);
    else if (/[\s;&|()<>]/.test(c)) break;
    else i++;
  }
  return i;
}

function scanDouble(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") i += 2;
    else if (c === '"') return i + 1;
    else if (c === "$" && (src[i + 1] === "(" || src[i + 1] === "{")) i = matchClose(src, i + 1);
    else i++;
  }
  throw new ShellSyntaxError("Unterminated quoted string");
}

/** index after the bracket matching the one at `i` */
export function matchClose(src: string, i: number): number {
  const open = src[i]!;
  const close = open === "(" ? ")" : "}";
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j]!;
    if (c === "\\") j++;
    else if (c === "'" && open === "(") {
      const k = src.indexOf("'", j + 1);
      if (k < 0) break;
      j = k;
    } else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  throw new ShellSyntaxError(`Syntax error: Missing '${close}'`);
}

const RESERVED = new Set(["do", "done", "then", "fi", "elif", "else", "esac", "}", "in"]);

export function parseScript(src: string): ShellNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isWord = (v: string) => peek()?.t === "word" && peek()!.v === v;
  const isOp = (v: string) => peek()?.t === "op" && peek()!.v === v;
  const skipNewlines = () => {
    while (isOp("\n") || isOp(";")) p++;
  };
  const unexpected = (): never => {
    const t = peek();
    throw new ShellSyntaxError(`Syntax error: ${t ? (t.v === "\n" ? "newline" : `"${t.v}"`) : "end of file"} unexpected`);
  };
  const expectWord = (v: string) => {
    skipNewlines();
    if (!isWord(v)) unexpected();
    p++;
  };

  function list(stop: (tok: Tok | undefined) => boolean): ShellNode {
    const items: ShellNode[] = [];
    for (;;) {
      while (isOp("\n") || isOp(";") || isOp("&")) p++;
      if (!peek() || stop(peek())) break;
      items.push(andOr());
      if (peek() && !(isOp(";") || isOp("\n") || isOp("&")) && !stop(peek())) unexpected();
    }
    return items.length === 1 ? items[0]! : { k: "seq", items };
  }

  function andOr(): ShellNode {
    let l = pipeline();
    while (isOp("&&") || isOp("||")) {
      const k = peek()!.v === "&&" ? "and" : "or";
      p++;
      while (isOp("\n")) p++;
      l = { k, l, r: pipeline() };
    }
    return l;
  }

  function pipeline(): ShellNode {
    let neg = false;
    if (isWord("!")) {
      neg = true;
      p++;
    }
    const cmds = [command()];
    while (isOp("|")) {
      p++;
      while (isOp("\n")) p++;
      cmds.push(command());
    }
    const n: ShellNode = cmds.length === 1 ? cmds[0]! : { k: "pipe", cmds };
    return neg ? { k: "not", n } : n;
  }

  const stopAt = (...words: string[]) => (t: Tok | undefined) => !!t && ((t.t === "word" && words.includes(t.v)) || (words.includes(")") && t.t === "op" && t.v === ")"));

  function command(): ShellNode {
    const t = peek();
    if (!t) return unexpected();
    if (t.t === "op" && t.v === "(") {
      p++;
      const body = list(stopAt(")"));
      if (!isOp(")")) unexpected();
      p++;
      return { k: "group", body, subshell: true };
    }
    if (t.t === "word") {
      switch (t.v) {
        case "{": {
          p++;
          const body = list(stopAt("}"));
          expectWord("}");
          return { k: "group", body, subshell: false };
        }
        case "while":
        case "until": {
          p++;
          const cond = list(stopAt("do"));
          expectWord("do");
          const body = list(stopAt("done"));
          expectWord("done");
          return { k: t.v, cond, body };
        }
        case "for": {
          p++;
          const name = peek();
          if (name?.t !== "word") return unexpected();
          p++;
          let items: string[] | null = null;
          while (isOp("\n")) p++;
          if (isWord("in")) {
            p++;
            items = [];
            while (peek()?.t === "word") items.push((toks[p++] as Tok).v);
          }
          expectWord("do");
          const body = list(stopAt("done"));
          expectWord("done");
          return { k: "for", name: name.v, items, body };
        }
        case "if": {
          p++;
          const branches: [ShellNode, ShellNode][] = [];
          let otherwise: ShellNode | undefined;
          for (;;) {
            const cond = list(stopAt("then"));
            expectWord("then");
            const body = list(stopAt("elif", "else", "fi"));
            branches.push([cond, body]);
            skipNewlines();
            if (isWord("elif")) {
              p++;
              continue;
            }
            if (isWord("else")) {
              p++;
              otherwise = list(stopAt("fi"));
            }
            expectWord("fi");
            return otherwise ? { k: "if", branches, otherwise } : { k: "if", branches };
          }
        }
        default:
          if (RESERVED.has(t.v)) unexpected();
      }
    }
    return simple();
  }

  function simple(): ShellNode {
    const assigns: [string, string][] = [];
    const words: string[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.t === "op") {
        if ([">", ">>", "<", "2>", "2>>", "&>"].includes(t.v)) {
          p++;
          const target = peek();
          if (target?.t !== "word") return unexpected();
          p++;
          redirs.push({ op: t.v as Redir["op"], target: target.v });
          continue;
        }
        if (t.v === "2>&1" || t.v === ">&2") {
          p++;
          redirs.push({ op: t.v, target: "" });
          continue;
        }
        break;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.v);
      if (m && words.length === 0) assigns.push([m[1]!, t.v.slice(m[0].length)]);
      else words.push(t.v);
      p++;
    }
    if (!words.length && !assigns.length && !redirs.length) unexpected();
    return { k: "simple", assigns, words, redirs };
  }

  const root = list(() => false);
  if (p < toks.length) unexpected();
  return root;
}
