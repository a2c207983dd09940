/**
 * Small HTTP helpers shared by the editor and live-view routes: the sandbox resolver contract,
 * JSON responses, bounded body reading and the same-origin (CSRF) check.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeClient } from "../../lib/kube/client/types";

/** What a route needs of a learner's sandbox. */
export interface ResolvedSandbox {
  sandboxId: string;
  /** absolute path of the learner's workspace directory (exists) */
  workspaceDir: string;
  /** in-process admin client of the sandbox's cluster */
  client: KubeClient;
}

/**
 * Finds the sandbox `sandboxId` for the request's signed-in learner; null when there is no such
 * sandbox or it is not theirs (the route answers 404 either way, never revealing which).
 */
export type SandboxResolver = (req: IncomingMessage, sandboxId: string) => Promise<ResolvedSandbox | null>;

/** sandbox ids in URLs: what the sandbox manager generates (letters, digits, - and _) */
export const SANDBOX_ID = /^[A-Za-z0-9_-]{1,100}$/;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (e instanceof HttpError) {
    sendJson(res, e.status, { error: e.code, message: e.message });
    return;
  }
  console.error("[editor] request failed:", e);
  sendJson(res, 500, { error: "internal", message: "Internal error" });
}

/** Reads the body, refusing more than `limit` bytes (413) without buffering the excess. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.reject(new HttpError(413, "too_large", `request body larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, "too_large", `request body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => !failed && resolve(Buffer.concat(chunks)));
    req.on("error", (e) => !failed && reject(e));
  });
}

/** A JSON request body (content-type application/json, so a cross-site form cannot send it). */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") throw new HttpError(415, "unsupported_media_type", "expected content-type application/json");
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HttpError(400, "bad_json", "request body is not valid JSON");
  }
}

/**
 * CSRF guard for state-changing requests: the browser's Origin (or, without one,
 * Sec-Fetch-Site) must say the request comes from this very site. Requests with neither header
 * are refused too — every browser that can be tricked into a cross-site request sends one.
 */
export function assertSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin) {
    const host = (req.headers["x-forwarded-host"] as string | undefined) ?? req.headers.host;
    let ok = false;
    try {
      ok = new URL(origin).host === host;
    } catch {
      ok = false;
    }
    if (!ok) throw new HttpError(403, "cross_origin", "cross-origin request refused");
    return;
  }
  const site = req.headers["sec-fetch-site"];
  if (site === "same-origin") return;
  throw new HttpError(403, "cross_origin", "request without a same-origin Origin header refused");
}

/** `/api/sandboxes/<id>/<rest>` → { id, rest } (rest without leading slash), or null */
export function sandboxPath(pathname: string): { id: string; rest: string } | null {
  const m = /^\/api\/sandboxes\/([^/]+)\/(.+)$/.exec(pathname);
  if (!m || !SANDBOX_ID.test(m[1]!)) return null;
  return { id: m[1]!, rest: m[2]! };
}
