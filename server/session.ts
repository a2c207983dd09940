/**
 * Browser authentication for custom server routes (terminal, editor, live view, sandboxes):
 * the Auth.js session cookie, read through lib/auth, and the ownership check on sandboxes.
 */
import type { IncomingMessage } from "node:http";
import { readSession, sameOrigin, type SessionUser } from "../lib/auth/index";
import type { SandboxHandle } from "../lib/sandbox/index";
import { sandboxManager } from "./sandboxes";

/** The request's headers as a fetch Headers object. */
export function requestHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) h.append(name, v);
    else h.set(name, value);
  }
  return h;
}

/** The signed-in user of a request (session cookie), or null. */
export async function sessionUser(req: IncomingMessage): Promise<SessionUser | null> {
  return readSession(requestHeaders(req));
}

/** false for a cross-site request (its Origin, when sent, must be this host): refuse state changes then. */
export function isSameOrigin(req: IncomingMessage): boolean {
  return sameOrigin({ headers: requestHeaders(req) } as Request);
}

/**
 * The live sandbox `id` (restored if it was hibernated) when it belongs to the session user;
 * null otherwise — not signed in, unknown sandbox, or someone else's (callers answer 404 for
 * both of the latter, so a sandbox's existence is not revealed).
 */
export async function resolveSandbox(req: IncomingMessage, id: string): Promise<{ user: SessionUser; sandbox: SandboxHandle } | null> {
  const user = await sessionUser(req);
  if (!user) return null;
  const manager = sandboxManager();
  const owner = await manager.owner(id);
  if (!owner || owner.userId !== user.id) return null;
  const sandbox = await manager.get(id);
  return sandbox ? { user, sandbox } : null;
}
