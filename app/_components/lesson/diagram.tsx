import type { ReactNode } from "react";
import { slugify } from "../../../lib/content/plugins/rehype-toc";

/**
 * `<Diagram title="…" caption="…">` around an inline `<svg role="img">` (give the svg its own <title>
 * and <desc>). The figure is labelled by its title; the caption is shown below. Colour the SVG with
 * `currentColor` and the `mdx-diagram-*` classes so it follows the theme.
 */
export function Diagram({ title, caption, children }: { title: string; caption?: string; children?: ReactNode }) {
  const id = `diagram-${slugify(title)}`;
  return (
    <figure className="mdx-diagram" aria-labelledby={`${id}-title`}>
      <div className="mdx-diagram-canvas">{children}</div>
      <figcaption className="mdx-diagram-caption">
        <span id={`${id}-title`} className="mdx-diagram-title">
          {title}
        </span>
        {caption ? <span className="mdx-diagram-text"> — {caption}</span> : null}
      </figcaption>
    </figure>
  );
}
