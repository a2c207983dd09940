/**
 * Browser side of @auth/core: sign in with the Credentials provider, sign out. Uses the
 * X-Auth-Return-Redirect header so @auth/core answers JSON {url} instead of redirecting; errors come
 * back as ?error=…&code=… on that url.
 */
import { signInErrorMessage } from "@/lib/auth/messages";

async function csrfToken(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { cache: "no-store" });
  const body = (await res.json()) as { csrfToken?: string };
  if (!body.csrfToken) throw new Error("no CSRF token");
  return body.csrfToken;
}

async function post(path: string, fields: Record<string, string>): Promise<URL> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken() }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return new URL(body.url ?? "/signin?error=Configuration", window.location.origin);
}

export type SignInOutcome = { ok: true } | { ok: false; message: string };

export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<SignInOutcome> {
  try {
    const url = await post("/api/auth/callback/credentials", { email, password, callbackUrl });
    const message = signInErrorMessage(url.searchParams.get("error"), url.searchParams.get("code"));
    return message ? { ok: false, message } : { ok: true };
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again." };
  }
}

export async function signOut(): Promise<void> {
  await post("/api/auth/signout", { callbackUrl: "/" });
}
