import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import { Controller, WorkTracker } from "./controller";

describe("Controller", () => {
  it("reconciles each enqueued key once and settles", async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    const seen: string[] = [];
    const c = new Controller({ name: "t", clock, reconcile: (k) => void seen.push(k) }, tracker);
    c.start();
    c.enqueue("ns/a");
    c.enqueue("ns/a");
    c.enqueue("ns/b");
    await tracker.settle();
    expect(seen).toEqual(["ns/a", "ns/b"]);
    expect(clock.pending()).toBe(0);
  });

  it("requeues failures with backoff and forgets on success", async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    let attempts = 0;
    const errors: unknown[] = [];
    const c = new Controller(
      {
        name: "t",
        clock,
        rateLimiter: { baseDelayMs: 100, maxDelayMs: 1000 },
        reconcile: () => {
          attempts++;
          if (attempts < 3) throw new Error("conflict");
        },
        onError: (_k, e) => errors.push(e),
      },
      tracker,
    );
    c.start();
    c.enqueue("k");
    await tracker.settle();
    expect(attempts).toBe(1);
    clock.advance(100);
    await tracker.settle();
    expect(attempts).toBe(2);
    clock.advance(199);
    await tracker.settle();
    expect(attempts).toBe(2);
    clock.advance(1);
    await tracker.settle();
    expect(attempts).toBe(3);
    expect(errors).toHaveLength(2);
    expect(c.queue.numRequeues("k")).toBe(0);
  });

  it("honours requeueAfterMs on the clock", async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    let n = 0;
    const c = new Controller({ name: "t", clock, reconcile: () => (++n < 3 ? { requeueAfterMs: 5000 } : {}) }, tracker);
    c.start();
    c.enqueue("k");
    await tracker.settle();
    clock.advance(5000);
    await tracker.settle();
    clock.advance(5000);
    await tracker.settle();
    expect(n).toBe(3);
    expect(clock.pending()).toBe(0);
  });

  it("never runs the same key concurrently", async () => {
    const clock = new FakeClock();
    const tracker = new WorkTracker();
    let active = 0;
    let maxActive = 0;
    const c = new Controller(
      {
        name: "t",
        clock,
        workers: 4,
        reconcile: async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((r) => setImmediate(r));
          active--;
        },
      },
      tracker,
    );
    c.start();
    c.enqueue("same");
    await Promise.resolve();
    c.enqueue("same");
    await tracker.settle();
    expect(maxActive).toBe(1);
  });
});
