/**
 * Test helpers: write a throwaway content tree. Not imported by production code.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Writes `files` (path relative to the new root → contents) under a fresh temp dir; returns the root. */
export async function writeContentTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "kubelab-content-"));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return root;
}

export function lessonSource(frontmatter: Record<string, unknown> | string, body = "## Hello\n\nText.\n"): string {
  const fm =
    typeof frontmatter === "string"
      ? frontmatter
      : Object.entries(frontmatter)
          .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
          .join("\n");
  return `---\n${fm}\n---\n\n${body}`;
}

export const VALID_FRONTMATTER = {
  title: "A lesson",
  summary: "What it is about.",
  duration: 5,
  objectives: ["Learn a thing"],
};

/** A quiz whose answer key and explanations are easy to search for in outputs. */
export const QUIZ_MDX = `## Quiz time

<Quiz id="apply-flow" title="Check">
  <Question id="q1" prompt="Who writes \`etcd\`?" answer="b">
    <Choice id="a">The scheduler</Choice>
    <Choice id="b">The \`kube-apiserver\`</Choice>
    <Explanation>SECRET-EXPLANATION-ONE only the API server.</Explanation>
  </Question>
  <Question id="q2" prompt="Who creates Pods?" answer="c">
    <Choice id="a">The Deployment controller</Choice>
    <Choice id="b">The kubelet</Choice>
    <Choice id="c">The ReplicaSet controller</Choice>
    <Explanation>SECRET-EXPLANATION-TWO the ReplicaSet controller.</Explanation>
  </Question>
</Quiz>
`;
