/**
 * core/v1 events (ev): legacyValidateEvent's namespace agreement, the field selectors kubectl
 * describe uses (involvedObject.*), and printEvent (LAST SEEN TYPE REASON OBJECT MESSAGE; wide
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ALL_VERBS, asRecord, column, isDNS1123Subdomain, nameColumn, parseTime, simpleDefinition, swaggerDoc, translateTimestampSince } from "../common";

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const involved = (e: KubeObject) => asRecord(e.involvedObject);

function validateEvent(e: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata.namespace ?? "";
  const ions = str(involved(e).namespace);
  if (parseTime(str(e.eventTime)) === undefined) {
    if (!ions) {
      if (ns !== "" && ns !== "default") errs.push(fieldError.invalid("involvedObject.namespace", ions, "does not match event.namespace"));
    } else if (ns !== ions) errs.push(fieldError.invalid("involvedObject.namespace", ions, "does not match event.namespace"));
  } else {
    if (!str(e.reportingComponent)) errs.push(fieldError.required("reportingComponent"));
    if (!str(e.reportingInstance)) errs.push(fieldError.required("reportingInstance"));
    if (!str(e.action)) errs.push(fieldError.required("action"));
    if (e.type !== "Normal" && e.type !== "Warning") errs.push(fieldError.invalid("type", "", `has invalid value: ${str(e.type)}`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldError.invalid("namespace", ns, m));
  return errs;
}

/** formatEventSource */
function eventSource(e: KubeObject): string {
  const src = asRecord(e.source);
  const component = str(src.component) || str(e.reportingComponent);
  const host = str(src.host) || str(e.reportingInstance);
  return host ? `${component}, ${host}` : component;
}

export const eventPrinter: TablePrinter = {
  columns: [
    column("Last Seen", "string", swaggerDoc["Event.lastTimestamp"]),
    column("Type", "string", swaggerDoc["Event.type"]),
    column("Reason", "string", swaggerDoc["Event.reason"]),
    column("Object", "string", swaggerDoc["Event.involvedObject"]),
    column("Subobject", "string", swaggerDoc["ObjectReference.fieldPath"], 1),
    column("Source", "string", swaggerDoc["Event.source"], 1),
    column("Message", "string", swaggerDoc["Event.message"]),
    column("First Seen", "string", swaggerDoc["Event.firstTimestamp"], 1),
    column("Count", "string", swaggerDoc["Event.count"], 1),
    { ...nameColumn, priority: 1 },
  ],
  cells(e, now) {
    const first = parseTime(str(e.firstTimestamp)) !== undefined ? translateTimestampSince(str(e.firstTimestamp), now) : translateTimestampSince(str(e.eventTime), now);
    let last = parseTime(str(e.lastTimestamp)) !== undefined ? translateTimestampSince(str(e.lastTimestamp), now) : first;
    let count = typeof e.count === "number" ? e.count : 0;
    if (e.series && typeof e.series === "object") {
      const series = asRecord(e.series);
      last = translateTimestampSince(str(series.lastObservedTime), now);
      count = typeof series.count === "number" ? series.count : 0;
    } else if (count === 0) count = 1;
    const io = involved(e);
    const kind = str(io.kind).toLowerCase();
    const target = str(io.name) ? `${kind}/${str(io.name)}` : kind;
    return [last, str(e.type), str(e.reason), target, str(io.fieldPath), eventSource(e), str(e.message).trim(), first, count, e.metadata.name ?? ""];
  },
};

export const events: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "events",
  singular: "event",
  kind: "Event",
  namespaced: true,
  shortNames: ["ev"],
  verbs: ALL_VERBS,
  validate: validateEvent,
  printer: eventPrinter,
  fieldSelectors: {
    "involvedObject.kind": (e) => str(involved(e).kind),
    "involvedObject.namespace": (e) => str(involved(e).namespace),
    "involvedObject.name": (e) => str(involved(e).name),
    "involvedObject.uid": (e) => str(involved(e).uid),
    "involvedObject.apiVersion": (e) => str(involved(e).apiVersion),
    "involvedObject.resourceVersion": (e) => str(involved(e).resourceVersion),
    "involvedObject.fieldPath": (e) => str(involved(e).fieldPath),
    reason: (e) => str(e.reason),
    reportingComponent: (e) => str(e.reportingComponent),
    source: (e) => str(asRecord(e.source).component),
    type: (e) => str(e.type),
  },
});
