/**
 * A terminal's line discipline for exec/attach sessions with a TTY (`kubectl exec -it`), as the
 * kernel's n_tty in canonical mode does it: typed characters are echoed and collected into a
 * line, Enter hands the line to the process's stdin, Backspace erases, Ctrl-U kills the line,
 * Ctrl-C echoes `^C` and interrupts the foreground process (SIGINT), Ctrl-D at the start of a
 * line is end of file. Output gets ONLCR (`\n` → `\r\n`). Escape sequences (arrow keys) are
 * swallowed: there is no history or cursor movement.
 */
import type { InputStream } from "./types";

export interface TerminalSize {
  width: number;
  height: number;
}

export class LineDiscipline {
  private line = "";
  private escape = 0;
  size: TerminalSize = { width: 80, height: 24 };

  constructor(
    private readonly input: InputStream,
    /** writes to the terminal (the session's stdout) */
    private readonly echo: (text: string) => void,
    /** SIGINT to the foreground process */
    private readonly interrupt: () => void,
  ) {}

  /** bytes typed at the terminal */
  feed(data: string): void {
    for (const ch of data) {
      if (this.escape) {
        // ESC [ <params> <final>: skip until the final byte
        if (this.escape === 1) this.escape = ch === "[" || ch === "O" ? 2 : 0;
        else if (/[@-~]/.test(ch)) this.escape = 0;
        continue;
      }
      switch (ch) {
        case "\r":
        case "\n":
          this.echo("\r\n");
          this.input.push(this.line + "\n");
          this.line = "";
          break;
        case "\x7f":
        case "\b":
          if (this.line) {
            this.line = [...this.line].slice(0, -1).join("");
            this.echo("\b \b");
          }
          break;
        case "\x15":
          this.echo("\b \b".repeat([...this.line].length));
          this.line = "";
          break;
        case "\x03":
          this.echo("^C");
          this.line = "";
          this.interrupt();
          break;
        case "\x04":
          if (!this.line) this.input.end();
          else {
            this.input.push(this.line);
            this.line = "";
          }
          break;
        case "\x1b":
          this.escape = 1;
          break;
        default:
          if (ch < " " && ch !== "\t") break;
          this.line += ch;
          this.echo(ch);
      }
    }
  }

  resize(size: TerminalSize): void {
    this.size = size;
  }
}

/** the terminal's output post-processing (ONLCR) */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
