/**
 * Splits a terminal line into words the way a POSIX shell quotes them — and nothing more. There is
 * no shell behind the terminal: no expansion, no pipes, no redirection, no command lists. Anything
 * a shell would interpret (`;`, `|`, `&`, `>`, `<`, `$VAR`, `$(…)`, backticks, globs, `~`, `#`, `!`,
 * `(`, `)`) is REFUSED when unquoted, anywhere in a word (and `$`/backticks even inside double quotes, where a shell
 * would expand them), so a line never means something different here than in bash.
 *
 * Quoting: 'single quotes' are literal; "double quotes" allow \" \\ \$ \` escapes; a backslash
 * outside quotes makes the next character literal.
 *
 * Guarantees: never throws; a result with `ok: true` holds only words free of control characters,
 * NUL bytes and invisible/bidi Unicode format characters; refusals carry a message for the learner.
 */

/** longest line accepted (characters) */
export const MAX_LINE_LENGTH = 4096;
/** most words accepted in one line */
export const MAX_WORDS = 256;

export type TokenizeResult = { ok: true; words: string[] } | { ok: false; message: string };

const refuse = (message: string): TokenizeResult => ({ ok: false, message });

// C0/C1 controls (tab allowed: it separates words), DEL, Unicode format characters (zero-width,
// bidi overrides, BOM), line/paragraph separators.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;

const UNQUOTED_MESSAGES: Record<string, string> = {
  ";": "`;` (running several commands) isn't supported here: run one command at a time",
  "|": "pipes (`|`) aren't supported here: there is no shell, only kubectl and a few builtins (try `help`). Use kubectl's own filters, e.g. `-l app=web`, `-o name`, `-o jsonpath='{…}'`",
  "&": "`&` (background jobs, `&&`) isn't supported here: run one command at a time",
  ">": "output redirection (`>`) isn't supported here; to save a manifest, use the editor",
  "<": "input redirection (`<`) isn't supported here; use `-f <file>` with a file from your workspace",
  "`": "command substitution (backticks) isn't supported here",
  $: "variables and `$(…)` aren't expanded here: type the value itself",
  "(": "`(` isn't supported here (no subshells); quote it if it is part of an argument",
  ")": "`)` isn't supported here (no subshells); quote it if it is part of an argument",
  "*": "wildcards (`*`) aren't expanded here: name the file or object, or quote the `*` (e.g. jsonpath='{.items[*].metadata.name}')",
  "?": "wildcards (`?`) aren't expanded here: quote the `?` if it is part of an argument",
  "!": "history expansion (`!`) isn't supported here: use the ↑ key or `history`",
  "#": "comments (`#`) aren't supported here",
  "~": "`~` isn't expanded here: paths are relative to your workspace (e.g. `cat deployment.yaml`)",
};

const DQUOTE_MESSAGES: Record<string, string> = {
  $: "variables and `$(…)` aren't expanded here, not even inside double quotes: use single quotes or type the value itself",
  "`": "command substitution (backticks) isn't supported here, not even inside double quotes: use single quotes",
};

/** Splits `line` into words, or refuses it with a message for the learner. */
export function tokenize(line: string): TokenizeResult {
  if (line.length > MAX_LINE_LENGTH) return refuse(`that line is too long (${line.length} characters; at most ${MAX_LINE_LENGTH})`);
  const bad = FORBIDDEN_CHAR.exec(line);
  if (bad) {
    const cp = bad[0].codePointAt(0)!;
    return refuse(`control or invisible characters aren't allowed (found U+${cp.toString(16).toUpperCase().padStart(4, "0")})`);
  }
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i]!;
    if (c === " " || c === "\t") {
      if (inWord) {
        words.push(word);
        if (words.length > MAX_WORDS) return refuse(`too many words in one line (at most ${MAX_WORDS})`);
        word = "";
        inWord = false;
      }
      i++;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return refuse("unterminated single quote (')");
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\") {
          const next = line[i + 1];
          if (next === undefined) break;
          if (next === '"' || next === "\\" || next === "$" || next === "`") {
            word += next;
            i += 2;
            continue;
          }
          word += d;
          i++;
          continue;
        }
        const msg = DQUOTE_MESSAGES[d];
        if (msg) return refuse(msg);
        word += d;
        i++;
      }
      if (!closed) return refuse('unterminated double quote (")');
      inWord = true;
      continue;
    }
    if (c === "\\") {
      const next = line[i + 1];
      if (next === undefined) return refuse("a line can't end with a backslash (no line continuation here)");
      word += next;
      inWord = true;
      i += 2;
      continue;
    }
    const msg = UNQUOTED_MESSAGES[c];
    // (a shell treats `~` and `#` specially only at the start of a word; refusing them anywhere
    // unquoted is simpler to explain and costs nothing: quote them when they are data)
    if (msg) return refuse(msg);
    if (c.charCodeAt(0) > 0x7e) {
      return refuse(
        "non-ASCII characters are only accepted inside quotes (look-alike characters such as “smart quotes” or a fullwidth ；often come from copying text)",
      );
    }
    word += c;
    inWord = true;
    i++;
  }
  if (inWord) words.push(word);
  if (words.length > MAX_WORDS) return refuse(`too many words in one line (at most ${MAX_WORDS})`);
  return { ok: true, words };
}
