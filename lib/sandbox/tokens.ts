/**
 * Bearer tokens: 32 random bytes, base64url; only their sha256 (hex) is stored. Comparison is in
 * constant time over the digests, so it does not depend on where two tokens first differ.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A sandbox id: 16 random bytes, lowercase hex (safe in paths, hostnames and file names). */
export function newSandboxId(): string {
  return randomBytes(16).toString("hex");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** true when `token` hashes to `hash` (hex sha256) */
export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** the token of an `Authorization: Bearer <token>` header, or undefined */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const h = Array.isArray(header) ? header[0] : header;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}
