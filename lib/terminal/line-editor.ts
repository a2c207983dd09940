/**
 * Readline-style line editing for the terminal: key decoding (xterm's escape sequences), the edit
 * buffer with history navigation, and redrawing a line that may wrap over several rows.
 * Pure: no I/O; the session feeds keys in and writes the returned text out.
 */

export type Key =
  | { type: "text"; text: string }
  | {
      type:
        | "enter"
        | "left"
        | "right"
        | "up"
        | "down"
        | "home"
        | "end"
        | "backspace"
        | "delete"
        | "tab"
        | "ctrl-a"
        | "ctrl-e"
        | "ctrl-u"
        | "ctrl-k"
        | "ctrl-w"
        | "ctrl-l"
        | "ctrl-c"
        | "ctrl-d"
        | "word-left"
        | "word-right";
    };

const SEQUENCES: Record<string, Key["type"]> = {
  "\x1b[A": "up",
  "\x1b[B": "down",
  "\x1b[C": "right",
  "\x1b[D": "left",
  "\x1bOA": "up",
  "\x1bOB": "down",
  "\x1bOC": "right",
  "\x1bOD": "left",
  "\x1b[H": "home",
  "\x1b[F": "end",
  "\x1bOH": "home",
  "\x1bOF": "end",
  "\x1b[1~": "home",
  "\x1b[4~": "end",
  "\x1b[7~": "home",
  "\x1b[8~": "end",
  "\x1b[3~": "delete",
  "\x1b[1;5D": "word-left",
  "\x1b[1;5C": "word-right",
  "\x1bb": "word-left",
  "\x1bf": "word-right",
};

const CONTROLS: Record<string, Key["type"]> = {
  "\r": "enter",
  "\n": "enter",
  "\x7f": "backspace",
  "\x08": "backspace",
  "\t": "tab",
  "\x01": "ctrl-a",
  "\x05": "ctrl-e",
  "\x15": "ctrl-u",
  "\x0b": "ctrl-k",
  "\x17": "ctrl-w",
  "\x0c": "ctrl-l",
  "\x03": "ctrl-c",
  "\x04": "ctrl-d",
  "\x02": "left",
  "\x06": "right",
  "\x10": "up",
  "\x0e": "down",
};

/**
 * Decodes keystrokes. Unknown escape sequences and other control characters are dropped (never
 * inserted into the line). "\r\n" counts as one Enter. Bracketed-paste markers are dropped.
 */
