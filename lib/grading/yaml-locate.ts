/**
 * YAML parsing that remembers where things are: every error about a value can be reported at the
 * line and column of its key (or value) in the file.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from "yaml";

export interface Located {
  line: number;
  column: number;
}

export class LocatedYaml {
  readonly data: unknown;
  /** the first YAML syntax error only (later ones are usually its echoes) */
  readonly errors: Array<Located & { message: string }>;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  constructor(text: string) {
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    this.errors = this.doc.errors
      .slice(0, 1)
      .map((e) => ({ ...this.pos(e.pos[0]), message: (e.message.split("\n")[0] ?? e.message).trim() }));
    this.data = this.errors.length ? undefined : this.doc.toJS();
  }

  /** position of the key (`key`), or value, at `path`; falls back to the nearest located ancestor, then 1:1 */
  at(path: readonly PropertyKey[], key = false): Located {
    let cur: unknown = this.doc.contents;
    let offset: number | undefined = (cur as YamlNode | null)?.range?.[0];
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const keyOffset = (pair.key as YamlNode).range?.[0];
        if (last && key) return this.pos(keyOffset ?? offset ?? 0);
        cur = pair.value;
        offset = (cur as YamlNode | null)?.range?.[0] ?? keyOffset ?? offset;
        if (last) return this.pos(keyOffset !== undefined && !isScalar(cur) ? keyOffset : (offset ?? 0));
      } else if (isSeq(cur) && typeof seg === "number") {
        const item = cur.items[seg] as YamlNode | undefined;
        if (!item) break;
        cur = item;
        offset = item.range?.[0] ?? offset;
      } else break;
    }
    return this.pos(offset ?? 0);
  }

  private pos(offset: number): Located {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }
}
