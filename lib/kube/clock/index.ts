/**
 * An injectable clock. Every component that waits takes a `Clock`; production uses
 * `realClock(speed)`, tests use `FakeClock` and advance it explicitly (no sleeps).
 *
 * Guarantees: timers fire in due-time order (ties in scheduling order); a cancelled timer
 * never fires; `now()` never goes backwards. An idle clock holds no Node timers at all.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** milliseconds since the epoch, in cluster time */
  now(): number;
  /** runs `fn` once after `ms` of cluster time */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** Real time, optionally sped up: with speed 2, a 1000 ms cluster delay takes 500 ms. */
export function realClock(speed = 1): Clock {
  const start = Date.now();
  return {
    now: () => (speed === 1 ? Date.now() : start + (Date.now() - start) * speed),
    setTimer(ms, fn) {
      const t = setTimeout(fn, Math.max(0, ms / speed));
      t.unref?.();
      return { cancel: () => clearTimeout(t) };
    },
  };
}

interface FakeTimer {
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A manually advanced clock for deterministic tests. */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const t: FakeTimer = { due: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return { cancel: () => void (t.cancelled = true) };
  }
  /** Number of timers still pending. */
  pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
  /** Advances time by `ms`, firing every timer that falls due, in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = target;
  }
}

export { ParkableClock, onClockResume, type ResumeListener } from "./parkable";
