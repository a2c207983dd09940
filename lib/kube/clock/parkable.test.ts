import { describe, expect, it } from "vitest";
import { FakeClock, ParkableClock, onClockResume } from "./index";

describe("ParkableClock", () => {
  it("behaves like the wrapped clock while running", () => {
    const inner = new FakeClock(1000);
    const clock = new ParkableClock(inner);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push("b"));
    clock.setTimer(10, () => fired.push("a"));
    const c = clock.setTimer(15, () => fired.push("cancelled"));
    c.cancel();
    expect(clock.now()).toBe(1000);
    expect(inner.pending()).toBe(2);
    inner.advance(25);
    expect(fired).toEqual(["a", "b"]);
    expect(clock.pending()).toBe(0);
    expect(inner.pending()).toBe(0);
  });

  it("holds no timers in the wrapped clock while parked, including ones set while parked", () => {
    const inner = new FakeClock(0);
    const clock = new ParkableClock(inner);
    const fired: number[] = [];
    clock.setTimer(10, () => fired.push(1));
    clock.park();
    expect(clock.parked).toBe(true);
    expect(inner.pending()).toBe(0);
    clock.setTimer(5, () => fired.push(2));
    expect(inner.pending()).toBe(0);
    expect(clock.pending()).toBe(2);
    inner.advance(3_600_000);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(3_600_000);
  });

  it("on resume tells the listeners first, then fires what came due in due order and re-arms the rest", () => {
    const inner = new FakeClock(0);
    const clock = new ParkableClock(inner);
    const log: string[] = [];
    clock.setTimer(300, () => log.push(`t300@${clock.now()}`));
    clock.setTimer(100, () => log.push(`t100@${clock.now()}`));
    clock.setTimer(100, () => log.push(`t100b@${clock.now()}`));
    const later = clock.setTimer(5000, () => log.push(`t5000@${clock.now()}`));
    const dropped = clock.setTimer(200, () => log.push("dropped"));
    onClockResume(clock, ({ parkedAt, resumedAt }) => {
      log.push(`resumed ${parkedAt}->${resumedAt}`);
      dropped.cancel();
    });
    inner.advance(50);
    expect(clock.overdue()).toBe(0);
    clock.park();
    inner.advance(950);
    expect(clock.overdue()).toBe(4);
    expect(clock.resume()).toBe(3);
    expect(log).toEqual(["resumed 50->1000", "t100@1000", "t100b@1000", "t300@1000"]);
    expect(inner.pending()).toBe(1);
    inner.advance(3999);
    expect(log).toHaveLength(4);
    inner.advance(1);
    expect(log.at(-1)).toBe("t5000@5000");
    later.cancel();
    expect(clock.resume()).toBe(0);
  });

  it("never fires a timer cancelled while parked, nor one cancelled by an earlier overdue timer", () => {
    const inner = new FakeClock(0);
    const clock = new ParkableClock(inner);
    const fired: string[] = [];
    const a = clock.setTimer(10, () => fired.push("a"));
    const c = clock.setTimer(30, () => fired.push("c"));
    clock.setTimer(20, () => {
      fired.push("b");
      c.cancel();
    });
    clock.park();
    a.cancel();
    inner.advance(100);
    clock.resume();
    expect(fired).toEqual(["b"]);
    expect(clock.pending()).toBe(0);
  });

  it("onClockResume is a no-op for other clocks; close cancels everything", () => {
    const inner = new FakeClock(0);
    expect(typeof onClockResume(inner, () => undefined)).toBe("function");
    const clock = new ParkableClock(inner);
    clock.setTimer(10, () => {
      throw new Error("must not fire");
    });
    clock.close();
    expect(inner.pending()).toBe(0);
    inner.advance(100);
  });
});
