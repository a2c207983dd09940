/**
 * The shell interpreter: runs a parsed script as a generator of effects (see types.ts), with
 * sh's word expansion ($VAR, ${VAR:-x}, $(cmd), `cmd`, $((n+1)), quotes, field splitting),
 * redirections to the container filesystem, pipelines (sequential, output buffered) and `exit`.
 * Commands resolve to applets (applets.ts) or catalogue programs, else `sh: x: not found` (127).
 */
import { CwdFs } from "../fs";
import { applets } from "./applets";
import { matchClose, parseScript, ShellSyntaxError, type ShellNode } from "./parse";
import { interactive, prompt } from "./repl";
import { ShellExit, type Gen, type Io, type ProcessHost } from "./types";

export class Shell {
  readonly vars: Map<string, string>;
  status = 0;
  args: string[] = [];
  /** the working directory (inherited through $PWD) */
  cwd: string;
  /** the process's host, with paths relative to `cwd` */
  readonly host: ProcessHost;
  /** "sh" for error messages */
  constructor(
    host: ProcessHost,
    env: Map<string, string>,
    readonly name = "sh",
  ) {
    this.vars = new Map(env);
    this.cwd = env.get("PWD") ?? "/";
    this.host = { ...host, fs: new CwdFs(host.fs, () => this.cwd) };
  }

  /** runs `src` (a `sh -c` script) and returns its exit status */
  *runScript(src: string, io: Io): Gen {
    try {
      return yield* this.runLine(src, io);
    } catch (e) {
      if (e instanceof ShellExit) return e.code;
      throw e;
    }
  }

  /** parses and runs `src`; `exit` propagates as ShellExit */
  *runLine(src: string, io: Io, lineNo = 1): Gen {
    let ast: ShellNode;
    try {
      ast = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      io.err(this.host.flavor === "gnu" ? `${this.name}: ${lineNo}: ${e.message}\n` : `${this.name}: ${e.message.replace(/^Syntax error: /, "syntax error: ")}\n`);
      return (this.status = 2);
    }
    return yield* this.exec(ast, io);
  }

  /** the prompt an interactive root shell prints (busybox ash `/ # `, dash `# `, bash `root@host:/# `) */
  prompt(): string {
    return prompt(this);
  }

  /** an interactive shell on streamed stdin (see repl.ts) */
  interactive(io: Io): Gen {
    return interactive(this, io);
  }

  /** `cd`: changes the working directory (and $PWD); false when `dir` is not a directory */
  chdir(dir: string): boolean {
    const fs = this.host.fs as CwdFs;
    const target = fs.resolve(dir);
    if (!fs.isDir(target)) return false;
    this.cwd = target;
    this.vars.set("PWD", target);
    return true;
  }

  *exec(n: ShellNode, io: Io): Gen {
    switch (n.k) {
      case "seq":
        for (const item of n.items) yield* this.exec(item, io);
        return this.status;
      case "and":
        if ((yield* this.exec(n.l, io)) === 0) yield* this.exec(n.r, io);
        return this.status;
      case "or":
        if ((yield* this.exec(n.l, io)) !== 0) yield* this.exec(n.r, io);
        return this.status;
      case "not":
        return (this.status = (yield* this.exec(n.n, io)) === 0 ? 1 : 0);
      case "group":
        return yield* this.exec(n.body, io);
      case "pipe": {
        let input: string | null = io.stdin;
        for (let i = 0; i < n.cmds.length; i++) {
          const last = i === n.cmds.length - 1;
          let buf = "";
          const stage: Io = { out: last ? io.out : (t) => void (buf += t), err: io.err, stdin: input, ...(i === 0 && io.input ? { input: io.input } : {}), ...(io.tty ? { tty: true } : {}) };
          yield* this.exec(n.cmds[i]!, stage);
          input = buf;
        }
        return this.status;
      }
      case "while":
      case "until":
        for (let guard = 0; ; guard++) {
          const c = yield* this.exec(n.cond, io);
          if ((c === 0) !== (n.k === "while")) break;
          const before = this.host.now();
          yield* this.exec(n.body, io);
          // a loop that never sleeps would spin forever in simulated time: it runs at most
          // 100 iterations per second of cluster time (a busy loop is throttled, not frozen)
          if (this.host.now() === before && guard % 100 === 99) yield { sleep: 1000 };
        }
        return (this.status = 0);
      case "for": {
        const items: string[] = [];
        if (n.items === null) items.push(...this.args);
        else for (const w of n.items) items.push(...(yield* this.expand(w, io)));
        for (const v of items) {
          this.vars.set(n.name, v);
          yield* this.exec(n.body, io);
        }
        return this.status;
      }
      case "if":
        for (const [cond, body] of n.branches) if ((yield* this.exec(cond, io)) === 0) return yield* this.exec(body, io);
        if (n.otherwise) return yield* this.exec(n.otherwise, io);
        return (this.status = 0);
      case "simple":
        return yield* this.simple(n, io);
    }
  }

