import { afterEach, describe, expect, it } from "vitest";
import { StatusError } from "../api/errors";
import type { LogOptions } from "../apiserver/types";
import { kubeletTestCluster, type KubeletTestCluster } from "./testing";

let t: KubeletTestCluster;
afterEach(() => t?.close());

const ticker = { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo line $i; sleep 5; done"] }] };

async function open(name: string, o: Partial<LogOptions> = {}) {
  const pod = (await t.pod(name))!;
  let out = "";
  let ended = false;
  const h = t.fleet.logSource.open(pod, { container: "c", follow: false, previous: false, timestamps: false, ...o }, { write: (s) => void (out += s), end: () => void (ended = true) });
  return { get out() { return out; }, get ended() { return ended; }, stop: () => h.stop() };
}

async function error(name: string, o: Partial<LogOptions> = {}): Promise<string> {
  try {
    await open(name, o);
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    return `${(e as StatusError).reason}: ${(e as StatusError).message}`;
  }
  return "no error";
}

describe("container logs", () => {
  it("tail, since, timestamps and limitBytes", async () => {
    t = await kubeletTestCluster();
    await t.createPod("tick", ticker);
    await t.run(21_000, 500);
    expect((await open("tick")).out).toBe("line 1\nline 2\nline 3\nline 4\nline 5\n");
    expect((await open("tick", { tailLines: 2 })).out).toBe("line 4\nline 5\n");
    expect((await open("tick", { tailLines: 0 })).out).toBe("");
    expect((await open("tick", { sinceSeconds: 6 })).out).toBe("line 4\nline 5\n");
    expect((await open("tick", { limitBytes: 10 })).out).toBe("line 1\nlin");
    const ts = (await open("tick", { tailLines: 1, timestamps: true })).out;
    expect(ts).toMatch(/^2026-11-27T13:00:2\d\.\d{9}Z line 5\n$/);
    expect((await open("tick", { sinceTime: new Date(t.clock.now() - 6000).toISOString() })).out).toBe("line 4\nline 5\n");
  });

  it("follows new lines until the container stops", async () => {
    t = await kubeletTestCluster();
    await t.createPod("tick", ticker);
    await t.run(2000, 500);
    const f = await open("tick", { follow: true });
    expect(f.out).toBe("line 1\n");
    expect(f.ended).toBe(false);
    await t.run(10_000, 500);
    expect(f.out).toBe("line 1\nline 2\nline 3\n");
    f.stop();
    await t.run(5000, 500);
    expect(f.out).toBe("line 1\nline 2\nline 3\n");
    const g = await open("tick", { follow: true, tailLines: 1 });
    await t.ctx.client.delete({ group: "", version: "v1", resource: "pods" }, "default", "tick", { gracePeriodSeconds: 1 });
    await t.run(2000, 250);
    expect(g.ended).toBe(true);
  });

  it("errors as the kubelet reports them", async () => {
    t = await kubeletTestCluster();
    await t.createPod("tick", ticker);
    expect(await error("tick")).toBe('BadRequest: container "c" in pod "tick" is waiting to start: ContainerCreating');
    await t.run(2000);
    expect(await error("tick", { previous: true })).toBe('BadRequest: previous terminated container "c" in pod "tick" not found');
    await t.createPod("bad", { containers: [{ name: "c", image: "nginx:1.99" }] });
    await t.run(1000);
    expect(await error("bad")).toBe('BadRequest: container "c" in pod "bad" is waiting to start: image can\'t be pulled');
    await t.run(2000);
    expect(await error("bad")).toBe('BadRequest: container "c" in pod "bad" is waiting to start: trying and failing to pull image');
    t.fleet.stopKubelet("worker-1");
    expect(await error("tick")).toBe(': Get "https://172.18.0.3:10250/containerLogs/default/tick/c": dial tcp 172.18.0.3:10250: connect: connection refused');
  });

  it("logs survive a snapshot and restore", async () => {
    t = await kubeletTestCluster();
    await t.createPod("tick", ticker);
    await t.run(6000, 500);
    const snap = JSON.parse(JSON.stringify(t.fleet.snapshotLogs()));
    const before = (await open("tick", { timestamps: true })).out;
    t.fleet.logs.restore({ version: 1, containers: [] });
    expect((await open("tick")).out).toBe("");
    t.fleet.restoreLogs(snap);
    expect((await open("tick", { timestamps: true })).out).toBe(before);
  });

  it("keeps at most maxLines per container", async () => {
    t = await kubeletTestCluster({ logLimits: { maxLines: 3, maxBytes: 1 << 20 } });
    await t.createPod("tick", ticker);
    await t.run(31_000, 1000);
    expect((await open("tick")).out).toBe("line 5\nline 6\nline 7\n");
  });
});
