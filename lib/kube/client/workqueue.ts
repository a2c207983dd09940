/**
 * A work queue with client-go's semantics (util/workqueue): a dirty set plus a processing set.
 *
 * Guarantees:
 * - a key added several times before it is taken is handled once;
 * - a key is never handed to two workers at once; a key added while it is being processed is
 *   handed out again after `done(key)`;
 * - `addAfter` keeps only the earliest pending delay per key and uses the injected clock;
 * - `addRateLimited` backs off per key exponentially (base * 2^failures, capped) until `forget`;
 * - `shutDown` drops pending delays; an idle queue holds no timers.
 */
import type { Clock, TimerHandle } from "../clock";

export interface RateLimiterOptions {
  /** first retry delay in ms (client-go: 5 ms) */
  baseDelayMs: number;
  /** cap in ms (client-go: 1000 s) */
  maxDelayMs: number;
}

export const defaultRateLimiter: RateLimiterOptions = { baseDelayMs: 5, maxDelayMs: 1000_000 };

export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly delayed = new Map<K, { due: number; timer: TimerHandle }>();
  private readonly failures = new Map<K, number>();
  private shuttingDown = false;
  private onReady: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly limiter: RateLimiterOptions = defaultRateLimiter,
  ) {}

  /** called (synchronously) whenever a key becomes available to take */
  setReadyHandler(fn: () => void): void {
    this.onReady = fn;
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.onReady?.();
  }

  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) return this.add(key);
    const due = this.clock.now() + delayMs;
    const existing = this.delayed.get(key);
    if (existing && existing.due <= due) return;
    existing?.timer.cancel();
    const timer = this.clock.setTimer(delayMs, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { due, timer });
  }

  /** requeue with per-key exponential backoff */
  addRateLimited(key: K): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.limiter.maxDelayMs, this.limiter.baseDelayMs * 2 ** n));
  }

  /** how many times `key` has been rate-limited since the last `forget` */
  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  /** takes the next key, or undefined when none is ready */
  get(): K | undefined {
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    return key;
  }

  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.onReady?.();
    }
  }

  /** keys ready to take */
  len(): number {
    return this.queue.length;
  }

  /** true when nothing is queued or processing (delayed keys don't count) */
  idle(): boolean {
    return this.queue.length === 0 && this.processing.size === 0;
  }

  shutDown(): void {
    this.shuttingDown = true;
    for (const d of this.delayed.values()) d.timer.cancel();
    this.delayed.clear();
    this.queue.length = 0;
    this.dirty.clear();
  }
}
