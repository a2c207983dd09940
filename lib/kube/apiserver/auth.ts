/**
 * Authentication (bearer token, compared in constant time) and authorization (the stage is
 * kept; the cluster admin may do everything, as kubeadm's admin.conf user may).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { CLUSTER_ADMIN, type UserInfo } from "./types";

/** Paths anyone may read (kubeadm's system:public-info-viewer role). */
const PUBLIC_PATHS = new Set(["/version", "/healthz", "/livez", "/readyz"]);

export function isPublicPath(path: string): boolean {
  const p = path.replace(/\/+$/, "") || "/";
  return PUBLIC_PATHS.has(p) || /^\/(healthz|livez|readyz)\//.test(p);
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

export class TokenAuthenticator {
  private readonly expected: Buffer;
  constructor(token: string) {
    if (!token) throw new Error("the API server needs a bearer token");
    this.expected = digest(token);
  }

  /** the user a token belongs to, or undefined (hashing first makes the comparison length-independent) */
  authenticateToken(token: string): UserInfo | undefined {
    return timingSafeEqual(digest(token), this.expected) ? CLUSTER_ADMIN : undefined;
  }

  /** the request's user, or undefined when there is no valid `Authorization: Bearer` header */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const h = req.headers.authorization;
    if (!h) return undefined;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) return undefined;
    return this.authenticateToken(m[1]!);
  }
}

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  path?: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

/** The authorizer: members of the cluster-admin groups may do anything. */
export function authorize(attrs: AuthorizationAttributes): Decision {
  const admin = attrs.user.groups.includes("system:masters") || attrs.user.groups.includes("kubeadm:cluster-admins");
  return admin ? { allowed: true, reason: "" } : { allowed: false, reason: "no RBAC policy matched" };
}
