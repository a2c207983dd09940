import { splitInlineCode } from "@/lib/content/inline";

/** Frontmatter text (titles, summaries, objectives) where `backticks` mark code. */
export function Inline({ text }: { text: string }) {
  return (
    <>
      {splitInlineCode(text).map((s, i) => (s.code ? <code key={i}>{s.text}</code> : <span key={i}>{s.text}</span>))}
    </>
  );
}
