/**
 * Roles and authorization errors. Pure (no Next, no DB): pages map AuthzError to redirect()/forbidden(),
 * route handlers map it to a 401/403 JSON response (see api.ts).
 * Roles are ordered: admin ⊇ instructor ⊇ learner.
 */
export const ROLES = ["learner", "instructor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

const RANK: Record<Role, number> = { learner: 0, instructor: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Unknown role strings (e.g. edited by hand in the DB) count as learner. */
export function toRole(value: unknown): Role {
  return isRole(value) ? value : "learner";
}

export function hasRole(user: Pick<SessionUser, "role"> | null | undefined, role: Role): boolean {
  return !!user && RANK[user.role] >= RANK[role];
}

/** 401: nobody is signed in; 403: signed in without the needed role. */
export class AuthzError extends Error {
  override name = "AuthzError";
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the user when it has `role`; throws AuthzError(401) without a user, AuthzError(403) without the role. */
export function assertRole(user: SessionUser | null | undefined, role: Role): SessionUser {
  if (!user) throw new AuthzError(401, "Sign in to continue.");
  if (!hasRole(user, role)) throw new AuthzError(403, `This page is for ${role}s only.`);
  return user;
}
