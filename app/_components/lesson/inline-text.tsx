import { splitInlineCode, splitParagraphs } from "../../../lib/content/inline";

/** Renders inline text (`backticks` = code) as a fragment. */
export function InlineText({ text }: { text: string }) {
  return (
    <>
      {splitInlineCode(text).map((s, i) =>
        s.code ? (
          <code key={i} className="mdx-inline-code">
            {s.text}
          </code>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** Renders inline text with blank-line paragraphs as <p> elements. */
export function InlineParagraphs({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {splitParagraphs(text).map((p, i) => (
        <p key={i} className={className}>
          <InlineText text={p} />
        </p>
      ))}
    </>
  );
}
