/**
 * A lesson's `sandbox:` frontmatter block: the cluster the lesson starts with.
 *
 *   sandbox:
 *     nodes: 3                      # total, control plane included (1–6, default 3)
 *     manifests:                    # applied in order on create and on reset
 *       - web.yaml                  # a file relative to the lesson (multi-document YAML allowed)
 *       - inline: |                 # or YAML right here
 *           apiVersion: v1
 *           kind: ConfigMap
 *           metadata: { name: hello }
 *     faults:
 *       - stopNode: worker-2        # the node's kubelet is stopped (it goes NotReady)
 *
 * A broken Deployment to debug is just a manifest. Everything is checked at content build:
 * unknown keys, node names that do not exist, unreadable files, manifests that are not YAML
 * objects with apiVersion, kind and metadata.name — each error names the file (and line).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseAllDocuments } from "yaml";
import { z } from "zod";
import { ContentError } from "./errors";

const NODE = /^(control-plane|worker-[1-9][0-9]*)$/;

export const lessonSandboxSchema = z
  .strictObject({
    nodes: z
      .number({ error: "nodes must be a number, e.g. `nodes: 3`" })
      .int({ error: "nodes must be a whole number" })
      .min(1, { error: "nodes must be at least 1 (the control plane)" })
      .max(6, { error: "nodes must be at most 6" })
      .optional(),
    manifests: z
      .array(
        z.union([
          z.string({ error: "each manifest must be a file name or `inline: <yaml>`" }).trim().min(1, { error: "manifest file names must not be empty" }),
          z.strictObject({ inline: z.string({ error: "inline must be YAML text (use `inline: |`)" }) }),
        ]),
        { error: "manifests must be a list, e.g. `manifests: [web.yaml]`" },
      )
      .optional(),
    faults: z
      .array(
        z.strictObject({
          stopNode: z.string({ error: "stopNode must be a node name, e.g. worker-2" }).regex(NODE, { error: "stopNode must be control-plane or worker-<n>" }),
        }),
        { error: "faults must be a list, e.g. `faults: [{ stopNode: worker-2 }]`" },
      )
      .optional(),
  }, { error: "sandbox must be a mapping" })
  .superRefine((s, ctx) => {
    const nodes = s.nodes ?? 3;
    (s.faults ?? []).forEach((f, i) => {
      const m = /^worker-(\d+)$/.exec(f.stopNode);
      if (m && Number(m[1]) >= nodes) {
        ctx.addIssue({ code: "custom", path: ["faults", i, "stopNode"], message: `no node "${f.stopNode}" in a sandbox of ${nodes} node(s) (workers: worker-1 … worker-${nodes - 1})` });
      }
    });
  });

export type LessonSandboxBlock = z.infer<typeof lessonSandboxSchema>;

/** The resolved starting state of a lesson (manifests read and parsed). */
export interface LessonSandbox {
  nodes: number;
  /** every manifest document, in order */
  objects: Record<string, unknown>[];
  faults: { stopNode: string }[];
}

/** Reads and checks a lesson's manifests. `lessonFile` is absolute; file manifests must stay inside `root`. */
export async function resolveLessonSandbox(
  lessonFile: string,
  root: string,
  block: LessonSandboxBlock,
  errors: ContentError[],
): Promise<LessonSandbox | undefined> {
  const objects: Record<string, unknown>[] = [];
  let ok = true;
  for (const [i, entry] of (block.manifests ?? []).entries()) {
    if (typeof entry === "string") {
      const file = path.resolve(path.dirname(lessonFile), entry);
      if (path.isAbsolute(entry) || path.relative(root, file).startsWith("..")) {
        errors.push(new ContentError({ file: lessonFile, line: 1, column: 1 }, `sandbox.manifests[${i}]: "${entry}" must be a path relative to the lesson, inside the content folder`));
        ok = false;
        continue;
      }
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch {
        errors.push(new ContentError({ file: lessonFile, line: 1, column: 1 }, `sandbox.manifests[${i}]: cannot read "${entry}" (looked for ${file})`));
        ok = false;
        continue;
      }
      ok = parseManifests(file, text, 1, objects, errors) && ok;
    } else {
      ok = parseManifests(lessonFile, entry.inline, 1, objects, errors, `sandbox.manifests[${i}] (inline)`) && ok;
    }
  }
  if (!ok) return undefined;
  return { nodes: block.nodes ?? 3, objects, faults: (block.faults ?? []).map((f) => ({ stopNode: f.stopNode })) };
}

/** Parses multi-document YAML into objects; false (with located errors) when a document is not a manifest. */
export function parseManifests(file: string, text: string, firstLine: number, out: Record<string, unknown>[], errors: ContentError[], what = "manifest"): boolean {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line + firstLine - 1, column: pos.col };
  };
  if (!Array.isArray(docs)) {
    errors.push(new ContentError({ file, line: firstLine, column: 1 }, `${what}: no YAML documents`));
    return false;
  }
  let ok = true;
  for (const [n, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) errors.push(new ContentError(at(e.pos[0]), `${what}: invalid YAML: ${e.message.split("\n")[0] ?? e.message}`));
      ok = false;
      continue;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const where = at(doc.contents?.range?.[0] ?? doc.range[0]);
    const label = docs.length > 1 ? `${what} document ${n + 1}` : what;
    if (typeof value !== "object" || Array.isArray(value)) {
      errors.push(new ContentError(where, `${label} must be a Kubernetes object (a mapping with apiVersion, kind and metadata)`));
      ok = false;
      continue;
    }
    const obj = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; generateName?: unknown } };
    const missing = [
      typeof obj.apiVersion === "string" && obj.apiVersion ? undefined : "apiVersion",
      typeof obj.kind === "string" && obj.kind ? undefined : "kind",
      typeof obj.metadata?.name === "string" || typeof obj.metadata?.generateName === "string" ? undefined : "metadata.name",
    ].filter(Boolean);
    if (missing.length > 0) {
      errors.push(new ContentError(where, `${label} is missing ${missing.join(", ")}`));
      ok = false;
      continue;
    }
    out.push(value as Record<string, unknown>);
  }
  return ok;
}
