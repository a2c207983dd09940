/**
 * Process-wide auth wiring: the @auth/core config built from the validated env, the shared DB and a
 * DB-backed rate limiter. `handleAuth` is the /api/auth/* handler; `readSession` reads the session of
 * any Request (cookies + forwarded headers) and re-reads the user from the DB.
 */
import { Auth, type AuthConfig } from "@auth/core";
import { getDb } from "../db";
import { getEnv } from "../env";
import { buildAuthConfig } from "./config";
import { AUTH_RATE_LIMITS, RateLimiter } from "./rate-limit";
import { PrismaRateLimitStore } from "./rate-limit-store";
import type { SessionUser } from "./roles";
import { resolveAuthSecret } from "./secret";
import { toSessionUser } from "./users";

const g = globalThis as unknown as { __kubelabAuth?: { config: AuthConfig; limiter: RateLimiter } };

function auth() {
  if (!g.__kubelabAuth) {
    const env = getEnv();
    const db = getDb();
    const limiter = new RateLimiter(new PrismaRateLimitStore(db), AUTH_RATE_LIMITS);
    const { secret } = resolveAuthSecret(env);
    g.__kubelabAuth = { config: buildAuthConfig({ env, db, limiter, secret }), limiter };
  }
  return g.__kubelabAuth;
}

export function authConfig(): AuthConfig {
  return auth().config;
}

export function authLimiter(): RateLimiter {
  return auth().limiter;
}

export function handleAuth(request: Request): Promise<Response> {
  return Auth(request, authConfig());
}

/** Which OAuth providers are on (for the sign-in page). */
export function oauthProviders(): { id: string; name: string }[] {
  return getEnv().AUTH_GITHUB_ID ? [{ id: "github", name: "GitHub" }] : [];
}

const FORWARDED = ["cookie", "x-forwarded-proto", "x-forwarded-host", "host"];

/** The signed-in user for a request's headers, or null. */
export async function readSession(headers: Headers): Promise<SessionUser | null> {
  const host = headers.get("host") ?? "localhost";
  const proto = headers.get("x-forwarded-proto") ?? "http";
  const forwarded = new Headers();
  for (const name of FORWARDED) {
    const value = headers.get(name);
    if (value) forwarded.set(name, value);
  }
  if (!forwarded.get("cookie")) return null;
  const response = await Auth(new Request(`${proto}://${host}/api/auth/session`, { headers: forwarded }), authConfig());
  if (!response.ok) return null;
  const body = (await response.json().catch(() => null)) as { user?: { id?: string } } | null;
  const id = body?.user?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true } });
  return user ? toSessionUser(user) : null;
}
