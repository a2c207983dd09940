/**
 * Confinement of paths to the learner's workspace. A path from the terminal is accepted only when it
 * is relative, has no `..` segment, is not a URL, and — following symlinks (realpath) — stays inside
 * the workspace. Directories (kubectl reads every file in `-f dir`, `-k dir`, `--from-file=dir`)
 * are walked and refused if any entry inside links out.
 *
 * Guarantees: never throws for a bad path (returns a refusal); the returned `abs` is inside the
 * workspace's realpath at the time of the check.
 */
import { lstatSync, readdirSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

export type PathCheck = { ok: true; abs: string; exists: boolean; isDir: boolean } | { ok: false; message: string };

/** most entries walked inside a directory argument */
const MAX_WALK = 2000;

export function looksLikeUrl(p: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(p);
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function realRoot(workspaceDir: string): string {
  try {
    return realpathSync(workspaceDir);
  } catch {
    return resolve(workspaceDir);
  }
}

/**
 * Checks one user-supplied path; `what` names it in messages (e.g. "-f"). With `walk` (default), a
 * directory is refused when anything inside it links out (kubectl would read through those links).
 */
export function checkWorkspacePath(workspaceDir: string, userPath: string, what = "path", walk = true): PathCheck {
  if (userPath === "") return { ok: false, message: `${what}: empty path` };
  if (userPath === "-")
    return {
      ok: false,
      message: `${what}: reading from standard input (-) isn't supported here; save the YAML in your workspace (editor) and use its file name`,
    };
  if (looksLikeUrl(userPath))
    return { ok: false, message: `${what}: URLs aren't allowed here (${userPath}); use a file from your workspace` };
  if (userPath.includes("\0")) return { ok: false, message: `${what}: invalid path` };
  if (isAbsolute(userPath))
    return {
      ok: false,
      message: `${what}: absolute paths aren't allowed here (${userPath}); paths are relative to your workspace, e.g. deployment.yaml`,
    };
  if (userPath.split(/[\\/]/).includes(".."))
    return { ok: false, message: `${what}: \`..\` isn't allowed here (${userPath}); files must be inside your workspace` };
  const root = realRoot(workspaceDir);
  const abs = resolve(root, userPath);
  if (!inside(root, abs)) return { ok: false, message: `${what}: ${userPath} is outside your workspace` };
  // the nearest existing ancestor (or the path itself) must resolve inside the workspace
  let probe = abs;
  for (;;) {
    let real: string | undefined;
    try {
      real = realpathSync(probe);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") return { ok: false, message: `${what}: ${userPath} can't be read` };
      try {
        // a dangling symlink: refuse (it may point anywhere once its target appears)
        if (lstatSync(probe).isSymbolicLink())
          return { ok: false, message: `${what}: ${userPath} is a link that points outside your workspace` };
      } catch {
        /* does not exist */
      }
    }
    if (real !== undefined) {
      if (!inside(root, real)) return { ok: false, message: `${what}: ${userPath} is a link that points outside your workspace` };
      break;
    }
    if (probe === root) break;
    probe = resolve(probe, "..");
  }
  let exists = false;
  let isDir = false;
  try {
    const st = lstatSync(realpathSync(abs));
    exists = true;
    isDir = st.isDirectory();
  } catch {
    /* missing: kubectl or the builtin reports it */
  }
  if (isDir && walk) {
    const walked = walkInside(root, realpathSync(abs));
    if (walked) return { ok: false, message: `${what}: ${userPath} contains ${walked}` };
  }
  return { ok: true, abs, exists, isDir };
}

/** returns a description of the first problem found inside `dir`, or undefined */
function walkInside(root: string, dir: string): string | undefined {
  const stack = [dir];
  let seen = 0;
  while (stack.length > 0) {
    const d = stack.pop()!;
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_WALK) return `too many files (more than ${MAX_WALK})`;
      const p = join(d, e.name);
      if (e.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(p);
        } catch {
          return `a broken link (${relative(root, p)})`;
        }
        if (!inside(root, real)) return `a link that points outside your workspace (${relative(root, p)})`;
        continue; // a link inside is read through its target, which is walked on its own
      }
      if (e.isDirectory()) stack.push(p);
    }
  }
  return undefined;
}
