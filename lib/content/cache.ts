/**
 * Compile cache: each MDX body is compiled once per content hash.
 *
 * Guarantees:
 * - key = sha256(PIPELINE_VERSION + body); the same body is compiled at most once per process (concurrent
 *   requests share one in-flight compile) and at most once per cache directory across processes
 *   (`<dir>/<sha256>.json`, written atomically).
 * - failures are not cached: a broken lesson fails again (with its errors) on every call.
 * - an unreadable or malformed cache file is ignored and overwritten.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { PIPELINE_VERSION, type CompiledMdx, type MdxCompiler } from "./compile";

export interface CompileCacheOptions {
  compile: MdxCompiler;
  /** on-disk cache directory; null disables the disk layer */
  dir: string | null;
  version?: string;
}

export class CompileCache {
  private readonly memory = new Map<string, CompiledMdx>();
  private readonly inflight = new Map<string, Promise<CompiledMdx>>();
  private readonly opts: Required<CompileCacheOptions>;

  constructor(opts: CompileCacheOptions) {
    this.opts = { version: PIPELINE_VERSION, ...opts };
  }

  key(body: string): string {
    return createHash("sha256").update(this.opts.version).update("\0").update(body).digest("hex");
  }

  async get(file: string, body: string): Promise<CompiledMdx> {
    const key = this.key(body);
    const hit = this.memory.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(key, file, body).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async load(key: string, file: string, body: string): Promise<CompiledMdx> {
    const fromDisk = await this.readDisk(key);
    if (fromDisk) {
      this.memory.set(key, fromDisk);
      return fromDisk;
    }
    const compiled = await this.opts.compile(file, body);
    this.memory.set(key, compiled);
    await this.writeDisk(key, compiled);
    return compiled;
  }

  private async readDisk(key: string): Promise<CompiledMdx | undefined> {
    if (!this.opts.dir) return undefined;
    try {
      const data = JSON.parse(await readFile(path.join(this.opts.dir, `${key}.json`), "utf8")) as Partial<CompiledMdx>;
      if (typeof data.code === "string" && Array.isArray(data.toc) && Array.isArray(data.quizzes) && Array.isArray(data.exercises)) {
        return data as CompiledMdx;
      }
    } catch {
      // missing or malformed: compile again
    }
    return undefined;
  }

  private async writeDisk(key: string, compiled: CompiledMdx): Promise<void> {
    if (!this.opts.dir) return;
    try {
      await mkdir(this.opts.dir, { recursive: true });
      const target = path.join(this.opts.dir, `${key}.json`);
      const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, JSON.stringify(compiled));
      await rename(tmp, target);
    } catch {
      // a read-only disk only costs a recompile next process
    }
  }
}