  private *simple(n: Extract<ShellNode, { k: "simple" }>, io: Io): Gen {
    const argv: string[] = [];
    for (const w of n.words) argv.push(...(yield* this.expand(w, io)));
    const assigns: [string, string][] = [];
    for (const [k, w] of n.assigns) assigns.push([k, (yield* this.expand(w, io, false)).join(" ")]);
    if (!argv.length) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      return (this.status = 0);
    }
    let out = io.out;
    let err = io.err;
    let stdin = io.stdin;
    let input = io.input;
    for (const r of n.redirs) {
      const target = r.target ? (yield* this.expand(r.target, io, false)).join(" ") : "";
      if (r.op !== "<" && r.op !== "2>&1" && r.op !== ">&2" && target && !target.startsWith("/dev/") && this.host.fs.writable?.(target) === false) {
        io.err(this.host.flavor === "gnu" ? `${this.name}: 1: cannot create ${target}: Read-only file system\n` : `${this.name}: can't create ${target}: Read-only file system\n`);
        return (this.status = this.host.flavor === "gnu" ? 2 : 1);
      }
      const sink = (append: boolean) => this.fileSink(target, append, io);
      if (r.op === ">" || r.op === ">>") out = sink(r.op === ">>");
      else if (r.op === "2>" || r.op === "2>>") err = sink(r.op === "2>>");
      else if (r.op === "&>") out = err = sink(false);
      else if (r.op === "2>&1") err = out;
      else if (r.op === ">&2") out = err;
      else if (r.op === "<") {
        const content = this.host.fs.read(target);
        if (content === undefined) {
          io.err(`${this.name}: can't open ${target}: no such file\n`);
          return (this.status = 1);
        }
        stdin = content;
        input = undefined;
      }
    }
    const env = new Map(this.vars);
    for (const [k, v] of assigns) env.set(k, v);
    this.status = yield* this.run(argv, env, { out, err, stdin, ...(input ? { input } : {}), ...(io.tty ? { tty: true } : {}) });
    return this.status;
  }

  private fileSink(path: string, append: boolean, io: Io): (t: string) => void {
    if (path === "/dev/null") return () => undefined;
    if (path === "/dev/stdout" || path === "/proc/1/fd/1") return io.out;
    if (path === "/dev/stderr" || path === "/proc/1/fd/2") return io.err;
    this.host.fs.write(path, "", append);
    return (t) => this.host.fs.write(path, t, true);
  }

  /** runs one command: an applet, a catalogue program, or "not found" */
  *run(argv: string[], env: Map<string, string>, io: Io): Gen {
    const name = argv[0]!;
    const base = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
    const applet = applets[base];
    const program = this.host.program(base);
    if (this.host.has(base)) {
      if (program) return yield* program([base, ...argv.slice(1)], env, io, this.host);
      if (applet) return yield* applet(argv.slice(1), io, this, env);
    } else if (applet?.builtin) return yield* applet(argv.slice(1), io, this, env);
    io.err(this.host.flavor === "gnu" ? `${this.name}: 1: ${name}: not found\n` : `${this.name}: ${name}: not found\n`);
    return 127;
  }

  /** expands one raw word into fields (`split` false: a single field, as in assignments) */
  *expand(raw: string, io: Io, split = true): Generator<import("./types").Effect, string[], void> {
    const fields: string[] = [];
    let cur = "";
    let has = false;
    const pushText = (t: string, quoted: boolean) => {
      if (quoted || !split) {
        cur += t;
        has = true;
        return;
      }
      const parts = t.split(/[ \t\n]+/);
      parts.forEach((part, i) => {
        if (i > 0 && (cur || has)) {
          fields.push(cur);
          cur = "";
          has = false;
        }
        if (part) {
          cur += part;
          has = true;
        }
      });
    };
    const scan = function* (this: Shell, s: string, quoted: boolean): Generator<import("./types").Effect, void, void> {
      let i = 0;
      while (i < s.length) {
        const c = s[i]!;
        if (c === "\\" && i + 1 < s.length) {
          const nx = s[i + 1]!;
          if (!quoted || '$`"\\\n'.includes(nx)) {
            pushText(nx, true);
            i += 2;
            continue;
          }
          pushText(c, true);
          i++;
        } else if (c === "'" && !quoted) {
          const j = s.indexOf("'", i + 1);
          pushText(s.slice(i + 1, j), true);
          i = j + 1;
        } else if (c === '"' && !quoted) {
          let j = i + 1;
          while (j < s.length && s[j] !== '"') j = s[j] === "\\" ? j + 2 : s[j] === "$" && (s[j + 1] === "(" || s[j + 1] === "{") ? matchClose(s, j + 1) : j + 1;
          has = true;
          yield* scan.call(this, s.slice(i + 1, j), true);
          i = j + 1;
        } else if (c === "`") {
          const j = s.indexOf("`", i + 1);
          pushText(yield* this.substitute(s.slice(i + 1, j), io), quoted);
          i = j + 1;
        } else if (c === "$" && s[i + 1] === "(" && s[i + 2] === "(") {
          const j = matchClose(s, i + 1);
          pushText(String(arith(s.slice(i + 3, j - 2), this.vars)), quoted);
          i = j;
        } else if (c === "$" && s[i + 1] === "(") {
          const j = matchClose(s, i + 1);
          pushText(yield* this.substitute(s.slice(i + 2, j - 1), io), quoted);
          i = j;
        } else if (c === "$" && s[i + 1] === "{") {
          const j = matchClose(s, i + 1);
          pushText(yield* this.param(s.slice(i + 2, j - 1), io), quoted);
          i = j;
        } else if (c === "$") {
          const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(s.slice(i + 1));
          if (!m) {
            pushText("$", quoted);
            i++;
            continue;
          }
          pushText(this.lookup(m[1]!), quoted);
          i += 1 + m[1]!.length;
        } else {
          pushText(c, true);
          i++;
        }
      }
    };
    yield* scan.call(this, raw, false);
    if (cur || has) fields.push(cur);
    return split ? fields : [fields.join(" ")];
  }

  lookup(name: string): string {
    if (name === "?") return String(this.status);
    if (name === "$") return "1";
    if (name === "#") return String(this.args.length);
    if (name === "@" || name === "*") return this.args.join(" ");
    if (/^[0-9]$/.test(name)) return name === "0" ? this.name : (this.args[Number(name) - 1] ?? "");
    return this.vars.get(name) ?? "";
  }

  private *param(expr: string, io: Io): Generator<import("./types").Effect, string, void> {
    if (expr.startsWith("#")) return String(this.lookup(expr.slice(1)).length);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*])(:?[-=+?])?(.*)$/s.exec(expr);
    if (!m) return "";
    const value = this.lookup(m[1]!);
    const op = m[2];
    if (!op) return value;
    const unset = op.startsWith(":") ? value === "" : !this.vars.has(m[1]!);
    const word = () => this.expand(m[3] ?? "", io, false);
    switch (op.replace(":", "")) {
      case "-":
        return unset ? (yield* word()).join("") : value;
      case "=": {
        if (!unset) return value;
        const v = (yield* word()).join("");
        this.vars.set(m[1]!, v);
        return v;
      }
      case "+":
        return unset ? "" : (yield* word()).join("");
      default:
        if (unset) {
          io.err(`${this.name}: ${m[1]}: ${(yield* word()).join("") || "parameter not set"}\n`);
          throw new ShellExit(1);
        }
        return value;
    }
  }

  /** $(script): its stdout without trailing newlines */
  private *substitute(src: string, io: Io): Generator<import("./types").Effect, string, void> {
    let buf = "";
    const sub = new Shell(this.host, this.vars, this.name);
    sub.cwd = this.cwd;
    const saved = this.status;
    this.status = yield* sub.runScript(src, { out: (t) => void (buf += t), err: io.err, stdin: null });
    void saved;
    return buf.replace(/\n+$/, "");
  }
}

