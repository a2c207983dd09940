import { describe, expect, it } from "vitest";
import { cronjobs } from "./cronjobs";
import { T0, create, obj, update } from "./testing";

const cj = (specBody: Record<string, unknown> = {}) =>
  obj("batch/v1", "CronJob", "backup", {
    spec: {
      schedule: "*/5 * * * *",
      jobTemplate: { spec: { template: { spec: { containers: [{ name: "b", image: "busybox" }], restartPolicy: "OnFailure" } } } },
      ...specBody,
    },
  });

describe("cronjobs", () => {
  it("has upstream discovery data", () => {
    expect(cronjobs).toMatchObject({ group: "batch", resource: "cronjobs", singular: "cronjob", kind: "CronJob", shortNames: ["cj"], categories: ["all"], statusSubresource: true });
  });

  it("defaults concurrency, suspend and history limits and the pod template", () => {
    const { obj: c, errors } = create(cronjobs, cj());
    expect(errors).toEqual([]);
    expect(c.spec).toMatchObject({
      concurrencyPolicy: "Allow",
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: { spec: { dnsPolicy: "ClusterFirst" } } } },
    });
    expect((c.spec as { jobTemplate: { spec: Record<string, unknown> } }).jobTemplate.spec.backoffLimit).toBeUndefined();
  });

  it("validates the schedule with the cron library's message", () => {
    expect(create(cronjobs, cj({ schedule: "every minute" })).errors).toEqual([
      'spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]',
    ]);
    expect(create(cronjobs, cj({ schedule: "" })).errors).toEqual(["spec.schedule: Required value"]);
    expect(create(cronjobs, cj({ schedule: "TZ=UTC 0 * * * *" })).errors).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(create(cronjobs, cj({ schedule: "TZ=UTC * * * * " })).errors).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC * * * * ": expected exactly 5 fields, found 4: [* * * *]',
      'spec.schedule: Invalid value: "TZ=UTC * * * * ": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it("validates time zones, concurrency policy, the job template and name length", () => {
    expect(create(cronjobs, cj({ timeZone: "Mars/Olympus" })).errors).toEqual(['spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
    expect(create(cronjobs, cj({ timeZone: "Europe/Berlin" })).errors).toEqual([]);
    expect(create(cronjobs, cj({ concurrencyPolicy: "Sometimes" })).errors).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ]);
    const noRestart = cj();
    delete (noRestart.spec as { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } }).jobTemplate.spec.template.spec.restartPolicy;
    expect(create(cronjobs, noRestart).errors).toEqual(['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
    const long = cj();
    long.metadata.name = "a".repeat(53);
    expect(create(cronjobs, long).errors).toEqual([`metadata.name: Invalid value: "${"a".repeat(53)}": must be no more than 52 characters`]);
  });

  it("allows updates and keeps the stored status", () => {
    const old = create(cronjobs, cj()).obj;
    old.status = { lastScheduleTime: new Date(T0).toISOString() };
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).suspend = true;
    next.status = {};
    const { obj: c, errors } = update(cronjobs, next, old);
    expect(errors).toEqual([]);
    expect(c.status).toEqual(old.status);
  });

  it("prints SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE + wide", () => {
    expect(cronjobs.printer.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      "Name:string:0",
      "Schedule:string:0",
      "Timezone:string:0",
      "Suspend:boolean:0",
      "Active:integer:0",
      "Last Schedule:string:0",
      "Age:string:0",
      "Containers:string:1",
      "Images:string:1",
      "Selector:string:1",
    ]);
    const c = create(cronjobs, cj()).obj;
    expect(cronjobs.printer.cells(c, T0 + 120_000)).toEqual(["backup", "*/5 * * * *", "<none>", "False", 0, "<none>", "2m", "b", "busybox", "<none>"]);
    c.status = { active: [{ name: "backup-1" }], lastScheduleTime: new Date(T0 + 60_000).toISOString() };
    expect(cronjobs.printer.cells(c, T0 + 120_000).slice(4, 6)).toEqual([1, "60s"]);
  });
});
