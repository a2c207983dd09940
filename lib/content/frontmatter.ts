/**
 * Frontmatter and `*.yaml` metadata: split, parse (yaml) and validate (zod) with precise locations.
 *
 * Guarantees:
 * - `splitFrontmatter` returns a body with the frontmatter replaced by the same number of empty lines, so
 *   line numbers reported by the MDX compiler match the file.
 * - every validation error carries the line of the offending key (unknown key, bad value), or of the
 *   frontmatter's first line when a required key is missing.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { ContentError } from "./errors";
import { lessonSandboxSchema } from "./sandbox";

export const lessonFrontmatterSchema = z.strictObject({
  title: z.string({ error: "title must be text" }).trim().min(1, { error: "title must not be empty" }),
  summary: z.string({ error: "summary must be text" }).trim().min(1, { error: "summary must not be empty" }),
  duration: z
    .number({ error: "duration must be a number of minutes, e.g. `duration: 12`" })
    .int({ error: "duration must be a whole number of minutes" })
    .positive({ error: "duration must be at least 1 minute" })
    .max(600, { error: "duration must be at most 600 minutes" }),
  objectives: z
    .array(z.string({ error: "each objective must be text" }).trim().min(1, { error: "objectives must not be empty" }), {
      error: 'objectives must be a list, e.g. `objectives: ["Explain …"]`',
    })
    .min(1, { error: "objectives must list at least one objective" }),
  /** the cluster the lesson starts with (see ./sandbox.ts) */
  sandbox: lessonSandboxSchema.optional(),
});
export type ParsedLessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/** `gating: exercises` — a lesson opens only once every exercise in the lessons before it passes (default `none`) */
export const COURSE_GATINGS = ["none", "exercises"] as const;
export const courseMetaSchema = z.strictObject({
  title: z.string({ error: "title must be text" }).trim().min(1, { error: "title must not be empty" }),
  summary: z.string({ error: "summary must be text" }).trim().min(1, { error: "summary must not be empty" }),
  gating: z.enum(COURSE_GATINGS, { error: 'gating must be "none" or "exercises"' }).optional(),
});
export const moduleMetaSchema = z.strictObject({
  title: z.string({ error: "title must be text" }).trim().min(1, { error: "title must not be empty" }),
  summary: z.string({ error: "summary must be text" }).trim().min(1, { error: "summary must not be empty" }).optional(),
});

export interface FrontmatterSplit {
  /** the YAML between the fences, or undefined when the file has none */
  yaml?: string;
  /** 1-based line of the first YAML line in the file */
  yamlLine: number;
  /** the MDX body; frontmatter lines are blanked so line numbers are unchanged */
  body: string;
}

const FENCE = /^---[ \t]*$/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/;

export function splitFrontmatter(file: string, source: string): FrontmatterSplit {
  const text = source.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) return { yamlLine: 1, body: text };
  const end = lines.findIndex((l, i) => i > 0 && CLOSE.test(l));
  if (end < 0) throw new ContentError({ file, line: 1, column: 1 }, "frontmatter starts with `---` but is never closed by a `---` line");
  return {
    yaml: lines.slice(1, end).join("\n"),
    yamlLine: 2,
    body: "\n".repeat(end + 1) + lines.slice(end + 1).join("\n"),
  };
}

/**
 * Parses `yaml` (which starts at `firstLine` of `file`) and validates it with `schema`.
 * Returns the value or every error found, each located at the offending key.
 */
export function parseYamlWith<S extends z.ZodType>(
  file: string,
  yaml: string,
  firstLine: number,
  schema: S,
  what: string,
  /** where a missing key is reported (the frontmatter's opening fence, or line 1 of a YAML file) */
  missingLine: number,
): { ok: true; value: z.infer<S> } | { ok: false; errors: ContentError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line + firstLine - 1, column: pos.col };
  };
  const start = { file, line: missingLine, column: 1 };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => new ContentError(at(e.pos[0]), `${what}: invalid YAML: ${firstSentence(e.message)}`)),
    };
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, errors: [new ContentError(start, `${what} must be a mapping of keys to values`)] };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };

  const errors: ContentError[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = schemaKeys(schemaAt(schema, issue.path));
      for (const key of issue.keys) {
        const node = findNode(doc.contents, [...issue.path, key], true);
        errors.push(
          new ContentError(node ? at(node) : start, `${what}: unknown key "${key}"${allowed ? ` (allowed: ${allowed.join(", ")})` : ""}`),
        );
      }
      continue;
    }
    const pathText = issue.path.map(String).join(".");
    if (valueAt(data, issue.path) === undefined) {
      errors.push(new ContentError(start, `${what}: missing required key "${pathText}"`));
      continue;
    }
    const node = findNode(doc.contents, issue.path, false);
    errors.push(new ContentError(node ? at(node) : start, `${what} "${pathText}": ${issue.message}`));
  }
  return { ok: false, errors };
}

function firstSentence(message: string): string {
  return message.split("\n")[0] ?? message;
}

/** the sub-schema at `path` (through objects, optionals and arrays), for listing allowed keys */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType {
  let cur: z.ZodType = schema;
  for (const seg of path) {
    while (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(seg)] ?? cur;
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
  }
  while (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

function schemaKeys(schema: z.ZodType): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : undefined;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

/** Offset of the key (when `key` is set, or the path ends at a map entry) or value node for `path`. */
function findNode(root: unknown, path: readonly PropertyKey[], key: boolean): number | undefined {
  let cur: unknown = root;
  let offset: number | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as YamlNode;
      offset = keyNode.range?.[0] ?? offset;
      if (last && key) return offset;
      cur = pair.value;
      if (last) return offset;
    } else if (isSeq(cur) && typeof seg === "number") {
      const item = cur.items[seg] as YamlNode | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      cur = item;
    } else {
      return offset;
    }
  }
  return offset;
}
