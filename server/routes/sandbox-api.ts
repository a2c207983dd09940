/**
 * Each sandbox's Kubernetes API at `/k8s/<sandboxId>/…`, over HTTPS on the platform's port (or
 * plain HTTP from a trusted TLS-terminating proxy that says `X-Forwarded-Proto: https`).
 *
 * Guarantees: a request reaches a cluster only with that sandbox's own token (the learner's, or
 * the server's internal one); unknown sandbox → 404 Status, wrong or missing token → 401 Status,
 * both before any cluster is restored or touched, so nothing of a sandbox is revealed to a token
 * of another. Errors are Kubernetes Status objects, as kube-apiserver writes them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors, type StatusError } from "../../lib/kube/api/errors";
import { writeError } from "../../lib/kube/apiserver/responses";
import { bearerToken, type SandboxManager } from "../../lib/sandbox/index";
import type { Route } from "../http";
import { isTls } from "../tls";

const PATH = /^\/k8s\/([0-9a-f]{32})(?:\/|$)/;
const ANY = /^\/k8s(?:\/|$)/;

export interface SandboxApiOptions {
  manager: () => SandboxManager;
  /** accept plain HTTP when a trusted proxy terminated TLS (X-Forwarded-Proto: https) */
  trustProxy: boolean;
}

const NOT_FOUND_BODY = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "the server could not find the requested resource",
  reason: "NotFound",
  details: {},
  code: 404,
};

function writeNotFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(NOT_FOUND_BODY));
}

function secure(req: IncomingMessage, trustProxy: boolean): boolean {
  return isTls(req) || (trustProxy && req.headers["x-forwarded-proto"] === "https");
}

type Verdict = { ok: true; id: string } | { ok: false; status: 400 | 401 | 404; error?: StatusError };

async function check(req: IncomingMessage, opts: SandboxApiOptions): Promise<Verdict> {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  const m = PATH.exec(pathname);
  if (!m) return { ok: false, status: 404 };
  if (!secure(req, opts.trustProxy)) {
    // kubectl never sends a token over http:// — say so instead of a puzzling 401
    return { ok: false, status: 400, error: errors.badRequest("the sandbox API is served over HTTPS only: use https:// in your kubeconfig") };
  }
  const id = m[1]!;
  const verdict = await opts.manager().authenticate(id, bearerToken(req.headers.authorization));
  if (verdict === "not-found") return { ok: false, status: 404 };
  if (verdict === "unauthorized") return { ok: false, status: 401, error: errors.unauthorized() };
  return { ok: true, id };
}

export function sandboxApiRoute(opts: SandboxApiOptions): Route {
  return {
    name: "sandbox-api",
    matches: (pathname) => ANY.test(pathname),
    async handle(req, res) {
      const v = await check(req, opts);
      if (!v.ok) {
        if (v.status === 404) writeNotFound(res);
        else writeError(res, v.error ?? errors.unauthorized());
        return;
      }
      await opts.manager().serve(v.id, req, res);
    },
    upgrade(req, socket, head) {
      check(req, opts).then(
        async (v) => {
          if (v.ok) return opts.manager().serveUpgrade(v.id, req, socket, head);
          const text = v.status === 404 ? "Not Found" : v.status === 401 ? "Unauthorized" : "Bad Request";
          socket.end(`HTTP/1.1 ${v.status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        },
        (err: unknown) => {
          console.error("[sandbox-api] upgrade failed:", err);
          socket.destroy();
        },
      );
    },
  };
}
