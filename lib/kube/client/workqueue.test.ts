import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import { WorkQueue } from "./workqueue";

describe("WorkQueue", () => {
  it("de-duplicates a key added twice before it is taken", () => {
    const q = new WorkQueue(new FakeClock());
    q.add("a");
    q.add("a");
    q.add("b");
    expect(q.len()).toBe(2);
    expect(q.get()).toBe("a");
    expect(q.get()).toBe("b");
    expect(q.get()).toBeUndefined();
  });

  it("re-delivers a key added while processing only after done", () => {
    const q = new WorkQueue(new FakeClock());
    q.add("a");
    expect(q.get()).toBe("a");
    q.add("a");
    expect(q.get()).toBeUndefined();
    q.done("a");
    expect(q.get()).toBe("a");
    q.done("a");
    expect(q.idle()).toBe(true);
  });

  it("addAfter fires on the fake clock and keeps the earliest delay", () => {
    const clock = new FakeClock();
    const q = new WorkQueue(clock);
    q.addAfter("a", 1000);
    q.addAfter("a", 500);
    q.addAfter("a", 800);
    clock.advance(499);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.get()).toBe("a");
    q.done("a");
    clock.advance(10_000);
    expect(q.len()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it("backs off exponentially per key until forget", () => {
    const clock = new FakeClock();
    const q = new WorkQueue(clock, { baseDelayMs: 10, maxDelayMs: 35 });
    const dueAfter = () => {
      let t = 0;
      while (q.len() === 0) {
        clock.advance(1);
        t++;
      }
      q.done(q.get()!);
      return t;
    };
    q.addRateLimited("a");
    expect(dueAfter()).toBe(10);
    q.addRateLimited("a");
    expect(dueAfter()).toBe(20);
    q.addRateLimited("a");
    expect(dueAfter()).toBe(35);
    expect(q.numRequeues("a")).toBe(3);
    q.forget("a");
    q.addRateLimited("a");
    expect(dueAfter()).toBe(10);
  });

  it("calls the ready handler when work arrives and holds no timers after shutDown", () => {
    const clock = new FakeClock();
    const q = new WorkQueue(clock);
    let ready = 0;
    q.setReadyHandler(() => ready++);
    q.add("x");
    q.addAfter("y", 100);
    expect(ready).toBe(1);
    q.shutDown();
    expect(clock.pending()).toBe(0);
    q.add("z");
    expect(q.len()).toBe(0);
  });
});
