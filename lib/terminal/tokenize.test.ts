import { describe, expect, it } from "vitest";
import { MAX_LINE_LENGTH, tokenize } from "./tokenize";

const words = (line: string) => {
  const r = tokenize(line);
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.words;
};
const refusal = (line: string) => {
  const r = tokenize(line);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.words)}`);
  return r.message;
};

describe("tokenize: quoting like a POSIX shell", () => {
  it("splits on spaces and tabs", () => {
    expect(words("  kubectl\tget   pods ")).toEqual(["kubectl", "get", "pods"]);
    expect(words("")).toEqual([]);
  });
  it("keeps single-quoted text literal, including $ ; | and backslashes", () => {
    expect(words("k get pods -o jsonpath='{.items[*].metadata.name}'")).toEqual([
      "k",
      "get",
      "pods",
      "-o",
      "jsonpath={.items[*].metadata.name}",
    ]);
    expect(words("echo 'a;b|c $(x) `y` \\n'")).toEqual(["echo", "a;b|c $(x) `y` \\n"]);
  });
  it('handles double quotes with \\" \\\\ \\$ \\` escapes and literal other backslashes', () => {
    expect(words('k annotate pod p note="a b; c"')).toEqual(["k", "annotate", "pod", "p", "note=a b; c"]);
    expect(words('x "a\\"b\\\\c\\$d\\`e\\nf"')).toEqual(["x", 'a"b\\c$d`e\\nf']);
  });
  it("joins adjacent quoted and unquoted parts into one word; empty quotes make an empty word", () => {
    expect(words(`a'b'"c"d`)).toEqual(["abcd"]);
    expect(words(`x '' ""`)).toEqual(["x", "", ""]);
  });
  it("a backslash outside quotes makes the next character literal", () => {
    expect(words("a\\ b c\\;d")).toEqual(["a b", "c;d"]);
  });
  it("allows [] {} = , : @ % + unquoted, and ~ # inside quotes", () => {
    expect(words("k get pods -l app=web,tier!=x".replace("!", ""))).toEqual(["k", "get", "pods", "-l", "app=web,tier=x"]);
    expect(words("'a~b' \"c#d\" {x} [y] u@h:1 50% +1")).toEqual(["a~b", "c#d", "{x}", "[y]", "u@h:1", "50%", "+1"]);
  });
  it("accepts printable unicode inside quotes", () => {
    expect(words("k annotate pod p 'note=héllo ☸'")).toEqual(["k", "annotate", "pod", "p", "note=héllo ☸"]);
  });
});

describe("tokenize: refusals", () => {
  it.each([
    ["k get pods; rm -rf /", "run one command at a time"],
    ["k get pods | grep web", "pipes"],
    ["k get pods && id", "background jobs"],
    ["k get pods & id", "background jobs"],
    ["k get pods > out", "redirection"],
    ["k apply -f - < x.yaml", "redirection"],
    ["k get pods $(id)", "variables"],
    ["k get pods $HOME", "variables"],
    ["k get pods ${HOME}", "variables"],
    ["k get pods `id`", "backticks"],
    ['k get pods "$(id)"', "not even inside double quotes"],
    ['k get pods "`id`"', "not even inside double quotes"],
    ['k get pods "$HOME"', "not even inside double quotes"],
    ["k get pods (x)", "subshells"],
    ["cat *.yaml", "wildcards"],
    ["cat a?.yaml", "wildcards"],
    ["k get pods !!", "history expansion"],
    ["k get pods # hi", "comments"],
    ["cat ~/x", "`~` isn't expanded"],
    ["cat a~b", "`~` isn't expanded"],
    ["k get pods#x", "comments"],
    ["k get 'pods", "unterminated single quote"],
    ['k get "pods', "unterminated double quote"],
    ['k get "pods\\', "unterminated double quote"],
    ["k get pods\\", "backslash"],
    ["k get pods；id", "non-ASCII"],
    ["k get pods ｜ id", "non-ASCII"],
    ["k get —kubeconfig=x", "non-ASCII"],
  ])("%s", (line, expected) => {
    expect(refusal(line)).toContain(expected);
  });
  it.each(["\0", "\x1b[31m", "\x07", "\x7f", "\n", "\r", "\u0085", "\u200b", "\u202e", "\u2066", "\ufeff", "\u2028"])(
    "refuses control/invisible character %j anywhere, even quoted",
    (ch) => {
      expect(refusal(`k get pods${ch}`)).toContain("control or invisible characters");
      expect(refusal(`k get 'pods${ch}'`)).toContain("control or invisible characters");
    },
  );
  it("refuses lines that are too long or have too many words", () => {
    expect(refusal("k " + "a".repeat(MAX_LINE_LENGTH))).toContain("too long");
    expect(refusal("a ".repeat(300))).toContain("too many words");
  });
});
