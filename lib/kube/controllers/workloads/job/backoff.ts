/**
 * Pod failure backoff (pkg/controller/job/backoff_utils.go): after N consecutive failures since
 * the last success, new pods wait 10 s * 2^(N-1), capped at 6 minutes, from the last failure.
 */
export const DEFAULT_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 360_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  get(key: string): BackoffRecord {
    return this.records.get(key) ?? { failuresAfterLastSuccess: 0 };
  }

  /** newBackoffRecord: a success resets the count; failures after it add up */
  update(key: string, succeededAt: number[], failedAt: number[]): BackoffRecord {
    let rec = this.get(key);
    const lastSuccess = succeededAt.length ? Math.max(...succeededAt) : undefined;
    if (lastSuccess !== undefined) rec = { failuresAfterLastSuccess: 0 };
    const failures = failedAt.filter((t) => lastSuccess === undefined || t > lastSuccess);
    if (failures.length) rec = { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + failures.length, lastFailureTime: Math.max(rec.lastFailureTime ?? 0, ...failures) };
    this.records.set(key, rec);
    return rec;
  }

  delete(key: string): void {
    this.records.delete(key);
  }

  /** ms until new pods may be created (0 when not backing off) */
  remaining(key: string, now: number): number {
    const rec = this.get(key);
    if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
    const delay = Math.min(MAX_BACKOFF_MS, DEFAULT_BACKOFF_MS * 2 ** (rec.failuresAfterLastSuccess - 1));
    return Math.max(0, rec.lastFailureTime + delay - now);
  }
}
