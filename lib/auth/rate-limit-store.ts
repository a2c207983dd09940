/** RateLimitStore on the RateLimit table, so blocks survive restarts. */
import type { Db } from "../db/client";
import type { Bucket, RateLimitStore } from "./rate-limit";

export class PrismaRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<Bucket | undefined> {
    const row = await this.db.rateLimit.findUnique({ where: { key } });
    return row ? { count: row.count, windowStart: row.windowStart.getTime(), blockedUntil: row.blockedUntil?.getTime() ?? null } : undefined;
  }

  async put(key: string, bucket: Bucket): Promise<void> {
    const data = {
      count: bucket.count,
      windowStart: new Date(bucket.windowStart),
      blockedUntil: bucket.blockedUntil === null ? null : new Date(bucket.blockedUntil),
    };
    await this.db.rateLimit.upsert({ where: { key }, create: { key, ...data }, update: data });
  }

  async delete(key: string): Promise<void> {
    await this.db.rateLimit.deleteMany({ where: { key } });
  }
}
