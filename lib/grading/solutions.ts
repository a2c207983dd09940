/**
 * Reference solutions (`NN.<lesson>.solutions.yaml`, beside the lesson; never imported by the app,
 * never served). Each exercise id maps to steps run in order against a sandbox by the solution test:
 *
 *   scale-out:
 *     - kubectl: scale deployment web --replicas=5   # run with the real kubectl (shell-like quoting)
 *     - apply: |                                      # `kubectl apply -f -` with this manifest
 *         apiVersion: v1 …
 *     - advance: 10                                   # let 10 s of cluster time pass
 *     - score: 3                                      # expected score at this point (partial credit)
 */
import { z } from "zod";
import { ContentError } from "../content/errors";
import { LocatedYaml } from "./yaml-locate";

export type SolutionStep = { kubectl: string[] } | { apply: string } | { advance: number } | { score: number };
export type Solutions = Map<string, SolutionStep[]>;

const stepSchema = z.union(
  [
    z.strictObject({ kubectl: z.union([z.string().trim().min(1), z.array(z.string()).min(1)]) }),
    z.strictObject({ apply: z.string().trim().min(1) }),
    z.strictObject({ advance: z.number().positive().max(600) }),
    z.strictObject({ score: z.number().int().min(0) }),
  ],
  { error: "a step is one of: kubectl: <args>, apply: <manifest>, advance: <seconds>, score: <points>" },
);
const fileSchema = z.record(z.string(), z.array(stepSchema, { error: "an exercise's solution is a list of steps" }).min(1));

/** splits a command line like a POSIX shell does for simple words and quotes (no expansion) */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let has = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === q) q = undefined;
      else if (ch === "\\" && q === '"' && i + 1 < line.length && /["\\$`]/.test(line[i + 1]!)) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      q = ch;
      has = true;
    } else if (ch === "\\" && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
    }
  }
  if (q) throw new Error(`unclosed ${q} quote`);
  if (has || cur) out.push(cur);
  return out;
}

export function parseSolutionsFile(
  file: string,
  text: string,
): { solutions: Solutions; errors: ContentError[]; lines: Map<string, { line: number; column: number }> } {
  const y = new LocatedYaml(text);
  const err = (loc: { line: number; column: number }, msg: string) => new ContentError({ file, ...loc }, msg);
  const solutions: Solutions = new Map();
  const lines = new Map<string, { line: number; column: number }>();
  if (y.errors.length) return { solutions, errors: y.errors.map((e) => err(e, `invalid YAML: ${e.message}`)), lines };
  const parsed = fileSchema.safeParse(y.data ?? {});
  if (!parsed.success) {
    return {
      solutions,
      errors: parsed.error.issues.map((i) => err(y.at(i.path as (string | number)[]), `solutions: ${i.message}`)),
      lines,
    };
  }
  const errors: ContentError[] = [];
  for (const [id, steps] of Object.entries(parsed.data)) {
    lines.set(id, y.at([id], true));
    const out: SolutionStep[] = [];
    steps.forEach((s, i) => {
      if ("kubectl" in s) {
        let args: string[];
        try {
          args = typeof s.kubectl === "string" ? shellSplit(s.kubectl) : s.kubectl;
        } catch (e) {
          errors.push(err(y.at([id, i, "kubectl"]), `solutions: ${(e as Error).message}`));
          return;
        }
        if (args[0] === "kubectl") args = args.slice(1);
        out.push({ kubectl: args });
      } else out.push(s);
    });
    solutions.set(id, out);
  }
  return { solutions, errors, lines };
}
