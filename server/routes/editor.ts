/**
 * The editor's server side:
 *
 *   GET    /api/sandboxes/<id>/files                 → { files: [{ name, size, modified }] }
 *   GET    /api/sandboxes/<id>/files/<name>          → { name, content }
 *   PUT    /api/sandboxes/<id>/files/<name>  {content} → { name, size, modified }
 *   PATCH  /api/sandboxes/<id>/files/<name>  {name}  → rename → { name, size, modified }
 *   DELETE /api/sandboxes/<id>/files/<name>          → 204
 *   POST   /api/sandboxes/<id>/apply  {yaml, filename?} → ApplyResult (200 even when a document fails)
 *
 * Every request is resolved to the learner's sandbox first (404 when it is not theirs); writes
 * need a same-origin browser request with a JSON body (CSRF); bodies and files are bounded.
 * The schema route (editor-schema.ts) is separate and public.
 */
import { mkdir } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { Route } from "../http";
import { applyManifests } from "./editor-apply";
import {
  DEFAULT_WORKSPACE_LIMITS,
  checkName,
  deleteFile,
  listFiles,
  readFile,
  renameFile,
  writeFile,
  type WorkspaceLimits,
} from "./editor-files";
import { HttpError, assertSameOrigin, readJson, sandboxPath, sendError, sendJson, type SandboxResolver } from "./editor-http";

export { schemaRoute, SCHEMA_PATH } from "./editor-schema";
export type { SandboxResolver, ResolvedSandbox } from "./editor-http";
export type { ApplyItem, ApplyResult } from "./editor-apply";
export type { WorkspaceFile, WorkspaceLimits } from "./editor-files";

export interface EditorRouteOptions {
  resolve: SandboxResolver;
  limits?: Partial<WorkspaceLimits>;
  /** max bytes of an apply request body (default 512 KiB) */
  maxApplyBytes?: number;
}

const PutBody = z.object({ content: z.string() });
const RenameBody = z.object({ name: z.string() });
const ApplyBody = z.object({ yaml: z.string(), filename: z.string().optional() });

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new HttpError(400, "bad_request", r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return r.data;
}

function methodNotAllowed(allow: string): HttpError {
  return new HttpError(405, "method_not_allowed", `allowed: ${allow}`);
}

/** Workspace files and Apply for the sandbox editor. */
export function editorRoute(opts: EditorRouteOptions): Route {
  const limits: WorkspaceLimits = { ...DEFAULT_WORKSPACE_LIMITS, ...opts.limits };
  const maxApply = opts.maxApplyBytes ?? 512 * 1024;
  // a JSON-encoded file may double in size (escapes); leave room for the envelope
  const maxPut = limits.maxFileBytes * 2 + 1024;

  const matchPath = (pathname: string) => {
    const p = sandboxPath(pathname);
    if (!p) return null;
    if (p.rest === "files" || p.rest === "apply") return { id: p.id, what: p.rest, name: undefined };
    const m = /^files\/([^/]+)$/.exec(p.rest);
    if (!m) return null;
    let name: string;
    try {
      name = decodeURIComponent(m[1]!);
    } catch {
      name = "\0";
    }
    return { id: p.id, what: "file" as const, name };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const m = matchPath(pathname);
    if (!m) throw new HttpError(404, "not_found", "not found");
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") assertSameOrigin(req);
    const sandbox = await opts.resolve(req, m.id);
    if (!sandbox) throw new HttpError(404, "not_found", "sandbox not found");
    const dir = sandbox.workspaceDir;
    // the workspace is created on first use; the editor may be that first use
    if (m.what !== "apply") await mkdir(dir, { recursive: true, mode: 0o700 });

    if (m.what === "files") {
      if (method !== "GET") throw methodNotAllowed("GET");
      sendJson(res, 200, { files: await listFiles(dir), limits });
      return;
    }
    if (m.what === "apply") {
      if (method !== "POST") throw methodNotAllowed("POST");
      const body = parse(ApplyBody, await readJson(req, maxApply));
      const filename = body.filename ? checkName(body.filename) : "editor.yaml";
      sendJson(res, 200, await applyManifests(sandbox.client, body.yaml, filename));
      return;
    }
    const name = checkName(m.name ?? "");
    switch (method) {
      case "GET":
        sendJson(res, 200, { name, content: await readFile(dir, name, limits) });
        return;
      case "PUT": {
        const body = parse(PutBody, await readJson(req, maxPut));
        sendJson(res, 200, await writeFile(dir, name, body.content, limits));
        return;
      }
      case "PATCH": {
        const body = parse(RenameBody, await readJson(req, 4096));
        sendJson(res, 200, await renameFile(dir, name, body.name));
        return;
      }
      case "DELETE":
        await deleteFile(dir, name);
        res.writeHead(204, { "cache-control": "no-store" });
        res.end();
        return;
      default:
        throw methodNotAllowed("GET, PUT, PATCH, DELETE");
    }
  }

  return {
    name: "editor",
    matches: (pathname) => matchPath(pathname) !== null,
    async handle(req, res) {
      try {
        await handle(req, res);
      } catch (e) {
        if (!res.headersSent) sendError(res, e);
        else res.destroy();
      }
    },
  };
}
