import type { ReactNode } from "react";

export type CalloutType = "note" | "tip" | "warning" | "danger";

const LABEL: Record<CalloutType, string> = { note: "Note", tip: "Tip", warning: "Warning", danger: "Danger" };
const ICON: Record<CalloutType, string> = { note: "i", tip: "✓", warning: "!", danger: "✕" };

/** `<Callout type="tip" title="Optional title">markdown</Callout>` — an aside; type defaults to note. */
export function Callout({ type = "note", title, children }: { type?: CalloutType; title?: string; children?: ReactNode }) {
  const kind: CalloutType = type in LABEL ? type : "note";
  return (
    <aside className={`mdx-callout mdx-callout-${kind}`} role="note" aria-label={title ? `${LABEL[kind]}: ${title}` : LABEL[kind]}>
      <div className="mdx-callout-icon" aria-hidden="true">
        {ICON[kind]}
      </div>
      <div className="mdx-callout-content">
        <p className="mdx-callout-title">{title ?? LABEL[kind]}</p>
        <div className="mdx-callout-body">{children}</div>
      </div>
    </aside>
  );
}