/** $(( )) arithmetic: integers, + - * / %, comparisons, parentheses and variable names */
export function arith(expr: string, vars: Map<string, string>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let p = 0;
  const num = (v: string | undefined) => Math.trunc(Number(v ?? 0)) || 0;
  const prim = (): number => {
    const t = toks[p++];
    if (t === "(") {
      const v = or();
      p++;
      return v;
    }
    if (t === "-") return -prim();
    if (t === "!") return prim() ? 0 : 1;
    if (t && /^\d/.test(t)) return Number(t);
    if (t) return num(vars.get(t.replace(/^\$/, "")));
    return 0;
  };
  const bin = (next: () => number, ops: Record<string, (a: number, b: number) => number>) => (): number => {
    let v = next();
    while (toks[p] && ops[toks[p]!]) v = ops[toks[p++]!]!(v, next());
    return v;
  };
  const mul = bin(prim, { "*": (a, b) => a * b, "/": (a, b) => Math.trunc(a / (b || 1)), "%": (a, b) => a % (b || 1) });
  const add = bin(mul, { "+": (a, b) => a + b, "-": (a, b) => a - b });
  const cmp = bin(add, { "<": (a, b) => +(a < b), ">": (a, b) => +(a > b), "<=": (a, b) => +(a <= b), ">=": (a, b) => +(a >= b), "==": (a, b) => +(a === b), "!=": (a, b) => +(a !== b) });
  const and = bin(cmp, { "&&": (a, b) => +(!!a && !!b) });
  const or = bin(and, { "||": (a, b) => +(!!a || !!b) });
  return or();
}
