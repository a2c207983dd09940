/**
 * The interactive shell (`kubectl exec -it pod -- sh`): prompts on a terminal, reads commands
 * line by line from streamed stdin (with `> ` continuation lines for open compound commands
 * and quotes); Ctrl-C (SIGINT) abandons the line or the running command; EOF or `exit` ends.
 */
import type { Shell } from "./interp";
import { parseScript, ShellSyntaxError } from "./parse";
import { readLine, ShellExit, ShellInterrupt, type Gen, type Io } from "./types";

/** the prompt of an interactive root shell: busybox ash `/ # ` (its PS1 shows the directory), dash `# `, bash `root@host:/# ` */
export function prompt(sh: Shell): string {
  const home = sh.vars.get("HOME") ?? "/root";
  const w = sh.cwd === home ? "~" : sh.cwd.startsWith(`${home}/`) ? `~${sh.cwd.slice(home.length)}` : sh.cwd;
  if (sh.name === "bash") return `root@${sh.host.hostname}:${w}# `;
  return sh.host.flavor === "gnu" ? "# " : `${w} # `;
}

/** the script needs more lines (an open compound command or quote) */
function incomplete(src: string): boolean {
  try {
    parseScript(src);
    return false;
  } catch (e) {
    return e instanceof ShellSyntaxError && /end of file unexpected|Unterminated|EOF in|Missing/.test(e.message);
  }
}

/**
 * An interactive shell reading commands from streamed stdin, line by line: prompts (on
 * stderr, as sh does) only when stdin is a terminal; Ctrl-C abandons the line or interrupts
 * the running command (status 130); EOF or `exit [n]` ends it.
 */
export function* interactive(sh: Shell, io: Io): Gen {
  let lineNo = 0;
  let pending = "";
  for (;;) {
    if (io.tty) io.err(pending ? "> " : prompt(sh));
    let line: string | undefined;
    try {
      line = yield* readLine(io);
    } catch (e) {
      if (!(e instanceof ShellInterrupt)) throw e;
      io.out("\n");
      pending = "";
      sh.status = 130;
      continue;
    }
    if (line !== undefined && incomplete(pending + line)) {
      // `for …; do` / an open quote: the PS2 prompt asks for the rest
      pending += line + "\n";
      continue;
    }
    if (line !== undefined) {
      line = pending + line;
      pending = "";
    }
    if (line === undefined) {
      if (io.tty && sh.name === "bash") io.err("exit\n");
      else if (io.tty) io.out("\n");
      return sh.status;
    }
    lineNo++;
    if (!line.trim()) continue;
    try {
      yield* sh.runLine(line, io, lineNo);
    } catch (e) {
      if (e instanceof ShellExit) {
        if (io.tty && sh.name === "bash") io.err("exit\n");
        return e.code;
      }
      if (!(e instanceof ShellInterrupt)) throw e;
      io.out("\n");
      sh.status = 130;
    }
  }
}
