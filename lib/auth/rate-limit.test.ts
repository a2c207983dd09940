import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRateLimitStore, RateLimiter, minutesUntil, type RateLimitStore } from "./rate-limit";
import { PrismaRateLimitStore } from "./rate-limit-store";
import { createTestDb, type TestDb } from "../db/test-db";

const RULES = {
  email: { limit: 3, windowMs: 60_000, blockMs: 5 * 60_000 },
  ip: { limit: 5, windowMs: 60_000, blockMs: 10 * 60_000 },
};

function suite(name: string, makeStore: () => RateLimitStore) {
  describe(`RateLimiter (${name})`, () => {
    let now = 1_000_000;
    const clock = () => now;

    it("allows attempts below the limit and blocks on the limit-th failure", async () => {
      const limiter = new RateLimiter(makeStore(), RULES, clock);
      const keys = ["email:a@example.com"];
      expect(await limiter.check(keys)).toEqual({ allowed: true });
      expect(await limiter.hit(keys)).toEqual({ allowed: true });
      expect(await limiter.hit(keys)).toEqual({ allowed: true });
      expect(await limiter.hit(keys)).toEqual({ allowed: false, retryAfterMs: 5 * 60_000 });
      now += 60_000;
      expect(await limiter.check(keys)).toEqual({ allowed: false, retryAfterMs: 4 * 60_000 });
      now += 4 * 60_000;
      expect(await limiter.check(keys)).toEqual({ allowed: true });
      expect(await limiter.hit(keys)).toEqual({ allowed: true });
    });

    it("starts a new window once the old one has passed", async () => {
      const limiter = new RateLimiter(makeStore(), RULES, clock);
      const keys = ["email:b@example.com"];
      await limiter.hit(keys);
      await limiter.hit(keys);
      now += 60_000;
      expect(await limiter.hit(keys)).toEqual({ allowed: true });
      expect(await limiter.hit(keys)).toEqual({ allowed: true });
    });

    it("keys are independent; the longest block wins; reset clears one key", async () => {
      const limiter = new RateLimiter(makeStore(), RULES, clock);
      for (let i = 0; i < 3; i++) await limiter.hit(["email:c@example.com", "ip:10.0.0.1"]);
      expect(await limiter.check(["email:other@example.com", "ip:10.0.0.1"])).toEqual({ allowed: true });
      await limiter.hit(["ip:10.0.0.1"]);
      await limiter.hit(["ip:10.0.0.1"]);
      expect(await limiter.check(["email:c@example.com", "ip:10.0.0.1"])).toEqual({ allowed: false, retryAfterMs: 10 * 60_000 });
      await limiter.reset("email:c@example.com");
      expect(await limiter.check(["email:c@example.com"])).toEqual({ allowed: true });
    });

    it("refuses keys without a rule", async () => {
      const limiter = new RateLimiter(makeStore(), RULES, clock);
      await expect(limiter.hit(["user:x"])).rejects.toThrow(/no rate-limit rule/);
    });
  });
}

suite("memory", () => new MemoryRateLimitStore());

let testDb: TestDb | undefined;
beforeAll(() => {
  testDb = createTestDb();
});
afterAll(async () => {
  await testDb?.cleanup();
});
suite("prisma/sqlite", () => new PrismaRateLimitStore(testDb!.db));

describe("minutesUntil", () => {
  it("rounds up to whole minutes, at least one", () => {
    expect(minutesUntil(1)).toBe(1);
    expect(minutesUntil(60_000)).toBe(1);
    expect(minutesUntil(60_001)).toBe(2);
    expect(minutesUntil(15 * 60_000)).toBe(15);
  });
});
