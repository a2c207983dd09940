/**
 * Listing and process applets: `ls` (-l, -a, -A, -1; columns on a terminal), `ps` (busybox's
 * format) and `kill` (signals through the runtime). Formats follow busybox for busybox images
 * and coreutils for Debian-based ones.
 */
/* eslint-disable require-yield -- every command is a generator (the process model's contract) */
import type { Applet } from "./applets";
import type { Shell } from "./interp";
import type { Io } from "./types";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** "Nov 27 13:48" */
function lsDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
}

interface Entry {
  name: string;
  dir: boolean;
  size: number;
  mtime: number;
}

function entry(sh: Shell, path: string, name: string): Entry {
  const st = sh.host.fs.stat?.(path);
  const dir = st?.dir ?? sh.host.fs.isDir(path);
  return { name, dir, size: st?.size ?? (dir ? 4096 : Buffer.byteLength(sh.host.fs.read(path) ?? "")), mtime: st?.mtime ?? sh.host.now() };
}

function long(entries: Entry[], gnu: boolean, total: boolean): string {
  const mode = (e: Entry) => (e.dir ? "drwxr-xr-x" : "-rw-r--r--");
  const links = (e: Entry) => (e.dir ? 2 : 1);
  if (!gnu) return entries.map((e) => `${mode(e)} ${String(links(e)).padStart(4)} ${"root".padEnd(8)} ${"root".padEnd(8)} ${String(e.size).padStart(9)} ${lsDate(e.mtime)} ${e.name}\n`).join("");
  const w = Math.max(1, ...entries.map((e) => String(e.size).length));
  const blocks = entries.reduce((a, e) => a + Math.ceil(e.size / 4096) * 4, 0);
  return (total ? `total ${blocks}\n` : "") + entries.map((e) => `${mode(e)} ${links(e)} root root ${String(e.size).padStart(w)} ${lsDate(e.mtime)} ${e.name}\n`).join("");
}

/** names in columns, as ls prints them on a terminal (column-major, two spaces apart) */
function columns(names: string[], width = 80): string {
  if (!names.length) return "";
  const w = Math.max(...names.map((n) => n.length)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / w));
  const rows = Math.ceil(names.length / cols);
  let out = "";
  for (let r = 0; r < rows; r++) {
    const line: string[] = [];
    for (let c = 0; c < cols; c++) {
      const n = names[c * rows + r];
      if (n !== undefined) line.push(n);
    }
    out += line.map((n, i) => (i < line.length - 1 ? n.padEnd(w) : n)).join("") + "\n";
  }
  return out;
}

export const ls: Applet = function* (args, io, sh) {
  const flags = args.filter((a) => /^-[a-zA-Z1]+$/.test(a)).join("");
  const paths = args.filter((a) => !a.startsWith("-") || a === "-");
  const all = flags.includes("a");
  const almost = flags.includes("A");
  const isLong = flags.includes("l");
  const gnu = sh.host.flavor === "gnu";
  let code = 0;
  const targets = paths.length ? paths : ["."];
  const many = targets.length > 1;
  targets.forEach((p, i) => {
    const path = p;
    const fs = sh.host.fs;
    if (!fs.exists(path)) {
      io.err(gnu ? `ls: cannot access '${p}': No such file or directory\n` : `ls: ${p}: No such file or directory\n`);
      code = gnu ? 2 : 1;
      return;
    }
    if (!fs.isDir(path)) {
      io.out(isLong ? long([entry(sh, path, p)], gnu, false) : `${p}\n`);
      return;
    }
    const base = (sh.host.fs as { resolve?: (p: string) => string }).resolve?.(path) ?? path.replace(/\/+$/, "");
    let names = fs.list(path).filter((n) => all || almost || !n.startsWith("."));
    const entries = names.map((n) => entry(sh, `${base}/${n}`, n));
    if (all) entries.unshift(entry(sh, base, "."), entry(sh, base.slice(0, base.lastIndexOf("/")) || "/", ".."));
    names = entries.map((e) => e.name);
    if (many) io.out(`${i > 0 ? "\n" : ""}${p}:\n`);
    if (isLong) io.out(long(entries, gnu, true));
    else if (io.tty && !flags.includes("1")) io.out(columns(names));
    else if (names.length) io.out(names.join("\n") + "\n");
  });
  return code;
};

function cpuTime(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return `${m}:${p2(Math.floor((ms % 60_000) / 1000))}`;
}

export const ps: Applet = function* (_args, io: Io, sh) {
  const procs = sh.host.processes?.() ?? [];
  let out = "PID   USER     TIME  COMMAND\n";
  for (const p of procs) out += `${String(p.pid).padStart(5)} ${"root".padEnd(8)} ${cpuTime(0).padStart(5)} ${p.argv.join(" ")}\n`;
  if (!procs.some((p) => p.argv[0] === "ps" || p.argv[0]?.endsWith("/ps"))) {
    const pid = Math.max(1, ...procs.map((p) => p.pid)) + 1;
    out += `${String(pid).padStart(5)} ${"root".padEnd(8)} ${cpuTime(0).padStart(5)} ps\n`;
  }
  io.out(out);
  return 0;
};

const SIGNALS: Record<string, "TERM" | "KILL" | "INT"> = { TERM: "TERM", SIGTERM: "TERM", "15": "TERM", KILL: "KILL", SIGKILL: "KILL", "9": "KILL", INT: "INT", SIGINT: "INT", "2": "INT" };

export const kill: Applet = function* (args, io, sh) {
  let signal: "TERM" | "KILL" | "INT" = "TERM";
  const pids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-s") signal = SIGNALS[args[++i] ?? ""] ?? "TERM";
    else if (a.startsWith("-") && SIGNALS[a.slice(1)]) signal = SIGNALS[a.slice(1)]!;
    else pids.push(a);
  }
  if (!pids.length) {
    io.err(sh.host.flavor === "gnu" ? `${sh.name}: 1: kill: Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n` : "kill: usage: kill [-s SIGNAL | -SIGNAL] PID...\n");
    return sh.host.flavor === "gnu" ? 2 : 1;
  }
  let code = 0;
  for (const p of pids) {
    if (!sh.host.signal?.(Number(p), signal)) {
      io.err(sh.host.flavor === "gnu" ? `${sh.name}: 1: kill: No such process\n` : `${sh.name}: can't kill pid ${p}: No such process\n`);
      code = 1;
    }
  }
  return code;
};

export const sysApplets: Record<string, Applet> = { ls, ps, kill };
