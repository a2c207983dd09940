/**
 * JSONPath-like field paths: `spec.template.spec.containers[0].image`, `metadata.labels.app`,
 * `metadata.labels["app.kubernetes.io/name"]`, `spec.containers[name=web].image` (the list
 * element whose `name` is `web`). A leading `.` is allowed (kubectl's jsonpath style).
 *
 * `parsePath` throws `PathError` for bad syntax; `validatePath` checks a path against a kind's
 * upstream OpenAPI schema and returns the leaf type, or throws `PathError` naming the first
 * unknown field and the fields that exist there.
 */
import type { SchemaNode } from "../kube/openapi/types";

export type Segment = { key: string } | { index: number } | { match: { field: string; value: string } };

export class PathError extends Error {
  override name = "PathError";
}

const IDENT = /^[A-Za-z0-9_$-]+/;

export function parsePath(path: string): Segment[] {
  const segs: Segment[] = [];
  let s = path.trim();
  if (s.startsWith(".")) s = s.slice(1);
  if (!s) throw new PathError("path is empty");
  let expectKey = true;
  while (s.length > 0) {
    if (s.startsWith("[")) {
      const end = s.indexOf("]");
      if (end < 0) throw new PathError(`unclosed "[" in path "${path}"`);
      const inner = s.slice(1, end).trim();
      s = s.slice(end + 1);
      const quoted = /^(["'])(.*)\1$/.exec(inner);
      if (quoted) segs.push({ key: quoted[2]! });
      else if (/^\d+$/.test(inner)) segs.push({ index: Number(inner) });
      else {
        const m = /^([A-Za-z0-9_$-]+)\s*==?\s*(.+)$/.exec(inner);
        if (!m)
          throw new PathError(
            `"[${inner}]" in path "${path}" must be an index like [0], a key like ["app.kubernetes.io/name"] or a match like [name=web]`,
          );
        segs.push({ match: { field: m[1]!, value: m[2]!.replace(/^(["'])(.*)\1$/, "$2") } });
      }
      expectKey = false;
      continue;
    }
    if (s.startsWith(".")) {
      if (expectKey) throw new PathError(`empty field name in path "${path}"`);
      s = s.slice(1);
      expectKey = true;
      continue;
    }
    if (!expectKey) throw new PathError(`expected "." or "[" in path "${path}" before "${s}"`);
    const m = IDENT.exec(s);
    if (!m) throw new PathError(`unexpected "${s[0]}" in path "${path}"`);
    segs.push({ key: m[0] });
    s = s.slice(m[0].length);
    expectKey = false;
  }
  if (expectKey) throw new PathError(`path "${path}" ends with "."`);
  return segs;
}

export function formatPath(segs: readonly Segment[]): string {
  let out = "";
  for (const s of segs) {
    if ("key" in s) out += /^[A-Za-z0-9_$-]+$/.test(s.key) ? `${out ? "." : ""}${s.key}` : `["${s.key}"]`;
    else if ("index" in s) out += `[${s.index}]`;
    else out += `[${s.match.field}=${s.match.value}]`;
  }
  return out;
}

/** the value at `segs` in `obj`, or undefined */
export function getPath(obj: unknown, segs: readonly Segment[]): unknown {
  let cur: unknown = obj;
  for (const s of segs) {
    if (cur === null || cur === undefined) return undefined;
    if ("key" in s) {
      if (typeof cur !== "object" || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[s.key];
    } else if ("index" in s) {
      cur = Array.isArray(cur) ? cur[s.index] : undefined;
    } else {
      if (!Array.isArray(cur)) return undefined;
      const { field, value } = s.match;
      cur = cur.find((e) => e !== null && typeof e === "object" && String((e as Record<string, unknown>)[field]) === value);
    }
  }
  return cur;
}

/** validates against the schema; returns the leaf's OpenAPI type (undefined when free-form) */
export function validatePath(root: SchemaNode, segs: readonly Segment[], kind: string): string | undefined {
  let node: SchemaNode | undefined = root;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const here = formatPath(segs.slice(0, i));
    if (!node || node.preserveUnknownFields || node.additionalProperties === true) return undefined;
    if ("key" in s) {
      const next: SchemaNode | undefined =
        node.properties?.[s.key] ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined);
      if (!next) {
        const known = Object.keys(node.properties ?? {});
        const where = here ? `"${here}"` : kind;
        if (node.type === "array")
          throw new PathError(`"${here}" is a list: use an index like "${here}[0]" or a match like "${here}[name=…]"`);
        if (known.length === 0) throw new PathError(`"${here}" of ${kind} is ${article(node.type ?? "value")} and has no field "${s.key}"`);
        const near = closest(s.key, known);
        const help = near
          ? `did you mean "${near}"?`
          : known.length <= 16
            ? `${where} has: ${known.join(", ")}`
            : `see kubectl explain ${kind.toLowerCase()}${here ? `.${here}` : ""}`;
        throw new PathError(`${kind} has no field "${formatPath(segs.slice(0, i + 1))}" (${help})`);
      }
      node = next;
    } else {
      if (node.type !== "array" || !node.items)
        throw new PathError(`"${here}" of ${kind} is not a list, so "${formatPath([s])}" cannot apply`);
      node = node.items;
      if ("match" in s && node.properties && !node.properties[s.match.field]) {
        throw new PathError(
          `elements of "${here}" have no field "${s.match.field}" (they have: ${Object.keys(node.properties).join(", ")})`,
        );
      }
    }
  }
  if (!node) return undefined;
  if (node.intOrString) return "int-or-string";
  return node.type;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** a known name within edit distance 2 (case-insensitive), if any */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** Levenshtein distance */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
