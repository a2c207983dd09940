/**
 * The few mdast/hast/MDX-JSX shapes our plugins touch, typed locally (the unified type packages are
 * transitive dependencies we do not pin), plus small helpers: a visitor, attribute readers, text flattening.
 */

export interface Point {
  line: number;
  column: number;
  offset?: number;
}
export interface Position {
  start: Point;
  end: Point;
}
export interface AstNode {
  type: string;
  children?: AstNode[];
  value?: string;
  position?: Position;
  /** mdx JSX elements */
  name?: string | null;
  attributes?: JsxAttribute[];
  /** hast elements */
  tagName?: string;
  properties?: Record<string, unknown>;
  data?: { estree?: EstreeProgram } & Record<string, unknown>;
}
export interface JsxAttribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?: string | { type: "mdxJsxAttributeValueExpression"; value: string } | null;
}
export interface EstreeProgram {
  body: Array<{
    type: string;
    specifiers?: Array<{ local?: { name?: string } }>;
    declaration?: { type: string; id?: { name?: string } | null; declarations?: Array<{ id?: { name?: string } }> } | null;
  }>;
}

/** The vfile surface the plugins use: `fail` records a fatal message at a node and throws. */
export interface PluginFile {
  fail(reason: string, place?: AstNode | Position): never;
}

export function isJsxElement(node: AstNode): boolean {
  return node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";
}

/** Depth-first pre-order walk. Return "skip" to not descend into a node. */
export function visit(node: AstNode, fn: (node: AstNode, parent: AstNode | undefined, index: number) => "skip" | void): void {
  const walk = (n: AstNode, parent: AstNode | undefined, index: number) => {
    if (fn(n, parent, index) === "skip") return;
    const kids = n.children;
    if (!kids) return;
    for (let i = 0; i < kids.length; i++) walk(kids[i] as AstNode, n, i);
  };
  walk(node, undefined, -1);
}

export type AttrValue =
  { kind: "missing" } | { kind: "string"; value: string } | { kind: "expression"; value: string } | { kind: "boolean" };

export function attr(node: AstNode, name: string): AttrValue {
  const a = node.attributes?.find((x) => x.type === "mdxJsxAttribute" && x.name === name);
  if (!a) return { kind: "missing" };
  if (a.value === null || a.value === undefined) return { kind: "boolean" };
  if (typeof a.value === "string") return { kind: "string", value: a.value };
  return { kind: "expression", value: a.value.value };
}

/** A required plain-string attribute; fails with a located message otherwise. */
export function stringAttr(file: PluginFile, node: AstNode, name: string, required: true): string;
export function stringAttr(file: PluginFile, node: AstNode, name: string, required: false): string | undefined;
export function stringAttr(file: PluginFile, node: AstNode, name: string, required: boolean): string | undefined {
  const v = attr(node, name);
  const el = `<${node.name ?? "?"}>`;
  if (v.kind === "missing") {
    if (required) file.fail(`${el} needs a ${name}="…" attribute`, node);
    return undefined;
  }
  if (v.kind !== "string") file.fail(`${el} attribute ${name} must be a plain string in quotes, e.g. ${name}="…"`, node);
  const value = v.value.trim();
  if (required && value === "") file.fail(`${el} attribute ${name} must not be empty`, node);
  return value;
}

export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function idAttr(file: PluginFile, node: AstNode): string {
  const id = stringAttr(file, node, "id", true);
  if (!ID_PATTERN.test(id)) file.fail(`<${node.name ?? "?"}> id "${id}" must be lowercase letters, digits and dashes`, node);
  return id;
}

/**
 * Flattens markdown phrasing/flow content to inline text: inline code becomes `code`, paragraphs are
 * separated by a blank line, whitespace inside a paragraph is collapsed.
 */
export function toInlineText(nodes: readonly AstNode[]): string {
  const blocks: string[] = [];
  let current = "";
  const flush = () => {
    const t = current.replace(/\s+/g, " ").trim();
    if (t) blocks.push(t);
    current = "";
  };
  const walk = (n: AstNode) => {
    if (n.type === "text") current += n.value ?? "";
    else if (n.type === "inlineCode") current += `\`${n.value ?? ""}\``;
    else if (n.type === "break") current += " ";
    else if (n.type === "paragraph" || n.type === "heading" || n.type === "listItem") {
      flush();
      n.children?.forEach(walk);
      flush();
    } else n.children?.forEach(walk);
  };
  nodes.forEach(walk);
  flush();
  return blocks.join("\n\n");
}

/** Whitespace-only text (or an empty paragraph) between JSX children. */
export function isBlank(node: AstNode): boolean {
  if (node.type === "text") return (node.value ?? "").trim() === "";
  if (node.type === "paragraph") return (node.children ?? []).every(isBlank);
  return false;
}
