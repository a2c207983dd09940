/**
 * Session helpers for server components and server actions (App Router). Per-request cached.
 *  - getSession(): the user or null
 *  - requireUser(): the user, else redirect to /signin?callbackUrl=<this page>
 *  - requireRole(role): the user with that role, else redirect (anonymous) or a real 403 (forbidden()).
 */
import { cache } from "react";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { readSession } from "./server";
import { REQUEST_URL_HEADER } from "./headers";
import { AuthzError, assertRole, type Role, type SessionUser } from "./roles";


export const getSession = cache(async (): Promise<SessionUser | null> => readSession(await headers()));

async function signInRedirect(): Promise<never> {
  const h = await headers();
  const here = h.get(REQUEST_URL_HEADER) ?? "/";
  redirect(`/signin?callbackUrl=${encodeURIComponent(here.startsWith("/") ? here : "/")}`);
}

export async function requireUser(): Promise<SessionUser> {
  const user = await getSession();
  return user ?? signInRedirect();
}

export async function requireRole(role: Role): Promise<SessionUser> {
  try {
    return assertRole(await getSession(), role);
  } catch (e) {
    if (!(e instanceof AuthzError)) throw e;
    if (e.status === 401) return signInRedirect();
    forbidden();
  }
}
