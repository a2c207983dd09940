/**
 * The commands a container shell offers (busybox applets / coreutils), as generators. Messages
 * follow busybox for "busybox" images and coreutils for "gnu" ones. `builtin` ones are shell
 * builtins (work in any image with a shell).
 */
/* eslint-disable require-yield -- every command is a generator (the process model's contract); many finish without waiting */
import type { Shell } from "./interp";
import { readAll, readLine, ShellExit, type Gen, type Io } from "./types";
import { netApplets } from "./applets-net";
import { sysApplets } from "./applets-sys";

export type Applet = ((args: string[], io: Io, sh: Shell, env: Map<string, string>) => Gen) & { builtin?: boolean };

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `date` with no arguments in the C locale: "Fri Nov 27 13:52:32 UTC 2026" */
export function cDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** sleep's duration argument in ms ("10", "1.5", "2m", "infinity"); undefined when invalid */
export function parseSleep(arg: string): number | undefined {
  if (arg === "infinity" || arg === "inf") return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return Math.round(Number(m[1]) * unit * 1000);
}

const gnu = (sh: Shell) => sh.host.flavor === "gnu";
const noFile = (sh: Shell, cmd: string, path: string, verb = "open") =>
  gnu(sh) ? `${cmd}: ${path}: No such file or directory\n` : `${cmd}: can't ${verb} '${path}': No such file or directory\n`;

function builtin(fn: Applet): Applet {
  fn.builtin = true;
  return fn;
}

function* done(code: number): Gen {
  return code;
}

function unescape(s: string): string {
  return s.replace(/\\(n|t|\\|c)/g, (_, c: string) => ({ n: "\n", t: "\t", "\\": "\\", c: "" })[c] ?? c);
}

function test(args: string[], sh: Shell): boolean {
  if (args.length && args[0] === "!") return !test(args.slice(1), sh);
  const [a = "", op, b = ""] = args;
  if (args.length === 1) return a !== "";
  if (args.length === 2) {
    const fs = sh.host.fs;
    switch (a) {
      case "-z":
        return op === "";
      case "-n":
        return op !== "";
      case "-e":
        return fs.exists(op!);
      case "-f":
        return fs.exists(op!) && !fs.isDir(op!);
      case "-d":
        return fs.isDir(op!);
      case "-s":
        return !!fs.read(op!);
    }
    return false;
  }
  const n = (v: string) => Number(v) || 0;
  switch (op) {
    case "=":
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "-eq":
      return n(a) === n(b);
    case "-ne":
      return n(a) !== n(b);
    case "-lt":
      return n(a) < n(b);
    case "-gt":
      return n(a) > n(b);
    case "-le":
      return n(a) <= n(b);
    case "-ge":
      return n(a) >= n(b);
  }
  return false;
}

function lines(text: string): string[] {
  const l = text.split("\n");
  if (l[l.length - 1] === "") l.pop();
  return l;
}

function* readInputs(args: string[], io: Io, sh: Shell, cmd: string): Gen<{ text: string; code: number }> {
  if (!args.length || (args.length === 1 && args[0] === "-")) return { text: yield* readAll(io), code: 0 };
  let text = "";
  let code = 0;
  for (const f of args) {
    const c = sh.host.fs.read(f);
    if (c === undefined) {
      io.err(noFile(sh, cmd, f));
      code = 1;
    } else text += c;
  }
  return { text, code };
}

const optN = (args: string[], dflt: number): [number, string[]] => {
  const i = args.findIndex((a) => a === "-n" || /^-\d+$/.test(a));
  if (i < 0) return [dflt, args];
  if (args[i] === "-n") return [Number(args[i + 1]) || 0, [...args.slice(0, i), ...args.slice(i + 2)]];
  return [Number(args[i]!.slice(1)), [...args.slice(0, i), ...args.slice(i + 1)]];
};

