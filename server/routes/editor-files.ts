/**
 * The learner's workspace files, confined to one flat directory: names are checked against a
 * small charset (no `/`, no `..`, no leading dot, so nothing absolute, nested or hidden), files
 * are opened with O_NOFOLLOW (a symlink planted in the workspace is never followed, whatever it
 * points to), only regular files count, and sizes and counts are bounded.
 */
import { constants } from "node:fs";
import { lstat, open, readdir, rename, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { HttpError } from "./editor-http";

export interface WorkspaceLimits {
  /** bytes per file (default 256 KiB) */
  maxFileBytes: number;
  /** files per workspace (default 100) */
  maxFiles: number;
}

export const DEFAULT_WORKSPACE_LIMITS: WorkspaceLimits = { maxFileBytes: 256 * 1024, maxFiles: 100 };

export interface WorkspaceFile {
  name: string;
  size: number;
  /** ms since epoch */
  modified: number;
}

/** `web.yaml`, `my-app_v2.yml`, `notes.txt`: starts with a letter or digit, at most 100 chars */
export const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkName(name: string): string {
  if (!FILE_NAME.test(name) || name.includes("..")) {
    throw new HttpError(400, "bad_name", "file names use letters, digits, '.', '-' and '_' (no folders), and start with a letter or digit");
  }
  return name;
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/** Regular files of the workspace (symlinks and folders are not listed), sorted by name. */
export async function listFiles(dir: string): Promise<WorkspaceFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: WorkspaceFile[] = [];
  for (const e of entries) {
    if (!e.isFile() || !FILE_NAME.test(e.name)) continue;
    const st = await lstat(join(dir, e.name)).catch(() => undefined);
    if (st?.isFile()) out.push({ name: e.name, size: st.size, modified: st.mtimeMs });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function readFile(dir: string, name: string, limits: WorkspaceLimits): Promise<string> {
  const path = join(dir, checkName(name));
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new HttpError(404, "not_found", `file "${name}" not found`);
    if (code === "ELOOP") throw new HttpError(403, "symlink", `"${name}" is a symbolic link`);
    throw e;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new HttpError(403, "not_a_file", `"${name}" is not a regular file`);
    if (st.size > limits.maxFileBytes) throw new HttpError(413, "too_large", `"${name}" is larger than ${limits.maxFileBytes} bytes`);
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await fh.read(buf, 0, st.size, 0);
    return buf.subarray(0, bytesRead).toString("utf8");
  } finally {
    await fh.close();
  }
}

/** Creates or replaces a file atomically (temp file + rename; a symlink at `name` is replaced, not followed). */
export async function writeFile(dir: string, name: string, content: string, limits: WorkspaceLimits): Promise<WorkspaceFile> {
  const path = join(dir, checkName(name));
  const bytes = Buffer.from(content, "utf8");
  if (bytes.length > limits.maxFileBytes) throw new HttpError(413, "too_large", `files are limited to ${limits.maxFileBytes} bytes`);
  const existing = await lstat(path).catch((e: unknown) => {
    if (isMissing(e)) return undefined;
    throw e;
  });
  if (existing?.isDirectory()) throw new HttpError(409, "not_a_file", `"${name}" is a folder`);
  if (!existing) {
    const count = (await listFiles(dir)).length;
    if (count >= limits.maxFiles) throw new HttpError(409, "too_many_files", `a workspace holds at most ${limits.maxFiles} files`);
  }
  const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    await fh.writeFile(bytes);
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const st = await lstat(path);
  return { name, size: st.size, modified: st.mtimeMs };
}

export async function deleteFile(dir: string, name: string): Promise<void> {
  const path = join(dir, checkName(name));
  const st = await lstat(path).catch((e: unknown) => {
    if (isMissing(e)) throw new HttpError(404, "not_found", `file "${name}" not found`);
    throw e;
  });
  if (st.isDirectory()) throw new HttpError(409, "not_a_file", `"${name}" is a folder`);
  await unlink(path); // a symlink is removed itself, its target untouched
}

export async function renameFile(dir: string, from: string, to: string): Promise<WorkspaceFile> {
  const src = join(dir, checkName(from));
  const dst = join(dir, checkName(to));
  const st = await lstat(src).catch((e: unknown) => {
    if (isMissing(e)) throw new HttpError(404, "not_found", `file "${from}" not found`);
    throw e;
  });
  if (!st.isFile()) throw new HttpError(403, "not_a_file", `"${from}" is not a regular file`);
  if (from === to) return { name: to, size: st.size, modified: st.mtimeMs };
  const taken = await lstat(dst).then(
    () => true,
    (e: unknown) => {
      if (isMissing(e)) return false;
      throw e;
    },
  );
  if (taken) throw new HttpError(409, "exists", `file "${to}" already exists`);
  await rename(src, dst);
  const after = await lstat(dst);
  return { name: to, size: after.size, modified: after.mtimeMs };
}
