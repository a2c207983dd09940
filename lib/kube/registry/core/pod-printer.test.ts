import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/types";
import { podPrinter } from "./pod-printer";

const now = Date.parse("2024-05-01T12:00:00Z");
const created = "2024-05-01T11:55:00Z";

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default", creationTimestamp: created, ...meta }, spec, status };
}
const one = { containers: [{ name: "app", image: "nginx" }] };
const row = (p: KubeObject) => podPrinter.cells(p, now);

describe("pod printer", () => {
  it("has upstream's columns", () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ["Name", "string", 0],
      ["Ready", "string", 0],
      ["Status", "string", 0],
      ["Restarts", "string", 0],
      ["Age", "string", 0],
      ["IP", "string", 1],
      ["Node", "string", 1],
      ["Nominated Node", "string", 1],
      ["Readiness Gates", "string", 1],
    ]);
    expect(podPrinter.columns[0]!.format).toBe("name");
  });

  it("pending, unscheduled", () => {
    expect(row(pod(one, { phase: "Pending" }))).toEqual(["web", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"]);
  });

  it("container creating on a node", () => {
    const p = pod({ ...one, nodeName: "node-1" }, { phase: "Pending", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] });
    expect(row(p).slice(0, 4)).toEqual(["web", "0/1", "ContainerCreating", "0"]);
    expect(row(p)[6]).toBe("node-1");
  });

  it("running and ready with IP and readiness gates", () => {
    const p = pod(
      { ...one, nodeName: "node-1", readinessGates: [{ conditionType: "example.com/lb" }] },
      {
        phase: "Running",
        podIP: "10.244.0.5",
        podIPs: [{ ip: "10.244.0.5" }],
        conditions: [{ type: "Ready", status: "True" }, { type: "example.com/lb", status: "False" }],
        containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: { startedAt: created } } }],
      },
    );
    expect(row(p)).toEqual(["web", "1/1", "Running", "0", "5m", "10.244.0.5", "node-1", "<none>", "0/1"]);
  });

  it("CrashLoopBackOff with restarts and last restart age", () => {
    const p = pod(one, {
      phase: "Running",
      containerStatuses: [
        { name: "app", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2024-05-01T11:59:20Z" } } },
      ],
    });
    expect(row(p).slice(1, 4)).toEqual(["0/1", "CrashLoopBackOff", "4 (40s ago)"]);
  });

  it("ErrImagePull", () => {
    const p = pod(one, { phase: "Pending", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "ErrImagePull", message: "pull failed" } } }] });
    expect(row(p)[2]).toBe("ErrImagePull");
  });

  it("Completed and exit codes", () => {
    const done = pod({ ...one, restartPolicy: "Never" }, { phase: "Succeeded", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] });
    expect(row(done).slice(1, 3)).toEqual(["0/1", "Completed"]);
    const killed = pod(one, { phase: "Failed", containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] });
    expect(row(killed)[2]).toBe("Signal:9");
  });

  it("init containers: Init:0/2, Init:CrashLoopBackOff, PodInitializing", () => {
    const spec = { ...one, initContainers: [{ name: "i1", image: "b" }, { name: "i2", image: "b" }] };
    const waitingInit = pod(spec, {
      phase: "Pending",
      initContainerStatuses: [
        { name: "i1", ready: false, restartCount: 0, state: { running: {} } },
        { name: "i2", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } },
      ],
    });
    expect(row(waitingInit)[2]).toBe("Init:0/2");
    const crashing = pod(spec, {
      phase: "Pending",
      initContainerStatuses: [{ name: "i1", ready: false, restartCount: 3, state: { waiting: { reason: "CrashLoopBackOff" } } }],
    });
    expect(row(crashing).slice(2, 4)).toEqual(["Init:CrashLoopBackOff", "3"]);
    const initialized = pod(spec, {
      phase: "Pending",
      initContainerStatuses: [
        { name: "i1", ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } },
        { name: "i2", ready: true, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } },
      ],
      containerStatuses: [{ name: "app", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } }],
    });
    expect(row(initialized)[2]).toBe("PodInitializing");
  });

  it("sidecar init containers count towards READY", () => {
    const spec = { ...one, initContainers: [{ name: "proxy", image: "envoy", restartPolicy: "Always" }] };
    const p = pod(spec, {
      phase: "Running",
      conditions: [{ type: "Initialized", status: "True" }, { type: "Ready", status: "True" }],
      initContainerStatuses: [{ name: "proxy", ready: true, started: true, restartCount: 0, state: { running: {} } }],
      containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: {} } }],
    });
    expect(row(p).slice(1, 3)).toEqual(["2/2", "Running"]);
  });

  it("Terminating and NodeLost", () => {
    const running = { phase: "Running", containerStatuses: [{ name: "app", ready: true, restartCount: 0, state: { running: {} } }] };
    expect(row(pod(one, running, { deletionTimestamp: "2024-05-01T12:00:30Z" }))[2]).toBe("Terminating");
    expect(row(pod(one, { ...running, reason: "NodeLost" }, { deletionTimestamp: "2024-05-01T12:00:30Z" }))[2]).toBe("Unknown");
  });

  it("SchedulingGated", () => {
    const p = pod({ ...one, schedulingGates: [{ name: "g" }] }, { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] });
    expect(row(p)[2]).toBe("SchedulingGated");
  });

  it("returns one cell per column", () => {
    expect(row(pod(one, {}))).toHaveLength(podPrinter.columns.length);
  });
});
