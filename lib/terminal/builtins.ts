/**
 * The terminal's builtins that run in-process: help, ls and cat (confined to the workspace), history.
 * Each returns the text to print (with "\n" line ends; the session converts for the terminal).
 */
import { lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { checkWorkspacePath } from "./workspace";
import { CONTROL_CHARS } from "./run";

/** largest file `cat` prints */
export const MAX_CAT_BYTES = 1024 * 1024;

export const HELP_TEXT = `This terminal runs the real kubectl against your own sandbox cluster.

  kubectl <command> …   e.g. kubectl get pods, kubectl apply -f web.yaml
  k <command> …         the same (alias)
  watch [-n N] kubectl … re-run kubectl every N seconds (Ctrl-C stops)
  ls [-a] [-l] [path]   list your workspace files (the editor's files)
  cat <file>…           print workspace files
  history               commands you ran in this sandbox
  clear                 clear the screen (or Ctrl-L)
  help                  this text

Keys: ←/→ Home/End move, ↑/↓ history, Tab completes commands, resource
types and names, Ctrl-A/E start/end of line, Ctrl-U/K cut to start/end,
Ctrl-W cut a word, Ctrl-C interrupt, Ctrl-L clear.
Quotes work as in a shell ('…', "…", \\), but there is no shell behind
them: pipes, redirection, variables, ; and && are not available, and files
must be in your workspace.
`;

export function ls(workspaceDir: string, args: string[], cols = 80): { out: string; ok: boolean } {
  let all = false;
  let long = false;
  const paths: string[] = [];
  for (const a of args) {
    if (/^-[al]+$/.test(a)) {
      all ||= a.includes("a");
      long ||= a.includes("l");
    } else if (a.startsWith("-")) return { out: `ls: only -a and -l are supported here (got ${a})\n`, ok: false };
    else paths.push(a);
  }
  if (paths.length === 0) paths.push(".");
  let out = "";
  let ok = true;
  for (const p of paths) {
    const c = checkWorkspacePath(workspaceDir, p, "ls", false);
    if (!c.ok) {
      out += c.message + "\n";
      ok = false;
      continue;
    }
    if (!c.exists) {
      out += `ls: cannot access '${p}': No such file or directory\n`;
      ok = false;
      continue;
    }
    if (paths.length > 1 && c.isDir) out += `${p}:\n`;
    let entries: { name: string; dir: boolean; link?: boolean; size: number; mtime: Date }[];
    if (c.isDir) {
      entries = readdirSync(c.abs, { withFileTypes: true })
        .filter((e) => all || !e.name.startsWith("."))
        .map((e) => {
          // lstat: a link is listed as a link, never followed (its target may be outside)
          const st = safeStat(`${c.abs}/${e.name}`);
          return { name: e.name, dir: e.isDirectory(), link: e.isSymbolicLink(), size: st?.size ?? 0, mtime: st?.mtime ?? new Date(0) };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } else {
      const st = safeStat(c.abs);
      entries = [{ name: p, dir: false, size: st?.size ?? 0, mtime: st?.mtime ?? new Date(0) }];
    }
    if (long) {
      const width = Math.max(1, ...entries.map((e) => String(e.size).length));
      for (const e of entries)
        out += `${e.dir ? "d" : e.link ? "l" : "-"} ${String(e.size).padStart(width)} ${e.mtime.toISOString().slice(0, 16).replace("T", " ")} ${e.name}${e.dir ? "/" : ""}\n`;
    } else if (entries.length > 0)
      out += columns(
        entries.map((e) => e.name + (e.dir ? "/" : "")),
        cols,
      );
  }
  return { out, ok };
}

function safeStat(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

export function cat(workspaceDir: string, args: string[]): { out: string; ok: boolean } {
  if (args.length === 0) return { out: "cat: which file? e.g. `cat deployment.yaml` (see `ls`)\n", ok: false };
  let out = "";
  let ok = true;
  for (const p of args) {
    if (p.startsWith("-")) {
      out += `cat: options aren't supported here (got ${p})\n`;
      ok = false;
      continue;
    }
    const c = checkWorkspacePath(workspaceDir, p, "cat");
    if (!c.ok) {
      out += c.message + "\n";
      ok = false;
      continue;
    }
    if (!c.exists) {
      out += `cat: ${p}: No such file or directory\n`;
      ok = false;
      continue;
    }
    if (c.isDir) {
      out += `cat: ${p}: Is a directory\n`;
      ok = false;
      continue;
    }
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(c.abs); // confined above (realpath inside the workspace)
    } catch {
      st = undefined;
    }
    if (!st?.isFile()) {
      out += `cat: ${p}: not a regular file\n`;
      ok = false;
      continue;
    }
    if (st.size > MAX_CAT_BYTES) {
      out += `cat: ${p}: too large to print here (${st.size} bytes; at most ${MAX_CAT_BYTES})\n`;
      ok = false;
      continue;
    }
    const buf = readFileSync(c.abs);
    if (buf.includes(0)) {
      out += `cat: ${p}: binary file not shown\n`;
      ok = false;
      continue;
    }
    // escape sequences in a file must not drive the learner's terminal
    const text = buf
      .toString("utf8")
      .replace(CONTROL_CHARS, (ch) => `^${String.fromCharCode(ch.charCodeAt(0) ^ 0x40)}`);
    out += text.endsWith("\n") || text === "" ? text : text + "\n";
  }
  return { out, ok };
}

export function historyText(entries: readonly string[]): string {
  const width = String(entries.length).length;
  return entries.map((l, i) => `${String(i + 1).padStart(Math.max(5, width))}  ${l}\n`).join("");
}

/** items in columns across `cols` (like ls), "\n" line ends */
export function columns(items: string[], cols: number): string {
  if (items.length === 0) return "";
  const width = Math.max(...items.map((i) => i.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  let out = "";
  for (let i = 0; i < items.length; i += perRow) {
    out +=
      items
        .slice(i, i + perRow)
        .map((s) => s.padEnd(width))
        .join("")
        .trimEnd() + "\n";
  }
  return out;
}
