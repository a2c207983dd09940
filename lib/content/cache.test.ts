import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CompileCache } from "./cache";
import type { CompiledMdx, MdxCompiler } from "./compile";
import { ContentCheckError, ContentError } from "./errors";

function countingCompiler() {
  const calls: string[] = [];
  const compile: MdxCompiler = async (_file, body) => {
    calls.push(body);
    return { code: `code for ${body}`, toc: [], quizzes: [], exercises: [] } satisfies CompiledMdx;
  };
  return { calls, compile };
}

const tmp = () => mkdtemp(path.join(os.tmpdir(), "kubelab-cache-"));

describe("CompileCache", () => {
  it("compiles a body once per hash, in memory, even for concurrent requests", async () => {
    const { calls, compile } = countingCompiler();
    const cache = new CompileCache({ compile, dir: null });
    const [a, b] = await Promise.all([cache.get("/a.mdx", "# one"), cache.get("/b.mdx", "# one")]);
    await cache.get("/a.mdx", "# one");
    expect(calls).toEqual(["# one"]);
    expect(a.code).toBe("code for # one");
    expect(b).toBe(a);
    await cache.get("/a.mdx", "# two");
    expect(calls).toEqual(["# one", "# two"]);
  });

  it("persists to <dir>/<sha256>.json and a new process-level cache reuses it", async () => {
    const dir = await tmp();
    const first = countingCompiler();
    const c1 = new CompileCache({ compile: first.compile, dir });
    await c1.get("/a.mdx", "# body");
    expect(await readdir(dir)).toEqual([`${c1.key("# body")}.json`]);
    expect(c1.key("# body")).toMatch(/^[0-9a-f]{64}$/);

    const second = countingCompiler();
    const c2 = new CompileCache({ compile: second.compile, dir });
    expect((await c2.get("/elsewhere.mdx", "# body")).code).toBe("code for # body");
    expect(second.calls).toEqual([]);
  });

  it("keys on the pipeline version: a new version recompiles", async () => {
    const dir = await tmp();
    const { calls, compile } = countingCompiler();
    await new CompileCache({ compile, dir, version: "v1" }).get("/a.mdx", "# body");
    await new CompileCache({ compile, dir, version: "v2" }).get("/a.mdx", "# body");
    expect(calls).toHaveLength(2);
  });

  it("ignores a corrupt cache file and overwrites it", async () => {
    const dir = await tmp();
    const { calls, compile } = countingCompiler();
    const cache = new CompileCache({ compile, dir });
    await writeFile(path.join(dir, `${cache.key("# body")}.json`), "{not json");
    expect((await cache.get("/a.mdx", "# body")).code).toBe("code for # body");
    expect(calls).toHaveLength(1);
    const again = countingCompiler();
    await new CompileCache({ compile: again.compile, dir }).get("/a.mdx", "# body");
    expect(again.calls).toHaveLength(0);
  });

  it("does not cache failures", async () => {
    let attempts = 0;
    const cache = new CompileCache({
      dir: null,
      compile: async (file) => {
        attempts++;
        throw new ContentCheckError([new ContentError({ file, line: 3, column: 1 }, "broken")]);
      },
    });
    await expect(cache.get("/a.mdx", "x")).rejects.toBeInstanceOf(ContentCheckError);
    await expect(cache.get("/a.mdx", "x")).rejects.toThrow(/a\.mdx:3:1 broken/);
    expect(attempts).toBe(2);
  });
});
