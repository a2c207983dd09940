/**
 * A level-based controller like controller-runtime's: a de-duplicating work queue of keys
 * ("namespace/name") and a reconcile function that reads current state and converges.
 *
 * `reconcileHandler` below is the one place that decides what happens after a reconcile:
 * an error requeues with per-key backoff, `requeueAfterMs` requeues after a delay (resetting
 * backoff), `requeue` requeues with backoff, anything else forgets the key. Reconcilers never
 * act on an event's payload: handlers only enqueue keys.
 *
 * Work is pumped from microtasks when keys become ready, so an idle controller costs nothing:
 * no polling, no timers but the delays it asked for.
 */
import type { Clock } from "../clock";
import { WorkQueue, type RateLimiterOptions } from "./workqueue";

export interface ReconcileResult {
  requeue?: boolean;
  requeueAfterMs?: number;
}

export type ReconcileFunc = (key: string) => Promise<ReconcileResult | void> | ReconcileResult | void;

export interface ControllerOptions {
  name: string;
  clock: Clock;
  reconcile: ReconcileFunc;
  /** concurrent reconciles (distinct keys); default 1 */
  workers?: number;
  rateLimiter?: RateLimiterOptions;
  /** called with errors reconcile threw (after they are requeued) */
  onError?(key: string, err: unknown): void;
}

/** Tracks in-flight work across controllers so tests (and shutdown) can wait for quiet. */
export class WorkTracker {
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly controllers = new Set<Controller>();

  register(c: Controller): void {
    this.controllers.add(c);
  }
  unregister(c: Controller): void {
    this.controllers.delete(c);
  }
  begin(): void {
    this.inFlight++;
  }
  end(): void {
    this.inFlight--;
    if (this.isIdle()) for (const w of this.waiters.splice(0)) w();
  }
  isIdle(): boolean {
    return this.inFlight === 0 && [...this.controllers].every((c) => c.idle());
  }
  /**
   * Resolves when every registered controller has nothing queued or running, after letting
   * pending microtasks and I/O callbacks run (a reconcile may enqueue more work).
   */
  async settle(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.isIdle()) {
        await new Promise<void>((r) => setImmediate(r));
        if (this.isIdle()) return;
      }
    }
    throw new Error("controllers did not settle");
  }
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private running = 0;
  private pumpScheduled = false;
  private started = false;
  private readonly workers: number;

  constructor(
    private readonly opts: ControllerOptions,
    private readonly tracker?: WorkTracker,
  ) {
    this.name = opts.name;
    this.workers = opts.workers ?? 1;
    this.queue = new WorkQueue<string>(opts.clock, opts.rateLimiter);
    this.queue.setReadyHandler(() => this.schedulePump());
    tracker?.register(this);
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  start(): void {
    this.started = true;
    this.schedulePump();
  }

  stop(): void {
    this.started = false;
    this.queue.shutDown();
    this.tracker?.unregister(this);
  }

  idle(): boolean {
    return this.running === 0 && (this.queue.len() === 0 || !this.started) && !this.pumpScheduled;
  }

  private schedulePump(): void {
    if (!this.started || this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.started && this.running < this.workers) {
      const key = this.queue.get();
      if (key === undefined) return;
      this.running++;
      this.tracker?.begin();
      void this.runOne(key);
    }
  }

  private async runOne(key: string): Promise<void> {
    try {
      const result = await this.opts.reconcile(key);
      this.reconcileHandler(key, result ?? {}, undefined);
    } catch (err) {
      this.reconcileHandler(key, {}, err);
    } finally {
      this.queue.done(key);
      this.running--;
      this.tracker?.end();
      this.pump();
    }
  }

  private reconcileHandler(key: string, result: ReconcileResult, err: unknown): void {
    if (err !== undefined) {
      this.queue.addRateLimited(key);
      this.opts.onError?.(key, err);
    } else if (result.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
      this.queue.forget(key);
      this.queue.addAfter(key, result.requeueAfterMs);
    } else if (result.requeue) {
      this.queue.addRateLimited(key);
    } else {
      this.queue.forget(key);
    }
  }
}
