/**
 * Command history of one sandbox, kept in its workspace (`.home/.kubelab_history`, one line per
 * command, newest last, at most MAX_HISTORY lines). Lines with control characters are never stored;
 * a history file that is a symlink is neither read nor written.
 */
import { lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MAX_HISTORY = 500;
export const HISTORY_FILE = join(".home", ".kubelab_history");

export class History {
  private lines: string[] = [];
  private readonly path: string;

  constructor(workspaceDir: string) {
    this.path = join(workspaceDir, HISTORY_FILE);
    try {
      if (!lstatSync(this.path).isSymbolicLink()) {
        this.lines = readFileSync(this.path, "utf8").split("\n").filter(storable).slice(-MAX_HISTORY);
      }
    } catch {
      /* no history yet */
    }
  }

  entries(): readonly string[] {
    return this.lines;
  }

  /** records a typed line (not empty, not a repeat of the last one) and saves the file */
  add(line: string): void {
    const l = line.trim();
    if (!storable(l) || this.lines[this.lines.length - 1] === l) return;
    this.lines.push(l);
    if (this.lines.length > MAX_HISTORY) this.lines.splice(0, this.lines.length - MAX_HISTORY);
    try {
      mkdirSync(join(this.path, ".."), { recursive: true });
      try {
        if (lstatSync(this.path).isSymbolicLink()) return;
      } catch {
        /* new file */
      }
      writeFileSync(this.path, this.lines.join("\n") + "\n", { mode: 0o600 });
    } catch {
      /* history is a convenience: a read-only workspace must not break the terminal */
    }
  }
}

function storable(l: string): boolean {
  // eslint-disable-next-line no-control-regex
  return l.length > 0 && l.length <= 4096 && !/[\u0000-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u.test(l);
}
