import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { events } from "./events";
import { NOW, created, ctx, obj } from "./testing";

const ev = (extra: Record<string, unknown>) =>
  created(
    events,
    obj("Event", "web.17c2", {
      involvedObject: { kind: "Pod", namespace: "default", name: "web", apiVersion: "v1", fieldPath: "spec.containers{app}" },
      reason: "Pulled",
      message: "Successfully pulled image \"nginx\"\n",
      type: "Normal",
      source: { component: "kubelet", host: "node-1" },
      firstTimestamp: "2024-05-01T11:50:00Z",
      lastTimestamp: "2024-05-01T11:58:00Z",
      count: 3,
      ...extra,
    }),
  );

describe("events", () => {
  it("prints LAST SEEN TYPE REASON OBJECT MESSAGE and the wide columns", () => {
    expect(events.printer.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
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
    expect(events.printer.cells(ev({}), NOW)).toEqual(["2m", "Normal", "Pulled", "pod/web", "spec.containers{app}", "kubelet, node-1", 'Successfully pulled image "nginx"', "10m", 3, "web.17c2"]);
  });

  it("uses eventTime, series and count 1 for new-style events", () => {
    const e = ev({ firstTimestamp: undefined, lastTimestamp: undefined, count: undefined, source: {}, eventTime: "2024-05-01T11:59:00Z", reportingComponent: "default-scheduler", reportingInstance: "", action: "Binding" });
    expect(events.printer.cells(e, NOW).slice(0, 1).concat(events.printer.cells(e, NOW).slice(5, 9))).toEqual(["60s", "default-scheduler", 'Successfully pulled image "nginx"', "60s", 1]);
    const s = ev({ series: { count: 7, lastObservedTime: "2024-05-01T11:59:30Z" } });
    expect([events.printer.cells(s, NOW)[0], events.printer.cells(s, NOW)[8]]).toEqual(["30s", 7]);
  });

  it("involvedObject namespace must match", () => {
    const e = ev({ involvedObject: { kind: "Pod", namespace: "other", name: "web" } });
    expect(aggregateFieldErrors(events.validateCreate!(e, ctx()))).toBe('involvedObject.namespace: Invalid value: "other": does not match event.namespace');
  });

  it("field selectors used by kubectl describe", () => {
    const f = events.fieldSelectors!;
    const e = ev({});
    expect([f["involvedObject.name"]!(e), f["involvedObject.kind"]!(e), f["source"]!(e), f["type"]!(e)]).toEqual(["web", "Pod", "kubelet", "Normal"]);
  });
});
