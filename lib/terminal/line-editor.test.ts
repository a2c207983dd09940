import { describe, expect, it } from "vitest";
import { decodeKeys, LineEditor, renderLine, stripAnsi } from "./line-editor";

function edit(keys: string, history: string[] = []) {
  const e = new LineEditor(() => history);
  for (const k of decodeKeys(keys)) e.apply(k);
  return e;
}

describe("decodeKeys", () => {
  it("decodes text, controls and xterm escape sequences", () => {
    expect(decodeKeys("ab\x1b[D\x1b[C\x1b[A\x1b[B\x1b[H\x1b[F\x1b[3~\x7f\t\r")).toEqual([
      { type: "text", text: "ab" },
      { type: "left" },
      { type: "right" },
      { type: "up" },
      { type: "down" },
      { type: "home" },
      { type: "end" },
      { type: "delete" },
      { type: "backspace" },
      { type: "tab" },
      { type: "enter" },
    ]);
    expect(decodeKeys("\x01\x05\x15\x0b\x17\x0c\x03\x04").map((k) => k.type)).toEqual([
      "ctrl-a",
      "ctrl-e",
      "ctrl-u",
      "ctrl-k",
      "ctrl-w",
      "ctrl-l",
      "ctrl-c",
      "ctrl-d",
    ]);
  });
  it("treats \\r\\n as one Enter, drops unknown sequences, other controls and NUL", () => {
    expect(decodeKeys("a\r\nb")).toEqual([{ type: "text", text: "a" }, { type: "enter" }, { type: "text", text: "b" }]);
    expect(decodeKeys("\x1b[200~x\x1b[201~\x00\x1b]0;title\x07\x1b[15~y")).toEqual([
      { type: "text", text: "x" },
      { type: "text", text: "0;title" },
      { type: "text", text: "y" },
    ]);
  });
});

describe("LineEditor", () => {
  it("inserts, moves and deletes", () => {
    expect(edit("kubectl get pods").buffer).toBe("kubectl get pods");
    const e = edit("helo\x1b[Dl");
    expect([e.buffer, e.cursor]).toEqual(["hello", 4]);
    expect(edit("abc\x1b[D\x1b[D\x7f").buffer).toBe("bc");
    expect(edit("abc\x1b[H\x1b[3~").buffer).toBe("bc");
    expect(edit("abc\x01X\x05Y").buffer).toBe("XabcY");
  });
  it("cuts with Ctrl-U, Ctrl-K and Ctrl-W", () => {
    expect(edit("kubectl get pods\x1b[D\x1b[D\x15").buffer).toBe("ds");
    expect(edit("kubectl get pods\x01\x1b[C\x0b").buffer).toBe("k");
    expect(edit("kubectl get pods  \x17").buffer).toBe("kubectl get ");
  });
  it("walks history with up/down and restores the draft", () => {
    const e = edit("dra", ["one", "two"]);
    e.apply({ type: "up" });
    expect(e.buffer).toBe("two");
    e.apply({ type: "up" });
    e.apply({ type: "up" });
    expect(e.buffer).toBe("one");
    e.apply({ type: "down" });
    expect(e.buffer).toBe("two");
    e.apply({ type: "down" });
    expect([e.buffer, e.cursor]).toEqual(["dra", 3]);
  });
  it("caps the line length", () => {
    expect(edit("x".repeat(10_000)).buffer.length).toBe(8192);
  });
});

describe("renderLine", () => {
  it("redraws a short line and puts the cursor in place", () => {
    const r = renderLine("$ ", "abc", 1, 80, 0);
    expect(r).toEqual({ out: "\r\x1b[J$ abc\r\x1b[3C", row: 0 });
  });
  it("handles wrapped lines: moves up from the previous row, and back up to the cursor row", () => {
    const r = renderLine("$ ", "x".repeat(20), 0, 10, 1);
    // 22 columns in width 10: rows 0..2; cursor at column 2 of row 0
    expect(r.out.startsWith("\x1b[1A\r\x1b[J$ ")).toBe(true);
    expect(r.out.endsWith("\x1b[2A\r\x1b[2C")).toBe(true);
    expect(r.row).toBe(0);
  });
  it("moves to a new row when the text exactly fills the last one", () => {
    const r = renderLine("$ ", "x".repeat(8), 8, 10, 0);
    expect(r.out).toBe("\r\x1b[J$ xxxxxxxx\r\n\r");
    expect(r.row).toBe(1);
  });
  it("measures the prompt without its colors", () => {
    expect(stripAnsi("\x1b[1;32mab\x1b[0m$ ")).toBe("ab$ ");
    expect(renderLine("\x1b[1;32mab\x1b[0m ", "", 0, 80, 0).out.endsWith("\r\x1b[3C")).toBe(true);
  });
});
