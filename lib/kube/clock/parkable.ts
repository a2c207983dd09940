/**
 * A clock that can be parked: one per cluster, wrapped around the cluster's clock and handed to
 * its components (scheduler, controllers, kubelets, runtimes, kube-proxy).
 *
 * Why: an idle embedded cluster still does periodic work (kubelets renew their Leases every
 * 10 s, probes run, controllers requeue), which is what a real cluster does, but for a learner
 * who is not looking it is pure cost. Parking suspends ALL of a cluster's component timers at
 * once, without any component knowing, because every component waits only on its clock.
 *
 * Guarantees:
 * - while running it behaves exactly like the wrapped clock (same `now()`, timers armed there);
 * - `park()` cancels every armed timer in the wrapped clock and remembers it, so a parked
 *   cluster holds no timers at all; timers set while parked are remembered too, not armed;
 * - `resume()` first tells the resume listeners (components that must treat the gap like a
 *   restart, e.g. the node-lifecycle controller, and kubelets that heartbeat at once), then
 *   fires the timers that came due during the park, synchronously and in due order (ties in
 *   scheduling order), each once, and re-arms the others for their remaining time;
 * - a cancelled timer never fires, parked or not.
 *
 * Time does not stop while parked: `now()` keeps following the wrapped clock. An overdue timer
 * fires once at resume time (like timers after a laptop wakes): a loop that sleeps 1 s does not
 * replay the hour it was parked, so container logs show a gap.
 */
import type { Clock, TimerHandle } from "./index";

interface Entry {
  due: number;
  seq: number;
  fn: () => void;
  /** the armed timer in the wrapped clock; undefined while parked */
  inner: TimerHandle | undefined;
}

export type ResumeListener = (info: { parkedAt: number; resumedAt: number }) => void;

export class ParkableClock implements Clock {
  private readonly live = new Set<Entry>();
  private readonly listeners = new Set<ResumeListener>();
  private seq = 0;
  private parkedAt: number | undefined;

  constructor(private readonly inner: Clock) {}

  now(): number {
    return this.inner.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const e: Entry = { due: this.inner.now() + Math.max(0, ms), seq: this.seq++, fn, inner: undefined };
    this.live.add(e);
    if (this.parkedAt === undefined) this.arm(e);
    return {
      cancel: () => {
        if (!this.live.delete(e)) return;
        e.inner?.cancel();
        e.inner = undefined;
      },
    };
  }

  get parked(): boolean {
    return this.parkedAt !== undefined;
  }

  /** timers set and not yet fired or cancelled (armed, or held while parked) */
  pending(): number {
    return this.live.size;
  }

  /** held timers that are due now (while parked) */
  overdue(): number {
    if (this.parkedAt === undefined) return 0;
    const now = this.inner.now();
    let n = 0;
    for (const e of this.live) if (e.due <= now) n++;
    return n;
  }

  /** cancels every armed timer in the wrapped clock and holds them until `resume()` */
  park(): void {
    if (this.parkedAt !== undefined) return;
    this.parkedAt = this.inner.now();
    for (const e of this.live) {
      e.inner?.cancel();
      e.inner = undefined;
    }
  }

  /**
   * Notifies the resume listeners, then fires the timers that came due while parked (in due
   * order) and re-arms the rest. Returns how many timers fired.
   */
  resume(): number {
    const parkedAt = this.parkedAt;
    if (parkedAt === undefined) return 0;
    this.parkedAt = undefined;
    const resumedAt = this.inner.now();
    // listeners run first: they may cancel held timers (a heartbeat they replace) or set new ones
    for (const l of [...this.listeners]) l({ parkedAt, resumedAt });
    const held = [...this.live].filter((e) => !e.inner).sort((a, b) => a.due - b.due || a.seq - b.seq);
    let fired = 0;
    for (const e of held) {
      if (!this.live.has(e)) continue; // cancelled by an earlier timer
      if (e.due <= resumedAt) {
        this.live.delete(e);
        fired++;
        try {
          e.fn();
        } catch (err) {
          // as from the wrapped clock's own timers: uncaught, but the other timers still fire
          queueMicrotask(() => {
            throw err;
          });
        }
      } else this.arm(e);
    }
    return fired;
  }

  /** `fn` runs at every resume, before overdue timers fire; returns an unsubscribe function */
  onResume(fn: ResumeListener): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  /** cancels every timer (cluster shutdown) */
  close(): void {
    for (const e of this.live) e.inner?.cancel();
    this.live.clear();
    this.listeners.clear();
  }

  private arm(e: Entry): void {
    e.inner = this.inner.setTimer(Math.max(0, e.due - this.inner.now()), () => {
      e.inner = undefined;
      if (!this.live.delete(e)) return;
      e.fn();
    });
  }
}

/**
 * Subscribes `fn` to resumes of `clock` when it is a ParkableClock (components call this with
 * `ctx.clock`); a no-op for any other clock. Returns an unsubscribe function.
 */
export function onClockResume(clock: Clock, fn: ResumeListener): () => void {
  return clock instanceof ParkableClock ? clock.onResume(fn) : () => {};
}
