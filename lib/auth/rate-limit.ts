/**
 * Throttling of sign-in and sign-up attempts: fixed windows per key ("email:a@b", "ip:1.2.3.4").
 * Each failed attempt is `hit`; reaching `limit` within `windowMs` blocks the key for `blockMs`.
 * The store is pluggable (Prisma: survives restarts; memory: tests) and the clock injectable.
 * Guarantee: while any checked key is blocked, `check` reports the longest remaining block.
 */
export interface Bucket {
  count: number;
  windowStart: number;
  blockedUntil: number | null;
}

export interface RateLimitStore {
  get(key: string): Promise<Bucket | undefined>;
  put(key: string, bucket: Bucket): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface RateLimitRule {
  /** failures allowed within the window; the limit-th failure blocks */
  limit: number;
  windowMs: number;
  blockMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly rules: Record<string, RateLimitRule>,
    private readonly now: () => number = Date.now,
  ) {}

  private rule(key: string): RateLimitRule {
    const rule = this.rules[key.slice(0, key.indexOf(":"))];
    if (!rule) throw new Error(`no rate-limit rule for key ${key}`);
    return rule;
  }

  async check(keys: string[]): Promise<RateLimitDecision> {
    const now = this.now();
    let retryAfterMs = 0;
    for (const key of keys) {
      const bucket = await this.store.get(key);
      if (bucket?.blockedUntil && bucket.blockedUntil > now) retryAfterMs = Math.max(retryAfterMs, bucket.blockedUntil - now);
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }

  /** Records a failure for every key; returns the decision for the next attempt. */
  async hit(keys: string[]): Promise<RateLimitDecision> {
    const now = this.now();
    for (const key of keys) {
      const rule = this.rule(key);
      const old = await this.store.get(key);
      const fresh = !old || now - old.windowStart >= rule.windowMs;
      const bucket: Bucket = fresh
        ? { count: 1, windowStart: now, blockedUntil: null }
        : { count: old.count + 1, windowStart: old.windowStart, blockedUntil: old.blockedUntil };
      if (bucket.count >= rule.limit) bucket.blockedUntil = now + rule.blockMs;
      await this.store.put(key, bucket);
    }
    return this.check(keys);
  }

  async reset(key: string): Promise<void> {
    await this.store.delete(key);
  }
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  async get(key: string) {
    const b = this.buckets.get(key);
    return b && { ...b };
  }
  async put(key: string, bucket: Bucket) {
    this.buckets.set(key, { ...bucket });
  }
  async delete(key: string) {
    this.buckets.delete(key);
  }
}

/** Minutes to show a person ("try again in N minutes"), at least 1. */
export function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Sign-in: 5 failures per email or 30 per address within 15 minutes block for 15 minutes. Sign-up: 10 per address per hour. */
export const AUTH_RATE_LIMITS: Record<string, RateLimitRule> = {
  email: { limit: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
  ip: { limit: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 },
  signup: { limit: 10, windowMs: 60 * 60_000, blockMs: 60 * 60_000 },
};
