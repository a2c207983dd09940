/**
 * Inline text of quiz prompts, choices and explanations: plain text where `backticks` mark code and a
 * blank line separates paragraphs. Dependency-free so client components can import it.
 */

export interface InlineSegment {
  text: string;
  code: boolean;
}

/** Splits "Run `kubectl get pods`" into text and code segments (an unmatched backtick stays text). */
export function splitInlineCode(text: string): InlineSegment[] {
  const out: InlineSegment[] = [];
  const re = /`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), code: false });
    out.push({ text: m[1] ?? "", code: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), code: false });
  return out;
}

/** Paragraphs of an inline text (split on blank lines). */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
