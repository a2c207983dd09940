/**
 * Authorization for route handlers: JSON 401/403 responses instead of redirects.
 *   const auth = await apiUser(request, "instructor"); if (auth instanceof Response) return auth;
 */
import { readSession } from "./server";
import { AuthzError, assertRole, type Role, type SessionUser } from "./roles";

export type SessionReader = (headers: Headers) => Promise<SessionUser | null>;

export function authzResponse(error: AuthzError): Response {
  return Response.json({ error: error.status === 401 ? "unauthorized" : "forbidden", message: error.message }, { status: error.status });
}

/** The user (with at least `role`) or the 401/403 Response to return. */
export async function apiUser(request: Request, role: Role = "learner", read: SessionReader = readSession): Promise<SessionUser | Response> {
  try {
    return assertRole(await read(request.headers), role);
  } catch (e) {
    if (e instanceof AuthzError) return authzResponse(e);
    throw e;
  }
}

/** Rejects cross-site state-changing requests (the Origin, when sent, must match the Host). */
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
