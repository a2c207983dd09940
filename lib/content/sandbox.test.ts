import { describe, expect, it } from "vitest";
import { ContentService } from "./service";
import { CompileCache } from "./cache";
import { compileMdx } from "./compile";
import { discover } from "./discover";
import { writeContentTree } from "./testing";

const course = "title: C\nsummary: S\n";
const mod = "title: M\n";
const lesson = (sandbox: string) =>
  `---\ntitle: L\nsummary: S\nduration: 5\nobjectives:\n  - O\n${sandbox}\n---\n\n## Hi\n\nText.\n`;

async function tree(sandbox: string, files: Record<string, string> = {}) {
  return writeContentTree({
    "c/course.yaml": course,
    "c/01.m/module.yaml": mod,
    "c/01.m/01.l.mdx": lesson(sandbox),
    ...files,
  });
}

describe("lesson sandbox blocks", () => {
  it("resolves file and inline manifests in order, with nodes and faults", async () => {
    const root = await tree(
      ["sandbox:", "  nodes: 2", "  manifests:", "    - manifests/broken.yaml", "    - inline: |", "        apiVersion: v1", "        kind: ConfigMap", "        metadata: {name: inline}", "  faults:", "    - stopNode: worker-1"].join("\n"),
      {
        "c/01.m/manifests/broken.yaml":
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
      },
    );
    const svc = new ContentService({ root, cache: new CompileCache({ compile: compileMdx, dir: null }), memoize: false });
    const sb = await svc.getLessonSandbox("c/m/l");
    expect(sb).toEqual({
      nodes: 2,
      objects: [
        { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1 } },
        { apiVersion: "v1", kind: "Service", metadata: { name: "web" } },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "inline" } },
      ],
      faults: [{ stopNode: "worker-1" }],
    });
    expect((await svc.getCourse("c"))?.modules[0]?.lessons[0]?.sandbox).toEqual({ nodes: 2 });
  });

  it("reports missing files, escapes, and documents that are not manifests, naming the file", async () => {
    const root = await tree(["sandbox:", "  manifests:", "    - nope.yaml", "    - ../../../etc/passwd", "    - bad.yaml"].join("\n"), {
      "c/01.m/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\nkind: Pod\n---\n- a list\n",
    });
    const d = await discover(root);
    expect(d.courses[0]?.modules[0]?.lessons ?? []).toHaveLength(0);
    const msgs = d.errors.map((e) => `${e.file.slice(root.length)}:${e.line} ${e.reason}`);
    expect(msgs).toEqual([
      expect.stringMatching(/^\/c\/01\.m\/01\.l\.mdx:1 sandbox\.manifests\[0\]: cannot read "nope\.yaml"/),
      '/c/01.m/01.l.mdx:1 sandbox.manifests[1]: "../../../etc/passwd" must be a path relative to the lesson, inside the content folder',
      "/c/01.m/bad.yaml:6 manifest document 2 is missing apiVersion, metadata.name",
      "/c/01.m/bad.yaml:8 manifest document 3 must be a Kubernetes object (a mapping with apiVersion, kind and metadata)",
    ]);
  });
});
