import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { condition, cstatus, kubeletTestCluster, type KubeletTestCluster } from "./testing";

let t: KubeletTestCluster;
afterEach(() => t?.close());

const restarts = async (name: string) => cstatus(await t.pod(name)).restartCount as number;

describe("kubelet restarts and probes", () => {
  it("crash loops with a doubling back-off and BackOff events", async () => {
    t = await kubeletTestCluster();
    const pod = await t.createPod("crash", { containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "echo starting; exit 1"] }] });
    await t.run(2000);
    // first exit restarts at once
    expect(await restarts("crash")).toBe(1);
    let p = await t.pod("crash");
    const cs = cstatus(p);
    expect(cs.state).toEqual({ waiting: { reason: "CrashLoopBackOff", message: `back-off 10s restarting failed container=app pod=crash_default(${pod.metadata.uid})` } });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(p?.status).toMatchObject({ phase: "Running" });
    expect(condition(p, "Ready")).toBe("False");
    // restart times: +10 s, +20 s, +40 s
    const seen: number[] = [];
    let last = 1;
    const start = t.clock.now();
    for (let i = 0; i < 80; i++) {
      await t.run(1000, 250);
      const r = await restarts("crash");
      if (r !== last) {
        seen.push(Math.round((t.clock.now() - start) / 1000));
        last = r;
      }
    }
    expect(seen.length).toBe(3);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(20);
    expect(seen[1]! - seen[0]!).toBeLessThanOrEqual(22);
    expect(seen[2]! - seen[1]!).toBeGreaterThanOrEqual(40);
    p = await t.pod("crash");
    expect(cstatus(p).state.waiting.message).toMatch(/^back-off 1m20s restarting failed container=app/);
    const ev = await t.events("crash");
    expect(ev.find((e) => e.includes("BackOff"))).toMatch(new RegExp(`^Warning BackOff Back-off restarting failed container app in pod crash_default\\(${pod.metadata.uid}\\) \\(x4\\)$`));
    expect(await t.logs("crash", { previous: true })).toBe("starting\n");
  });

  it("an unknown executable is a StartError / RunContainerError", async () => {
    t = await kubeletTestCluster();
    await t.createPod("nope", { containers: [{ name: "c", image: "busybox", command: ["foo"] }] });
    await t.run(1000);
    const cs = cstatus(await t.pod("nope"));
    const msg = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown';
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 128, reason: "StartError", message: msg });
    expect(["RunContainerError", "CrashLoopBackOff"]).toContain(cs.state.waiting.reason);
    expect(await t.events("nope")).toContain(`Warning Failed Error: ${msg}`);
  });

  it("OOMKilled when stress exceeds the memory limit", async () => {
    t = await kubeletTestCluster();
    await t.createPod("oom", {
      containers: [{ name: "s", image: "polinux/stress", command: ["stress"], args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], resources: { limits: { memory: "100Mi" }, requests: { memory: "50Mi" } } }],
    });
    await t.run(1500);
    const p = await t.pod("oom");
    const cs = cstatus(p);
    expect(cs.lastState.terminated ?? cs.state.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(p?.status).toMatchObject({ qosClass: "Burstable" });
  });

  it("liveness: the classic exec example restarts after the file disappears", async () => {
    t = await kubeletTestCluster();
    await t.createPod("liveness-exec", {
      containers: [
        {
          name: "liveness",
          image: "registry.k8s.io/busybox",
          args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
          livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    });
    await t.run(30_000, 250);
    expect(await restarts("liveness-exec")).toBe(0);
    await t.run(15_000, 250);
    const ev = await t.events("liveness-exec");
    expect(ev).toContain("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory (x3)");
    expect(ev).toContain("Normal Killing Container liveness failed liveness probe, will be restarted");
    // sh ignores SIGTERM: killed at the end of the 30 s grace period
    await t.run(31_000, 250);
    expect(await restarts("liveness-exec")).toBe(1);
    expect(cstatus(await t.pod("liveness-exec")).lastState.terminated).toMatchObject({ exitCode: 137, reason: "Error" });
  });

  it("liveness httpGet against nginx: 404 elsewhere than / and Completed after the graceful stop", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", { containers: [{ name: "nginx", image: "nginx", livenessProbe: { httpGet: { path: "/healthz", port: 80 }, periodSeconds: 3, failureThreshold: 2 } }] });
    await t.run(8000, 250);
    const ev = await t.events("web");
    expect(ev.some((e) => e.startsWith("Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 404"))).toBe(true);
    expect(ev).toContain("Normal Killing Container nginx failed liveness probe, will be restarted");
    await t.run(1000);
    expect(await restarts("web")).toBe(1);
    expect(cstatus(await t.pod("web")).lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(await t.logs("web", { previous: true })).toContain('"GET /healthz HTTP/1.1" 404 153 "-" "kube-probe/1.33" "-"');
  });

  it("readiness gates Ready; a failing readiness probe flips it to False", async () => {
    t = await kubeletTestCluster();
    await t.createPod("r", {
      containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "touch /tmp/ready; sleep 20; rm /tmp/ready; sleep 3600"], readinessProbe: { exec: { command: ["cat", "/tmp/ready"] }, periodSeconds: 2, failureThreshold: 1 } }],
    });
    await t.run(500);
    let p: KubeObject | undefined = await t.pod("r");
    expect(cstatus(p).ready).toBe(false);
    expect(condition(p, "Ready")).toBe("False");
    await t.run(2000);
    p = await t.pod("r");
    expect(cstatus(p).ready).toBe(true);
    expect(condition(p, "Ready")).toBe("True");
    await t.run(20_000, 250);
    p = await t.pod("r");
    expect(cstatus(p).ready).toBe(false);
    expect(condition(p, "ContainersReady")).toBe("False");
    expect((p?.status as { conditions: { type: string; message?: string }[] }).conditions.find((c) => c.type === "Ready")?.message).toBe("containers with unready status: [c]");
    expect(await restarts("r")).toBe(0);
  });

  it("postgres without POSTGRES_PASSWORD exits 1 with its real error", async () => {
    t = await kubeletTestCluster();
    await t.createPod("pg", { containers: [{ name: "pg", image: "postgres:17" }] });
    await t.run(4000);
    const logs = await t.logs("pg");
    expect(logs.split("\n")[0]).toBe("Error: Database is uninitialized and superuser password is not specified.");
    expect(cstatus(await t.pod("pg")).lastState.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
  });
});
