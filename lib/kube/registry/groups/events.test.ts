import { describe, expect, it } from "vitest";
import { coreEventToEventsV1, eventsV1, eventsV1ToCoreEvent } from "./events";
import { T0, create, obj, update } from "./testing";

const iso = (ms: number) => new Date(T0 + ms).toISOString();

const v1Event = (body: Record<string, unknown> = {}) =>
  obj("events.k8s.io/v1", "Event", "web.17a", {
    eventTime: iso(0),
    reportingController: "kubelab.dev/scheduler",
    reportingInstance: "scheduler-0",
    action: "Binding",
    reason: "Scheduled",
    regarding: { kind: "Pod", namespace: "default", name: "web", uid: "p1" },
    note: "Successfully assigned default/web to node-1",
    type: "Normal",
    ...body,
  });

describe("events.k8s.io/v1 <-> core/v1 conversion", () => {
  it("renames fields both ways", () => {
    const core = eventsV1ToCoreEvent(v1Event());
    expect(core).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      involvedObject: { kind: "Pod", name: "web" },
      message: "Successfully assigned default/web to node-1",
      reportingComponent: "kubelab.dev/scheduler",
      reportingInstance: "scheduler-0",
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: iso(0),
    });
    expect(core.count).toBeUndefined();
    expect(coreEventToEventsV1(core)).toEqual({ ...v1Event(), deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null });
  });

  it("maps legacy core events onto the deprecated fields", () => {
    const core = obj("v1", "Event", "old.1", {
      involvedObject: { kind: "Pod", name: "web", namespace: "default" },
      reason: "Pulled",
      message: "pulled",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: iso(0),
      lastTimestamp: iso(5000),
      count: 3,
      type: "Normal",
    });
    expect(coreEventToEventsV1(core)).toMatchObject({
      regarding: { kind: "Pod", name: "web" },
      note: "pulled",
      deprecatedSource: { component: "kubelet", host: "node-1" },
      deprecatedFirstTimestamp: iso(0),
      deprecatedLastTimestamp: iso(5000),
      deprecatedCount: 3,
      eventTime: null,
    });
  });
});

describe("events.k8s.io/v1 validation (strict)", () => {
  it("accepts a well-formed event", () => {
    expect(create(eventsV1, v1Event()).errors).toEqual([]);
  });

  it("reports missing fields with upstream's paths", () => {
    const e = v1Event({ reportingController: undefined, action: undefined, type: "Info", deprecatedCount: 2 });
    const errs = create(eventsV1, e).errors;
    // upstream also runs ValidateQualifiedName on the empty reportingController (two more errors)
    expect(errs.filter((m) => !m.includes("name part must consist of"))).toEqual([
      "reportingController: Required value",
      'reportingController: Invalid value: "": name part must be non-empty',
      "action: Required value",
      'type: Invalid value: "": has invalid value: Info',
      'deprecatedCount: Invalid value: "": needs to be unset',
    ]);
    expect(errs).toHaveLength(6);
    expect(create(eventsV1, v1Event({ eventTime: undefined })).errors).toContain("eventTime: Required value");
    expect(create(eventsV1, v1Event({ series: { count: 1 } })).errors).toEqual([
      'series.count: Invalid value: "": should be at least 2',
      "series.lastObservedTime: Required value",
    ]);
  });

  it("keeps the note and reason immutable but lets the series grow", () => {
    const old = create(eventsV1, v1Event()).obj;
    const grown = structuredClone(old);
    grown.series = { count: 2, lastObservedTime: iso(10_000) };
    expect(update(eventsV1, grown, old).errors).toEqual([]);
    const edited = structuredClone(old);
    edited.note = "changed";
    expect(update(eventsV1, edited, old).errors).toEqual(['message: Invalid value: "changed": field is immutable']);
  });
});

describe("events printer", () => {
  it("prints the core Event columns for both shapes", () => {
    expect(eventsV1.printer.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Last Seen:0",
      "Type:0",
      "Reason:0",
      "Object:0",
      "Subobject:1",
      "Source:1",
      "Message:0",
      "First Seen:1",
      "Count:1",
      "Name:1",
    ]);
    const row = ["10s", "Normal", "Scheduled", "pod/web", "", "kubelab.dev/scheduler, scheduler-0", "Successfully assigned default/web to node-1", "10s", 1, "web.17a"];
    expect(eventsV1.printer.cells(v1Event(), T0 + 10_000)).toEqual(row);
    expect(eventsV1.printer.cells(eventsV1ToCoreEvent(v1Event()), T0 + 10_000)).toEqual(row);
  });

  it("uses the series for LAST SEEN and COUNT, and legacy timestamps when set", () => {
    const withSeries = v1Event({ series: { count: 4, lastObservedTime: iso(50_000) } });
    const cells = eventsV1.printer.cells(withSeries, T0 + 60_000);
    expect([cells[0], cells[7], cells[8]]).toEqual(["10s", "60s", 4]);
    const legacy = obj("v1", "Event", "old.1", {
      involvedObject: { kind: "Node", name: "node-1", fieldPath: "" },
      reason: "Starting",
      message: " kubelet starting \n",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: iso(0),
      lastTimestamp: iso(30_000),
      count: 2,
      type: "Normal",
    });
    expect(eventsV1.printer.cells(legacy, T0 + 90_000)).toEqual(["60s", "Normal", "Starting", "node/node-1", "", "kubelet, node-1", "kubelet starting", "90s", 2, "old.1"]);
  });
});
