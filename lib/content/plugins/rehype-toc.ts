/**
 * rehype-toc: gives every h2/h3 a stable, unique id (GitHub-style slug; an author-set id is kept) and
 * reports the table of contents in document order.
 */
import type { TocEntry } from "../types";
import { type AstNode, visit } from "./mdx-ast";

export interface RehypeTocOptions {
  onToc: (toc: TocEntry[]) => void;
}

export function rehypeToc(options: RehypeTocOptions) {
  return (tree: AstNode): void => {
    const toc: TocEntry[] = [];
    const used = new Map<string, number>();
    visit(tree, (node) => {
      if (node.type !== "element" || (node.tagName !== "h2" && node.tagName !== "h3")) return;
      const text = hastText(node).replace(/\s+/g, " ").trim();
      const props = (node.properties ??= {});
      let id = typeof props.id === "string" && props.id ? props.id : slugify(text);
      const seen = used.get(id);
      used.set(id, (seen ?? 0) + 1);
      if (seen !== undefined) id = `${id}-${seen}`;
      props.id = id;
      toc.push({ id, text, depth: node.tagName === "h2" ? 2 : 3 });
      return "skip";
    });
    options.onToc(toc);
  };
}

function hastText(node: AstNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(hastText).join("");
}

/** "What happens on `kubectl apply`?" → "what-happens-on-kubectl-apply" */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-")
    .replace(/-+/g, "-");
  return slug || "section";
}
