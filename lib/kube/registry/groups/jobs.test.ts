import { describe, expect, it } from "vitest";
import { jobs } from "./jobs";
import { T0, create, obj, update } from "./testing";

const UID = "11111111-2222-3333-4444-555555555555";
const job = (specBody: Record<string, unknown> = {}) =>
  obj("batch/v1", "Job", "pi", {
    spec: { template: { spec: { containers: [{ name: "pi", image: "perl:5.34" }], restartPolicy: "Never" } }, ...specBody },
  });

describe("jobs: discovery", () => {
  it("has upstream discovery data (no short name)", () => {
    expect(jobs).toMatchObject({ group: "batch", version: "v1", resource: "jobs", singular: "job", kind: "Job", categories: ["all"], statusSubresource: true });
    expect(jobs.shortNames).toBeUndefined();
    expect(jobs.subresources?.map((s) => s.name)).toEqual(["status"]);
  });
});

describe("jobs: defaults and selector generation", () => {
  it("defaults completions, parallelism, backoffLimit, completionMode, suspend, replacement policy", () => {
    const { obj: j, errors } = create(jobs, job());
    expect(errors).toEqual([]);
    expect(j.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      suspend: false,
      podReplacementPolicy: "TerminatingOrFailed",
      manualSelector: false,
    });
  });

  it("only defaults parallelism when completions is set", () => {
    const { obj: j } = create(jobs, job({ completions: 5 }));
    expect(j.spec).toMatchObject({ completions: 5, parallelism: 1 });
    const { obj: p } = create(jobs, job({ parallelism: 3 }));
    expect((p.spec as Record<string, unknown>).completions).toBeUndefined();
  });

  it("generates the controller-uid selector and labels from metadata.uid", () => {
    const { obj: j } = create(jobs, job());
    const expected = { "batch.kubernetes.io/controller-uid": UID, "batch.kubernetes.io/job-name": "pi", "controller-uid": UID, "job-name": "pi" };
    expect(j.spec).toMatchObject({ selector: { matchLabels: { "batch.kubernetes.io/controller-uid": UID } }, template: { metadata: { labels: expected } } });
    expect(j.metadata.labels).toEqual(expected);
    expect(j.status).toEqual({});
  });

  it("leaves a manual selector alone", () => {
    const { obj: j, errors } = create(
      jobs,
      job({ manualSelector: true, selector: { matchLabels: { run: "pi" } }, template: { metadata: { labels: { run: "pi" } }, spec: { containers: [{ name: "pi", image: "perl" }], restartPolicy: "OnFailure" } } }),
    );
    expect(errors).toEqual([]);
    expect(j.spec).toMatchObject({ selector: { matchLabels: { run: "pi" } } });
  });

  it("rejects a user selector without manualSelector", () => {
    const { errors } = create(jobs, job({ selector: { matchLabels: { run: "pi" } }, template: { metadata: { labels: { run: "pi" } }, spec: { containers: [{ name: "pi", image: "perl" }], restartPolicy: "Never" } } }));
    expect(errors).toContain('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"11111111-2222-3333-4444-555555555555", "run":"pi"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated');
  });
});

describe("jobs: validation", () => {
  it("requires restartPolicy OnFailure or Never", () => {
    const j = job();
    delete (j.spec as { template: { spec: Record<string, unknown> } }).template.spec.restartPolicy;
    expect(create(jobs, j).errors).toEqual(['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  });

  it("checks non-negative counts and indexed-only fields", () => {
    expect(create(jobs, job({ backoffLimit: -1, parallelism: -2 })).errors).toEqual([
      "spec.parallelism: Invalid value: -2: must be greater than or equal to 0",
      "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(create(jobs, job({ backoffLimitPerIndex: 1 })).errors).toEqual(["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"]);
    expect(create(jobs, job({ completionMode: "Indexed", parallelism: 2 })).errors).toEqual(["spec.completions: Required value: when completion mode is Indexed"]);
  });

  it("makes completions and the template immutable", () => {
    const old = create(jobs, job({ completions: 2 })).obj;
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).completions = 3;
    expect(update(jobs, next, old).errors).toEqual(["spec.completions: Invalid value: 3: field is immutable"]);
    const img = structuredClone(old);
    (img.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]!.image = "perl:6";
    expect(update(jobs, img, old).errors).toEqual(["spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"]);
  });

  it("lets a suspended, never-started job change its node selector", () => {
    const old = create(jobs, job({ suspend: true })).obj;
    const next = structuredClone(old);
    (next.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { zone: "a" };
    expect(update(jobs, next, old).errors).toEqual([]);
  });
});

describe("jobs: printer", () => {
  it("has the 1.33 columns", () => {
    expect(jobs.printer.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Status:0",
      "Completions:0",
      "Duration:0",
      "Age:0",
      "Containers:1",
      "Images:1",
      "Selector:1",
    ]);
  });

  it("prints running and complete jobs", () => {
    const j = create(jobs, job()).obj;
    j.status = { startTime: new Date(T0 + 2_000).toISOString(), active: 1 };
    expect(jobs.printer.cells(j, T0 + 47_000)).toEqual(["pi", "Running", "0/1", "45s", "47s", "pi", "perl:5.34", `batch.kubernetes.io/controller-uid=${UID}`]);
    j.status = {
      startTime: new Date(T0).toISOString(),
      completionTime: new Date(T0 + 12_000).toISOString(),
      succeeded: 1,
      conditions: [{ type: "SuccessCriteriaMet", status: "True" }, { type: "Complete", status: "True" }],
    };
    expect(jobs.printer.cells(j, T0 + 600_000).slice(1, 5)).toEqual(["Complete", "1/1", "12s", "10m"]);
  });

  it("prints failed, suspended and parallel jobs", () => {
    const j = create(jobs, job({ parallelism: 3 })).obj;
    j.status = { conditions: [{ type: "Failed", status: "True" }] };
    expect(jobs.printer.cells(j, T0).slice(1, 4)).toEqual(["Failed", "0/1 of 3", ""]);
    j.status = { conditions: [{ type: "Suspended", status: "True" }] };
    expect(jobs.printer.cells(j, T0)[1]).toBe("Suspended");
    j.metadata.deletionTimestamp = new Date(T0).toISOString();
    expect(jobs.printer.cells(j, T0)[1]).toBe("Terminating");
  });

  it("exposes status.successful as a field selector", () => {
    const j = create(jobs, job()).obj;
    j.status = { succeeded: 2 };
    expect(jobs.fieldSelectors?.["status.successful"]?.(j)).toBe("2");
  });
});
