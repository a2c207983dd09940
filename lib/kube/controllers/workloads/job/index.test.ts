import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, type Harness } from "../testing";
import { JOBS } from "../common/refs";
import type { Pod } from "../common/types";
import { jobController } from "./index";

const job = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", namespace: "default" },
  spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "perl" }] } }, ...spec },
});

let h: Harness;
afterEach(() => h?.close());
const live = async () => (await h.pods()).filter((p) => !p.metadata.deletionTimestamp && !["Succeeded", "Failed"].includes(p.status?.phase ?? ""));
const status = async () => (await h.get(JOBS, "pi")).status as Record<string, unknown> & { conditions?: { type: string; reason: string; message: string }[] };
const conds = async () => ((await status()).conditions ?? []).map((c) => `${c.type}/${c.reason}: ${c.message}`);
const finish = async (p: Pod, phase: "Succeeded" | "Failed") => h.setPhase(p, phase, false);

describe("job-controller", () => {
  it("runs completions with parallelism, tracks pods with the finalizer and completes", async () => {
    h = await startHarness([jobController()]);
    const created = await h.create(JOBS, job({ completions: 3, parallelism: 2 }));
    let pods = await live();
    expect(pods).toHaveLength(2);
    const p = pods[0]!;
    expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(p.metadata.finalizers).toEqual(["batch.kubernetes.io/job-tracking"]);
    expect(p.metadata.labels).toMatchObject({ "batch.kubernetes.io/job-name": "pi", "job-name": "pi", "batch.kubernetes.io/controller-uid": created.metadata.uid, "controller-uid": created.metadata.uid });
    expect(await status()).toEqual({ startTime: "2026-01-01T00:00:00Z", active: 2, terminating: 0, uncountedTerminatedPods: {}, ready: 0 });
    await h.runPods();
    expect((await status()).ready).toBe(2);
    await finish(p, "Succeeded");
    const done = (await h.pods()).find((x) => x.metadata.name === p.metadata.name)!;
    expect(done.metadata.finalizers).toBeUndefined();
    expect(await status()).toMatchObject({ active: 2, succeeded: 1, uncountedTerminatedPods: {} });
    await h.runPods();
    pods = await live();
    for (const x of pods) await finish(x, "Succeeded");
    const st = await status();
    expect(st).toMatchObject({ succeeded: 3, terminating: 0, ready: 0, completionTime: expect.any(String) });
    expect(st).not.toHaveProperty("active");
    expect(await conds()).toEqual(["SuccessCriteriaMet/CompletionsReached: Reached expected number of succeeded pods", "Complete/CompletionsReached: Reached expected number of succeeded pods"]);
    const ev = await h.events("pi");
    expect(ev.filter((e) => e.startsWith("SuccessfulCreate: Created pod: pi-"))).toHaveLength(3);
    expect(ev).toContain("Completed: Job completed");
    expect((await h.pods()).every((x) => !x.metadata.finalizers)).toBe(true);
    expect(h.clock.pending()).toBe(0);
  });

  it("backs off 10 s then 20 s between failures and fails past backoffLimit", async () => {
    h = await startHarness([jobController()]);
    await h.create(JOBS, job({ backoffLimit: 2 }));
    await h.runPods();
    await finish((await live())[0]!, "Failed");
    expect(await status()).toMatchObject({ failed: 1 });
    expect(await live()).toHaveLength(0);
    await h.advance(9_000);
    expect(await live()).toHaveLength(0);
    await h.advance(1_000);
    expect(await live()).toHaveLength(1);
    await h.runPods();
    await finish((await live())[0]!, "Failed");
    await h.advance(19_000);
    expect(await live()).toHaveLength(0);
    await h.advance(1_000);
    expect(await live()).toHaveLength(1);
    await h.runPods();
    await finish((await live())[0]!, "Failed");
    expect(await status()).toMatchObject({ failed: 3 });
    expect(await conds()).toEqual(["FailureTarget/BackoffLimitExceeded: Job has reached the specified backoff limit", "Failed/BackoffLimitExceeded: Job has reached the specified backoff limit"]);
    expect(await h.events("pi")).toContain("BackoffLimitExceeded: Job has reached the specified backoff limit");
    expect(h.clock.pending()).toBe(0);
  });

  it("fails with DeadlineExceeded after activeDeadlineSeconds, once its pods have terminated", async () => {
    h = await startHarness([jobController()]);
    await h.create(JOBS, job({ activeDeadlineSeconds: 30 }));
    await h.runPods();
    await h.advance(29_000);
    expect(await live()).toHaveLength(1);
    await h.advance(1_000);
    expect(await live()).toHaveLength(0);
    expect(await conds()).toEqual(["FailureTarget/DeadlineExceeded: Job was active longer than specified deadline"]);
    expect((await status()).terminating).toBe(1);
    await h.finishDeletions();
    expect(await conds()).toEqual(["FailureTarget/DeadlineExceeded: Job was active longer than specified deadline", "Failed/DeadlineExceeded: Job was active longer than specified deadline"]);
    expect(await h.pods()).toHaveLength(0);
    expect(h.clock.pending()).toBe(0);
  });

  it("Indexed: one pod per completion index, completedIndexes as ranges", async () => {
    h = await startHarness([jobController()]);
    await h.create(JOBS, job({ completions: 3, parallelism: 3, completionMode: "Indexed" }));
    const pods = await live();
    expect(pods.map((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"]).sort()).toEqual(["0", "1", "2"]);
    expect(pods.every((p) => new RegExp(`^pi-${p.metadata.labels?.["batch.kubernetes.io/job-completion-index"]}-`).test(p.metadata.name!))).toBe(true);
    await h.runPods();
    const byIndex = (i: string) => pods.find((p) => p.metadata.annotations?.["batch.kubernetes.io/job-completion-index"] === i)!;
    await finish(byIndex("0"), "Succeeded");
    await finish(byIndex("2"), "Succeeded");
    expect(await status()).toMatchObject({ completedIndexes: "0,2", succeeded: 2 });
    await finish(byIndex("1"), "Succeeded");
    expect(await status()).toMatchObject({ completedIndexes: "0-2", succeeded: 3 });
    expect((await conds()).at(-1)).toBe("Complete/CompletionsReached: Reached expected number of succeeded pods");
  });
});

describe("job suspend and ttl-after-finished-controller", () => {
  it("suspend deletes active pods with a Suspended condition; resume restarts them", async () => {
    h = await startHarness([jobController()]);
    await h.create(JOBS, job({ parallelism: 2, completions: 2 }));
    await h.runPods();
    await h.client.patch(JOBS, "default", "pi", "merge", { spec: { suspend: true } });
    await h.settle();
    expect(await live()).toHaveLength(0);
    expect(await conds()).toEqual(["Suspended/JobSuspended: Job suspended"]);
    await h.finishDeletions();
    await h.advance(5_000);
    await h.client.patch(JOBS, "default", "pi", "merge", { spec: { suspend: false } });
    await h.settle();
    expect(await conds()).toEqual(["Suspended/JobResumed: Job resumed"]);
    expect((await status()).startTime).toBe("2026-01-01T00:00:05Z");
    // pods deleted by the suspension count as failed (isPodFailed), so new pods wait out the
    // backoff for 2 failures: 20 s after they were deleted
    expect(await status()).toMatchObject({ failed: 2 });
    expect(await live()).toHaveLength(0);
    await h.advance(15_000);
    expect(await live()).toHaveLength(2);
    expect((await h.events("pi")).filter((e) => /^(Suspended|Resumed)/.test(e))).toEqual(["Suspended: Job suspended", "Resumed: Job resumed"]);
  });

  it("deletes a finished job ttlSecondsAfterFinished later", async () => {
    const { ttlAfterFinishedController } = await import("./ttl");
    h = await startHarness([jobController(), ttlAfterFinishedController()]);
    await h.create(JOBS, job({ ttlSecondsAfterFinished: 30 }));
    await h.runPods();
    await finish((await live())[0]!, "Succeeded");
    expect((await conds()).at(-1)).toMatch(/^Complete\//);
    expect(h.clock.pending()).toBe(1);
    await h.advance(29_000);
    expect(await h.list(JOBS)).toHaveLength(1);
    await h.advance(1_000);
    const left = await h.list(JOBS);
    // Foreground deletion: gone, or waiting on the garbage collector's foregroundDeletion finalizer
    expect(left.every((j) => j.metadata.deletionTimestamp)).toBe(true);
    expect(h.cluster.trace.entries().some((e) => e.component === "ttl-after-finished-controller" && e.action === "delete job")).toBe(true);
  });
});