export const applets: Record<string, Applet> = {
  ":": builtin(() => done(0)),
  true: builtin(() => done(0)),
  false: builtin(() => done(1)),
  echo: builtin(function* (args, io) {
    let nl = true;
    let esc = false;
    while (args[0] === "-n" || args[0] === "-e") {
      if (args[0] === "-n") nl = false;
      else esc = true;
      args = args.slice(1);
    }
    const text = args.join(" ");
    io.out((esc ? unescape(text) : text) + (nl ? "\n" : ""));
    return 0;
  }),
  printf: builtin(function* (args, io) {
    const [fmt = "", ...rest] = args;
    let i = 0;
    io.out(unescape(fmt.replace(/%[sd]/g, () => rest[i++] ?? "")));
    return 0;
  }),
  exit: builtin(function* (args, _io, sh) {
    throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : sh.status);
  }),
  export: builtin(function* (args, _io, sh) {
    for (const a of args) {
      const eq = a.indexOf("=");
      if (eq > 0) sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    return 0;
  }),
  set: builtin(() => done(0)),
  cd: builtin(function* (args, io, sh) {
    const dir = args.filter((a) => a !== "-P" && a !== "-L")[0] ?? sh.vars.get("HOME") ?? "/root";
    if (sh.chdir(dir)) return 0;
    const exists = sh.host.fs.exists(dir);
    const why = exists ? "Not a directory" : "No such file or directory";
    if (sh.name === "bash") io.err(`bash: cd: ${dir}: ${why}\n`);
    else if (gnu(sh)) io.err(`${sh.name}: 1: cd: can't cd to ${dir}\n`);
    else io.err(`${sh.name}: cd: can't cd to ${dir}: ${why}\n`);
    return gnu(sh) && sh.name !== "bash" ? 2 : 1;
  }),
  wait: builtin(() => done(0)),
  read: builtin(function* (args, io, sh) {
    const names = args.filter((a) => !a.startsWith("-"));
    const line = yield* readLine(io);
    if (line === undefined) return 1;
    const fields = line.trim().split(/[ \t]+/);
    names.forEach((n, i) => sh.vars.set(n, i === names.length - 1 ? fields.slice(i).join(" ") : (fields[i] ?? "")));
    if (!names.length) sh.vars.set("REPLY", line);
    return 0;
  }),
  trap: builtin(function* (args, io, sh) {
    const [action, ...sigs] = args;
    if (action !== undefined && sigs.some((s) => /^(TERM|SIGTERM|15|EXIT|INT|SIGINT)$/.test(s))) {
      sh.host.onTerm(action === "" || action === "-" ? undefined : () => sh.runScript(action, io));
    }
    return 0;
  }),
  exec: builtin(function* (args, io, sh, env) {
    if (!args.length) return 0;
    throw new ShellExit(yield* sh.run(args, env, io));
  }),
  test: builtin(function* (args, _io, sh) {
    return test(args, sh) ? 0 : 1;
  }),
  "[": builtin(function* (args, io, sh) {
    if (args[args.length - 1] !== "]") {
      io.err("[: missing ]\n");
      return 2;
    }
    return test(args.slice(0, -1), sh) ? 0 : 1;
  }),
  sleep: function* (args, io, sh) {
    if (!args.length) {
      io.err(gnu(sh) ? "sleep: missing operand\nTry 'sleep --help' for more information.\n" : "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n");
      return 1;
    }
    let total = 0;
    for (const a of args) {
      const ms = parseSleep(a);
      if (ms === undefined) {
        io.err(gnu(sh) ? `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n` : `sleep: invalid number '${a}'\n`);
        return 1;
      }
      total += ms;
    }
    if (total === Infinity) yield { block: true };
    else yield { sleep: total };
    return 0;
  },
  date: function* (_args, io, sh) {
    io.out(cDate(sh.host.now()) + "\n");
    return 0;
  },
  hostname: function* (_args, io, sh) {
    io.out(sh.host.hostname + "\n");
    return 0;
  },
  env: function* (args, io, sh, env) {
    if (args.length) return yield* sh.run(args, env, io);
    for (const [k, v] of env) io.out(`${k}=${v}\n`);
    return 0;
  },
  printenv: function* (args, io, _sh, env) {
    if (args.length) {
      const v = env.get(args[0]!);
      if (v === undefined) return 1;
      io.out(v + "\n");
      return 0;
    }
    for (const [k, v] of env) io.out(`${k}=${v}\n`);
    return 0;
  },
  cat: function* (args, io, sh) {
    const input = io.input;
    if (input && (!args.length || (args.length === 1 && args[0] === "-"))) {
      // streamed stdin: echo each chunk as it arrives, until EOF
      for (;;) {
        const chunk = input.take();
        if (chunk) io.out(chunk);
        if (input.ended) return 0;
        yield { wait: input };
      }
    }
    const { text, code } = yield* readInputs(args, io, sh, "cat");
    if (text) io.out(text);
    return code;
  },
  touch: function* (args, _io, sh) {
    for (const f of args) if (!sh.host.fs.exists(f)) sh.host.fs.write(f, "");
    return 0;
  },
  mkdir: function* (args, _io, sh) {
    for (const f of args.filter((a) => !a.startsWith("-"))) sh.host.fs.mkdir(f);
    return 0;
  },
  rm: function* (args, io, sh) {
    const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
    let code = 0;
    for (const f of args.filter((a) => !a.startsWith("-"))) {
      if (!sh.host.fs.remove(f) && !force) {
        io.err(gnu(sh) ? `rm: cannot remove '${f}': No such file or directory\n` : noFile(sh, "rm", f, "remove"));
        code = 1;
      }
    }
    return code;
  },
  head: function* (args, io, sh) {
    const [n, rest] = optN(args, 10);
    const { text, code } = yield* readInputs(rest, io, sh, "head");
    const l = lines(text).slice(0, n);
    if (l.length) io.out(l.join("\n") + "\n");
    return code;
  },
  tail: function* (args, io, sh) {
    if (args.includes("-f")) {
      yield { block: true };
      return 0;
    }
    const [n, rest] = optN(args, 10);
    const { text, code } = yield* readInputs(rest, io, sh, "tail");
    const l = lines(text).slice(-n);
    if (l.length && n > 0) io.out(l.join("\n") + "\n");
    return code;
  },
  wc: function* (args, io, sh) {
    const { text, code } = yield* readInputs(args.filter((a) => !a.startsWith("-")), io, sh, "wc");
    io.out(`${lines(text).length}\n`);
    return code;
  },
  grep: function* (args, io, sh) {
    const flags = args.filter((a) => a.startsWith("-")).join("");
    const [pattern = "", ...files] = args.filter((a) => !a.startsWith("-"));
    const { text } = yield* readInputs(files, io, sh, "grep");
    const re = new RegExp(pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*"), flags.includes("i") ? "i" : "");
    const hits = lines(text).filter((l) => re.test(l) !== flags.includes("v"));
    if (!flags.includes("q") && hits.length) io.out(hits.join("\n") + "\n");
    return hits.length ? 0 : 1;
  },
  tee: function* (args, io, sh) {
    const text = yield* readAll(io);
    for (const f of args.filter((a) => !a.startsWith("-"))) sh.host.fs.write(f, text, args.includes("-a"));
    io.out(text);
    return 0;
  },
  seq: function* (args, io) {
    const nums = args.map(Number);
    const [first, last] = nums.length >= 2 ? [nums[0]!, nums[nums.length - 1]!] : [1, nums[0] ?? 0];
    const step = nums.length === 3 ? nums[1]! : 1;
    let out = "";
    for (let i = first; step > 0 ? i <= last : i >= last; i += step) out += `${i}\n`;
    io.out(out);
    return 0;
  },
  uname: function* (args, io) {
    io.out(args.includes("-a") ? "Linux 6.8.0-1017-gcp #1 SMP x86_64 GNU/Linux\n" : args.includes("-r") ? "6.8.0-1017-gcp\n" : "Linux\n");
    return 0;
  },
  id: function* (_a, io) {
    io.out("uid=0(root) gid=0(root) groups=0(root)\n");
    return 0;
  },
  whoami: function* (_a, io) {
    io.out("root\n");
    return 0;
  },
  pwd: builtin(function* (_a, io, sh) {
    io.out(`${sh.cwd}\n`);
    return 0;
  }),
};

Object.assign(applets, netApplets, sysApplets);
