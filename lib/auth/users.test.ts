import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../db/test-db";
import { MemoryRateLimitStore, RateLimiter } from "./rate-limit";
import { EmailTakenError, authenticate, createUser } from "./users";

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(async () => {
  await t.cleanup();
});

const rules = {
  email: { limit: 3, windowMs: 60_000, blockMs: 120_000 },
  ip: { limit: 100, windowMs: 60_000, blockMs: 60_000 },
};

describe("accounts", () => {
  it("creates a learner with a hashed password and refuses a duplicate email", async () => {
    const user = await createUser(t.db, { email: "  Ada@Example.com ", password: "lovelace-1815", name: "Ada" });
    expect(user).toMatchObject({ email: "ada@example.com", role: "learner", name: "Ada" });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.passwordHash).not.toContain("lovelace");
    await expect(createUser(t.db, { email: "ada@example.com", password: "another-pass" })).rejects.toBeInstanceOf(EmailTakenError);
    await expect(createUser(t.db, { email: "not-an-email", password: "long-enough" })).rejects.toThrow(/valid email/);
    await expect(createUser(t.db, { email: "x@example.com", password: "short" })).rejects.toThrow(/at least 8/);
  });

  it("authenticates, gives one answer for unknown email and wrong password, then throttles", async () => {
    let now = 0;
    const limiter = new RateLimiter(new MemoryRateLimitStore(), rules, () => now);
    await createUser(t.db, { email: "grace@example.com", password: "hopper-1906" });
    const ok = await authenticate(t.db, limiter, { email: "GRACE@example.com", password: "hopper-1906", ip: "1.2.3.4" });
    expect(ok).toMatchObject({ ok: true, user: { email: "grace@example.com", role: "learner" } });
    expect(await authenticate(t.db, limiter, { email: "nobody@example.com", password: "hopper-1906", ip: "1.2.3.4" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await authenticate(t.db, limiter, { email: "grace@example.com", password: "wrong", ip: "1.2.3.4" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    await authenticate(t.db, limiter, { email: "grace@example.com", password: "wrong", ip: "1.2.3.4" });
    expect(await authenticate(t.db, limiter, { email: "grace@example.com", password: "wrong", ip: "1.2.3.4" })).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterMinutes: 2,
    });
    // even the right password is refused while blocked
    expect(await authenticate(t.db, limiter, { email: "grace@example.com", password: "hopper-1906", ip: "1.2.3.4" })).toMatchObject({
      reason: "rate_limited",
    });
    now += 120_000;
    expect(await authenticate(t.db, limiter, { email: "grace@example.com", password: "hopper-1906", ip: "1.2.3.4" })).toMatchObject({ ok: true });
  });
});