export function decodeKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = "";
  const flush = () => {
    if (text) keys.push({ type: "text", text });
    text = "";
  };
  for (let i = 0; i < data.length;) {
    const c = data[i]!;
    if (c === "\x1b") {
      flush();
      // CSI: ESC [ params final(0x40–0x7e); SS3: ESC O x; Meta: ESC x
      let end = i + 1;
      if (data[end] === "[") {
        end++;
        while (end < data.length && !/[\x40-\x7e]/.test(data[end]!)) end++;
        end++;
      } else if (data[end] === "O") end += 2;
      else if (end < data.length) end++;
      const seq = data.slice(i, end);
      const t = SEQUENCES[seq];
      if (t) keys.push({ type: t } as Key);
      i = end;
      continue;
    }
    if (c === "\r" && data[i + 1] === "\n") {
      flush();
      keys.push({ type: "enter" });
      i += 2;
      continue;
    }
    const ctl = CONTROLS[c];
    if (ctl) {
      flush();
      keys.push({ type: ctl } as Key);
      i++;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  return keys;
}

/** most characters in the line being edited */
export const MAX_EDIT_LENGTH = 8192;

/** The line being edited and the history cursor. */
export class LineEditor {
  buffer = "";
  cursor = 0;
  private historyIndex = -1; // -1: editing a new line
  private draft = "";

  constructor(private readonly history: () => readonly string[]) {}

  set(line: string): void {
    this.buffer = line.slice(0, MAX_EDIT_LENGTH);
    this.cursor = this.buffer.length;
  }

  reset(): void {
    this.buffer = "";
    this.cursor = 0;
    this.historyIndex = -1;
    this.draft = "";
  }

  insert(text: string): void {
    const room = MAX_EDIT_LENGTH - this.buffer.length;
    if (room <= 0) return;
    const t = text.slice(0, room);
    this.buffer = this.buffer.slice(0, this.cursor) + t + this.buffer.slice(this.cursor);
    this.cursor += t.length;
  }

  /** applies an editing key; returns false for keys it does not handle (enter, tab, ctrl-c/d/l) */
  apply(key: Key): boolean {
    const b = this.buffer;
    switch (key.type) {
      case "text":
        this.insert(key.text);
        return true;
      case "left":
        this.cursor = Math.max(0, this.cursor - 1);
        return true;
      case "right":
        this.cursor = Math.min(b.length, this.cursor + 1);
        return true;
      case "home":
      case "ctrl-a":
        this.cursor = 0;
        return true;
      case "end":
      case "ctrl-e":
        this.cursor = b.length;
        return true;
      case "backspace":
        if (this.cursor > 0) {
          this.buffer = b.slice(0, this.cursor - 1) + b.slice(this.cursor);
          this.cursor--;
        }
        return true;
      case "delete":
        this.buffer = b.slice(0, this.cursor) + b.slice(this.cursor + 1);
        return true;
      case "ctrl-u":
        this.buffer = b.slice(this.cursor);
        this.cursor = 0;
        return true;
      case "ctrl-k":
        this.buffer = b.slice(0, this.cursor);
        return true;
      case "ctrl-w": {
        let s = this.cursor;
        while (s > 0 && b[s - 1] === " ") s--;
        while (s > 0 && b[s - 1] !== " ") s--;
        this.buffer = b.slice(0, s) + b.slice(this.cursor);
        this.cursor = s;
        return true;
      }
      case "word-left": {
        let s = this.cursor;
        while (s > 0 && b[s - 1] === " ") s--;
        while (s > 0 && b[s - 1] !== " ") s--;
        this.cursor = s;
        return true;
      }
      case "word-right": {
        let s = this.cursor;
        while (s < b.length && b[s] === " ") s++;
        while (s < b.length && b[s] !== " ") s++;
        this.cursor = s;
        return true;
      }
      case "up":
      case "down": {
        const h = this.history();
        if (h.length === 0) return true;
        if (key.type === "up") {
          if (this.historyIndex === -1) {
            this.draft = b;
            this.historyIndex = h.length - 1;
          } else if (this.historyIndex > 0) this.historyIndex--;
          else return true;
          this.set(h[this.historyIndex] ?? "");
        } else {
          if (this.historyIndex === -1) return true;
          if (this.historyIndex < h.length - 1) {
            this.historyIndex++;
            this.set(h[this.historyIndex] ?? "");
          } else {
            this.historyIndex = -1;
            this.set(this.draft);
          }
        }
        return true;
      }
      default:
        return false;
    }
  }
}

/**
 * Redraws `prompt + line` with the cursor at `cursor`, given that the terminal's cursor currently
 * sits `prevRow` rows below the first row of the previously drawn line. Returns the output and
 * the row the cursor ends on (pass it back next time). Characters count as one column each.
 */
export function renderLine(prompt: string, line: string, cursor: number, cols: number, prevRow: number): { out: string; row: number } {
  const w = Math.max(1, cols);
  const visiblePrompt = stripAnsi(prompt).length;
  let out = "";
  if (prevRow > 0) out += `\x1b[${prevRow}A`;
  out += "\r\x1b[J" + prompt + line;
  const total = visiblePrompt + line.length;
  // a line that exactly fills its last row leaves xterm in a pending-wrap state: move down explicitly
  if (total > 0 && total % w === 0) out += "\r\n";
  const endRow = Math.floor(total / w);
  const target = visiblePrompt + cursor;
  const row = Math.floor(target / w);
  const col = target % w;
  if (endRow > row) out += `\x1b[${endRow - row}A`;
  out += "\r";
  if (col > 0) out += `\x1b[${col}C`;
  return { out, row };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}
