/**
 * A minimal terminal screen for tests: applies the output the session writes (printable text with
 * wrapping, \r, \n, cursor up/forward, erase below, clear screen, colors ignored) and shows what a
 * learner would see.
 */
export class TestScreen {
  private lines: string[][] = [[]];
  private row = 0;
  private col = 0;

  constructor(private readonly cols = 80) {}

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      if (c === "\x1b") {
        // eslint-disable-next-line no-control-regex
        const m = /^\x1b\[([0-9;?]*)([A-Za-z])/.exec(data.slice(i));
        if (!m) continue;
        i += m[0].length - 1;
        const n = Number(m[1] || "1");
        switch (m[2]) {
          case "A":
            this.row = Math.max(0, this.row - n);
            break;
          case "C":
            this.col = Math.min(this.cols - 1, this.col + n);
            break;
          case "J":
            if (m[1] === "2" || m[1] === "3") {
              this.lines = [[]];
              this.row = 0;
              this.col = 0;
            } else {
              this.line().length = Math.min(this.line().length, this.col);
              this.lines.length = this.row + 1;
            }
            break;
          case "H":
            this.row = 0;
            this.col = 0;
            break;
        }
        continue;
      }
      if (c === "\r") this.col = 0;
      else if (c === "\n") this.down();
      else {
        if (this.col >= this.cols) {
          this.down();
          this.col = 0;
        }
        const l = this.line();
        while (l.length < this.col) l.push(" ");
        l[this.col] = c;
        this.col++;
      }
    }
  }

  private line(): string[] {
    while (this.lines.length <= this.row) this.lines.push([]);
    return this.lines[this.row]!;
  }

  private down(): void {
    this.row++;
    this.line();
  }

  /** the screen's text, rows joined with "\n" */
  text(): string {
    return this.lines.map((l) => l.join("").trimEnd()).join("\n");
  }

  /** the row the cursor is on */
  currentLine(): string {
    return (this.lines[this.row] ?? []).join("").trimEnd();
  }

  cursor(): { row: number; col: number } {
    return { row: this.row, col: this.col };
  }
}
