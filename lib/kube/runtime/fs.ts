/**
 * Container filesystems: a small in-memory tree per container (the writable layer over the
 * image's few interesting files) with mounts (emptyDir volumes shared by a pod's containers).
 */
import type { FileSystem } from "./shell/types";

const norm = (p: string) => {
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
};

export class MemFs implements FileSystem {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(["/"]);
  private readonly mtimes = new Map<string, number>();
  /** the clock stamping modification times (the runtime sets the cluster clock) */
  now: () => number = () => 0;

  constructor(seed: Record<string, string> = {}, dirs: string[] = []) {
    this.seed(seed, dirs);
  }
  /** adds directories and files (stamped with `now`) */
  seed(files: Record<string, string>, dirs: string[] = []): void {
    for (const d of dirs) this.mkdir(d);
    for (const [p, c] of Object.entries(files)) this.write(p, c);
  }
  read(path: string): string | undefined {
    return this.files.get(norm(path));
  }
  write(path: string, content: string, append = false): void {
    const p = norm(path);
    this.mkdir(p.slice(0, p.lastIndexOf("/")) || "/");
    this.files.set(p, append ? (this.files.get(p) ?? "") + content : content);
    this.mtimes.set(p, this.now());
  }
  stat(path: string) {
    const p = norm(path);
    const f = this.files.get(p);
    if (f !== undefined) return { size: Buffer.byteLength(f), mtime: this.mtimes.get(p) ?? 0, dir: false };
    return this.dirs.has(p) ? { size: 4096, mtime: this.mtimes.get(p) ?? 0, dir: true } : undefined;
  }
  remove(path: string): boolean {
    const p = norm(path);
    if (this.files.delete(p)) return true;
    if (p !== "/" && this.dirs.has(p)) {
      for (const f of [...this.files.keys()]) if (f.startsWith(p + "/")) this.files.delete(f);
      for (const d of [...this.dirs]) if (d === p || d.startsWith(p + "/")) this.dirs.delete(d);
      return true;
    }
    return false;
  }
  exists(path: string): boolean {
    const p = norm(path);
    return this.files.has(p) || this.dirs.has(p);
  }
  isDir(path: string): boolean {
    return this.dirs.has(norm(path));
  }
  mkdir(path: string): void {
    let p = norm(path);
    while (!this.dirs.has(p)) {
      this.dirs.add(p);
      this.mtimes.set(p, this.now());
      p = p.slice(0, p.lastIndexOf("/")) || "/";
    }
  }
  list(dir: string): string[] {
    const d = norm(dir);
    const prefix = d === "/" ? "/" : d + "/";
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix) && p !== d) names.add(p.slice(prefix.length).split("/")[0]!);
    }
    return [...names].sort();
  }
}

/** a root filesystem with other filesystems mounted at paths (longest prefix wins) */
export class MountedFs implements FileSystem {
  constructor(
    private readonly root: FileSystem,
    private readonly mounts: { path: string; fs: FileSystem; readOnly?: boolean }[],
  ) {
    for (const m of mounts) root.mkdir(m.path);
  }
  private route(path: string): { fs: FileSystem; rel: string; readOnly: boolean } {
    const p = norm(path);
    let best: { path: string; fs: FileSystem; readOnly?: boolean } | undefined;
    for (const m of this.mounts) {
      const mp = norm(m.path);
      if ((p === mp || p.startsWith(mp + "/")) && (!best || mp.length > norm(best.path).length)) best = m;
    }
    if (!best) return { fs: this.root, rel: p, readOnly: false };
    return { fs: best.fs, rel: p.slice(norm(best.path).length) || "/", readOnly: !!best.readOnly };
  }
  read(path: string) {
    const r = this.route(path);
    return r.fs.read(r.rel);
  }
  write(path: string, content: string, append?: boolean) {
    const r = this.route(path);
    if (!r.readOnly) r.fs.write(r.rel, content, append);
  }
  remove(path: string) {
    const r = this.route(path);
    return !r.readOnly && r.fs.remove(r.rel);
  }
  exists(path: string) {
    const r = this.route(path);
    return r.fs.exists(r.rel);
  }
  isDir(path: string) {
    const r = this.route(path);
    return r.fs.isDir(r.rel);
  }
  mkdir(path: string) {
    const r = this.route(path);
    r.fs.mkdir(r.rel);
  }
  list(dir: string) {
    const r = this.route(dir);
    return r.fs.list(r.rel);
  }
  stat(path: string) {
    const r = this.route(path);
    return r.fs.stat?.(r.rel);
  }
  writable(path: string) {
    return !this.route(path).readOnly;
  }
}

/** a process's view of a filesystem: relative paths resolve against its working directory */
export class CwdFs implements FileSystem {
  constructor(
    private readonly inner: FileSystem,
    private readonly cwd: () => string,
  ) {}
  /** the absolute, normalized form of `path` */
  resolve(path: string): string {
    return norm(path.startsWith("/") ? path : `${this.cwd()}/${path}`);
  }
  read(path: string) {
    return this.inner.read(this.resolve(path));
  }
  write(path: string, content: string, append?: boolean) {
    this.inner.write(this.resolve(path), content, append);
  }
  remove(path: string) {
    return this.inner.remove(this.resolve(path));
  }
  exists(path: string) {
    return this.inner.exists(this.resolve(path));
  }
  isDir(path: string) {
    return this.inner.isDir(this.resolve(path));
  }
  mkdir(path: string) {
    this.inner.mkdir(this.resolve(path));
  }
  list(dir: string) {
    return this.inner.list(this.resolve(dir));
  }
  stat(path: string) {
    return this.inner.stat?.(this.resolve(path));
  }
  writable(path: string) {
    return this.inner.writable?.(this.resolve(path)) ?? true;
  }
}
