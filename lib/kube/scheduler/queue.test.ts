import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import type { KubeObject } from "../api/types";
import { podInfoOf } from "./framework/pod-info";
import type { ClusterEvent } from "./framework/types";
import { SchedulingQueue } from "./queue";

const pod = (name: string, priority = 0, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" }, spec: { priority, containers: [{ name: "c" }], ...extra } });

function setup() {
  const clock = new FakeClock();
  let wakeups = 0;
  const events = new Map<string, Set<ClusterEvent>>([["NodeResourcesFit", new Set<ClusterEvent>(["NodeAdd", "AssignedPodDelete"])], ["TaintToleration", new Set<ClusterEvent>(["NodeAdd", "NodeUpdateTaint"])]]);
  const q = new SchedulingQueue(clock, events, () => wakeups++);
  const fail = (plugins: string[]) => {
    const p = q.pop()!;
    p.unschedulablePlugins = new Set(plugins);
    q.addUnschedulable(p, q.cycle());
    return p;
  };
  return { clock, q, fail, wakeups: () => wakeups };
}

describe("SchedulingQueue", () => {
  it("pops by priority, then by arrival", () => {
    const { q, clock } = setup();
    q.add(podInfoOf(pod("low", 0)));
    clock.advance(1);
    q.add(podInfoOf(pod("high", 1000)));
    clock.advance(1);
    q.add(podInfoOf(pod("low2", 0)));
    expect([q.pop()!.info.name, q.pop()!.info.name, q.pop()!.info.name]).toEqual(["high", "low", "low2"]);
    expect(q.pop()).toBeUndefined();
  });

  it("keeps rejected pods until a relevant event, then backs them off 1 s, 2 s, 4 s … 10 s", () => {
    const { q, clock, fail } = setup();
    q.add(podInfoOf(pod("web")));
    fail(["NodeResourcesFit"]);
    expect(q.where("default/web")).toBe("unschedulable");
    q.onEvent("NodeUpdateTaint"); // not registered by NodeResourcesFit
    expect(q.where("default/web")).toBe("unschedulable");
    q.onEvent("NodeAdd");
    expect(q.where("default/web")).toBe("backoff");
    clock.advance(999);
    expect(q.where("default/web")).toBe("backoff");
    clock.advance(1);
    expect(q.where("default/web")).toBe("active");
    const delays: number[] = [];
    for (let attempt = 2; attempt <= 6; attempt++) {
      const p = fail(["NodeResourcesFit"]);
      expect(p.attempts).toBe(attempt);
      q.onEvent("AssignedPodDelete");
      const start = clock.now();
      while (q.where("default/web") !== "active") clock.advance(100);
      delays.push(clock.now() - start);
    }
    expect(delays).toEqual([2000, 4000, 8000, 10000, 10000]);
  });

  it("sends pods that failed while an event arrived mid-attempt, or with an error, to backoff", () => {
    const { q } = setup();
    q.add(podInfoOf(pod("a")));
    q.add(podInfoOf(pod("b")));
    const a = q.pop()!;
    q.onEvent("NodeAdd");
    a.unschedulablePlugins = new Set(["TaintToleration"]);
    q.addUnschedulable(a, q.cycle());
    expect(q.where("default/a")).toBe("backoff");
    const b = q.pop()!;
    b.unschedulablePlugins = new Set();
    q.addUnschedulable(b, q.cycle());
    expect(q.where("default/b")).toBe("backoff");
  });

  it("flushes pods left unschedulable for 5 minutes and holds no timer when empty", () => {
    const { q, clock, fail } = setup();
    expect(clock.pending()).toBe(0);
    q.add(podInfoOf(pod("web")));
    fail(["TaintToleration"]);
    expect(clock.pending()).toBe(1);
    clock.advance(5 * 60_000 - 1);
    expect(q.where("default/web")).toBe("unschedulable");
    clock.advance(1);
    expect(q.where("default/web")).toBe("active");
    expect(clock.pending()).toBe(0);
    q.delete("default/web");
    expect(q.stats()).toEqual({ active: 0, backoff: 0, unschedulable: 0, gated: 0, "in-flight": 0 });
  });

  it("holds gated pods until their scheduling gates are removed", () => {
    const { q, wakeups } = setup();
    q.add(podInfoOf(pod("gated", 0, { schedulingGates: [{ name: "example.com/wait" }] })));
    expect(q.where("default/gated")).toBe("gated");
    expect(wakeups()).toBe(0);
    q.update(podInfoOf(pod("gated")));
    expect(q.where("default/gated")).toBe("active");
    expect(wakeups()).toBe(1);
  });

  it("moves an unschedulable pod back when its spec changes, not on status-only updates", () => {
    const { q, fail } = setup();
    q.add(podInfoOf(pod("web")));
    fail(["TaintToleration"]);
    q.update(podInfoOf(pod("web")), false);
    expect(q.where("default/web")).toBe("unschedulable");
    q.update(podInfoOf(pod("web", 0, { tolerations: [{ operator: "Exists" }] })), true);
    expect(q.where("default/web")).toBe("backoff");
  });
});
