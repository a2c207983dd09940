/**
 * GitHub sign-in → our User. A returning GitHub account maps through OAuthAccount. A new one creates
 * a learner — unless a user with the same email already exists: we do not link by email (GitHub
 * emails are not proof of owning our account), so that sign-in is refused (returns null).
 */
import type { Db } from "../db/client";
import { normalizeEmail } from "./users";

export async function linkGitHubAccount(
  db: Db,
  input: { providerAccountId: string; email: string | null; name: string | null },
): Promise<{ userId: string } | null> {
  const where = { provider_providerAccountId: { provider: "github", providerAccountId: input.providerAccountId } };
  const existing = await db.oAuthAccount.findUnique({ where });
  if (existing) return { userId: existing.userId };
  const email = normalizeEmail(input.email ?? `${input.providerAccountId}@users.noreply.github.com`);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) return null;
  const user = await db.user.create({
    data: { email, name: input.name, accounts: { create: { provider: "github", providerAccountId: input.providerAccountId } } },
  });
  return { userId: user.id };
}
