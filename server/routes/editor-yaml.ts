/**
 * Multi-document YAML with positions: every document keeps its AST so an error about a field
 * path (`spec.template.spec.containers[0].image`, as the API server reports it) can be mapped
 * back to the line the learner wrote it on.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node } from "yaml";

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface ParsedDocument {
  /** 0-based index among the non-empty documents */
  index: number;
  /** the JS value of the document */
  value: unknown;
  /** where the document's content starts */
  start: Position;
  /** position of a field path inside this document (deepest existing ancestor when it is missing) */
  positionOf(path: string): Position;
}

export type ParseResult = { ok: true; documents: ParsedDocument[] } | { ok: false; message: string; position: Position };

/** Max nesting/alias expansion handled; bigger documents are refused like any malformed YAML. */
const MAX_ALIAS_COUNT = 100;

export function parseManifests(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) return { ok: false, message: err.message, position: at(err.pos[0]) };
  }
  const documents: ParsedDocument[] = [];
  for (const doc of list) {
    if (doc.contents === null) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      return { ok: false, message: (e as Error).message, position: at(doc.contents.range?.[0] ?? 0) };
    }
    if (value === null || value === undefined) continue;
    const contentStart = doc.contents.range?.[0] ?? 0;
    documents.push({
      index: documents.length,
      value,
      start: at(contentStart),
      positionOf: (path) => at(offsetOf(doc, path) ?? contentStart),
    });
  }
  return { ok: true, documents };
}

/** Splits `a.b[0].c[key.with.dots]` loosely; map keys containing dots are resolved against the AST. */
function offsetOf(doc: Document, path: string): number | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let rest = path;
  let best: number | undefined = node?.range?.[0];
  while (node && rest) {
    if (rest.startsWith(".")) rest = rest.slice(1);
    if (isSeq(node)) {
      const m = /^\[(\d+)\]/.exec(rest);
      if (!m) break;
      const item = node.items[Number(m[1])] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
      rest = rest.slice(m[0].length);
      continue;
    }
    if (isMap(node)) {
      const bracket = /^\[([^\]]*)\]/.exec(rest);
      let found: { keyOffset?: number; value: Node | null; len: number } | undefined;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const keyOffset = (pair.key as Node).range?.[0];
        if (bracket && bracket[1] === key) {
          found = { keyOffset, value: pair.value as Node | null, len: bracket[0].length };
          break;
        }
        const fits = rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`);
        if (fits && (!found || key.length > found.len)) found = { keyOffset, value: pair.value as Node | null, len: key.length };
      }
      if (!found) break;
      best = found.keyOffset ?? best;
      rest = rest.slice(found.len);
      node = found.value;
      continue;
    }
    break;
  }
  return best;
}
