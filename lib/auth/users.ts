/**
 * Accounts: sign-up and password authentication (with throttling). The DB and limiter are passed in,
 * so this module is testable without Next. Bad credentials always produce the same outcome ("invalid")
 * whether the email exists or not, and take about the same time.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";
import { minutesUntil, type RateLimiter } from "./rate-limit";
import { toRole, type Role, type SessionUser } from "./roles";

export { BAD_CREDENTIALS_MESSAGE, tooManyAttemptsMessage } from "./messages";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const signUpSchema = z.object({
  name: z.string().trim().max(100, { error: "Name is too long (100 characters at most)." }).optional(),
  email: z.string().trim().max(254).pipe(z.email({ error: "Enter a valid email address." })),
  password: z
    .string()
    .min(8, { error: "Use at least 8 characters for the password." })
    .max(200, { error: "Use at most 200 characters for the password." }),
});
export type SignUpInput = z.input<typeof signUpSchema>;

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
  constructor() {
    super("An account with this email already exists. Sign in instead.");
  }
}

export function toSessionUser(row: { id: string; email: string; name: string | null; role: string }): SessionUser {
  return { id: row.id, email: row.email, name: row.name, role: toRole(row.role) };
}

/** Creates a password account (role learner unless given). Throws EmailTakenError, ZodError. */
export async function createUser(db: Db, input: SignUpInput, role: Role = "learner"): Promise<SessionUser> {
  const data = signUpSchema.parse(input);
  const email = normalizeEmail(data.email);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw new EmailTakenError();
  const passwordHash = await hashPassword(data.password);
  try {
    const user = await db.user.create({ data: { email, name: data.name || null, passwordHash, role } });
    return toSessionUser(user);
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new EmailTakenError();
    throw e;
  }
}

export type AuthResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMinutes: number };

export function rateLimitKeys(email: string, ip: string | null): string[] {
  return [`email:${normalizeEmail(email)}`, ...(ip ? [`ip:${ip}`] : [])];
}

/** Checks email + password under the limiter. Success clears the email's failure count. */
export async function authenticate(
  db: Db,
  limiter: RateLimiter,
  input: { email: string; password: string; ip: string | null },
): Promise<AuthResult> {
  const keys = rateLimitKeys(input.email, input.ip);
  const gate = await limiter.check(keys);
  if (!gate.allowed) return { ok: false, reason: "rate_limited", retryAfterMinutes: minutesUntil(gate.retryAfterMs) };

  const email = normalizeEmail(input.email);
  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  const ok = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  if (!ok || !user) {
    const after = await limiter.hit(keys);
    if (!after.allowed) return { ok: false, reason: "rate_limited", retryAfterMinutes: minutesUntil(after.retryAfterMs) };
    return { ok: false, reason: "invalid" };
  }
  await limiter.reset(keys[0]!);
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  }
  return { ok: true, user: toSessionUser(user) };
}
