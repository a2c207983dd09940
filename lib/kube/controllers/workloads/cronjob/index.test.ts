import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, type Harness } from "../testing";
import { CRONJOBS, JOBS } from "../common/refs";
import { jobController } from "../job";
import { cronJobController } from "./index";

const T0 = Date.UTC(2026, 0, 1);
const minutes = (m: number) => Math.floor((T0 + m * 60_000) / 60_000);
const cronjob = (spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "hello", namespace: "default" },
  spec: {
    schedule: "* * * * *",
    jobTemplate: { spec: { template: { spec: { restartPolicy: "OnFailure", containers: [{ name: "c", image: "busybox" }] } } } },
    ...spec,
  },
});

let h: Harness;
afterEach(() => h?.close());
const jobNames = async () => (await h.list(JOBS)).map((j) => j.metadata.name).sort();
const status = async () => (await h.get(CRONJOBS, "hello")).status as { active?: { name: string }[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
/** runs the job's pods to success (what the kubelet would do) */
const completeJobs = async () => {
  await h.runPods();
  for (const p of await h.pods()) if (p.status?.phase === "Running") await h.setPhase(p, "Succeeded", false);
};

describe("cronjob-controller", () => {
  it("creates <cronjob>-<minutes> on schedule with one timer, and notices completion", async () => {
    h = await startHarness([jobController(), cronJobController()]);
    await h.create(CRONJOBS, cronjob());
    expect(await jobNames()).toEqual([]);
    expect(h.clock.pending()).toBe(1);
    await h.advance(60_000);
    expect(await jobNames()).toEqual([]);
    // due 100 ms after the scheduled minute (nextScheduleDelta)
    await h.advance(1_000);
    expect(await jobNames()).toEqual([`hello-${minutes(1)}`]);
    const job = await h.get(JOBS, `hello-${minutes(1)}`);
    expect(job.metadata.annotations).toEqual({ "batch.kubernetes.io/cronjob-scheduled-timestamp": "2026-01-01T00:01:00Z" });
    expect(job.metadata.ownerReferences?.[0]).toMatchObject({ kind: "CronJob", name: "hello", controller: true });
    expect(await status()).toMatchObject({ active: [{ name: `hello-${minutes(1)}` }], lastScheduleTime: "2026-01-01T00:01:00Z" });
    expect(h.clock.pending()).toBe(1);
    await completeJobs();
    const st = await status();
    expect(st.active).toBeUndefined();
    expect(st.lastSuccessfulTime).toBe("2026-01-01T00:01:01Z"); // the job's completionTime
    expect(await h.events("hello")).toEqual([`SuccessfulCreate: Created job hello-${minutes(1)}`, `SawCompletedJob: Saw completed job: hello-${minutes(1)}, condition: Complete`]);
  });

  it("Forbid skips a run while one is active; Replace deletes it", async () => {
    h = await startHarness([cronJobController()]);
    await h.create(CRONJOBS, cronjob({ concurrencyPolicy: "Forbid" }));
    await h.advance(61_000);
    await h.advance(60_000);
    expect(await jobNames()).toEqual([`hello-${minutes(1)}`]);
    expect(await h.events("hello")).toContain("JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid");
    await h.client.patch(CRONJOBS, "default", "hello", "merge", { spec: { concurrencyPolicy: "Replace" } });
    await h.advance(60_000);
    expect(await jobNames()).toEqual([`hello-${minutes(3)}`]);
    expect(await h.events("hello")).toContain(`SuccessfulDelete: Deleted job hello-${minutes(1)}`);
    expect((await status()).active?.map((r) => r.name)).toEqual([`hello-${minutes(3)}`]);
  });

  it("Allow runs concurrently; successfulJobsHistoryLimit prunes the oldest finished jobs", async () => {
    h = await startHarness([jobController(), cronJobController()]);
    await h.create(CRONJOBS, cronjob({ successfulJobsHistoryLimit: 1, schedule: "*/2 * * * *" }));
    await h.advance(121_000);
    await h.advance(120_000);
    expect(await jobNames()).toEqual([`hello-${minutes(2)}`, `hello-${minutes(4)}`]);
    await completeJobs();
    expect(await jobNames()).toEqual([`hello-${minutes(4)}`]);
    expect(await h.events("hello")).toContain(`SuccessfulDelete: Deleted job hello-${minutes(2)}`);
  });

  it("suspend holds no timer; startingDeadlineSeconds skips runs missed while suspended", async () => {
    h = await startHarness([cronJobController()]);
    await h.create(CRONJOBS, cronjob({ suspend: true, startingDeadlineSeconds: 10 }));
    expect(h.clock.pending()).toBe(0);
    await h.advance(90_000);
    expect(await jobNames()).toEqual([]);
    await h.client.patch(CRONJOBS, "default", "hello", "merge", { spec: { suspend: false } });
    await h.settle();
    // 00:01 was missed by more than 10 s: nothing now, the next run at 00:02
    expect(await jobNames()).toEqual([]);
    expect(h.clock.pending()).toBe(1);
    await h.advance(31_000);
    expect(await jobNames()).toEqual([`hello-${minutes(2)}`]);
  });
});
