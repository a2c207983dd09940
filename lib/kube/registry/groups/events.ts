/**
 * events.k8s.io/v1 events. Upstream serves them from the core events storage
 * (pkg/registry/events/rest uses pkg/registry/core/event/storage), so they share
 * `storageResource: "events"` with core/v1 Events; the API server converts with
 * `coreEventToEventsV1` / `eventsV1ToCoreEvent` (pkg/apis/events/v1/conversion.go).
 *
 * The hooks accept either shape (they convert an events.k8s.io object to core first), run
 * ValidateEventCreate / ValidateEventUpdate with the strict events.k8s.io/v1 rules, and print
 * with the core Event columns, as upstream's table convertor does for both groups.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import {
  column,
  humanDuration,
  isDNS1123Subdomain,
  isQualifiedName,
  nameColumn,
  nameIsDNSSubdomain,
  parseTime,
  swaggerDoc,
  translateTimestampSince,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../common";
import { asObject, deepEqual, num } from "./util";
import { STANDARD_VERBS } from "./workload";

type Json = Record<string, unknown>;
const present = (v: unknown) => v !== undefined && v !== null && v !== "";

/** core/v1 Event -> events.k8s.io/v1 Event (fields renamed as upstream's conversion does) */
export function coreEventToEventsV1(core: KubeObject): KubeObject {
  const out: KubeObject = { apiVersion: "events.k8s.io/v1", kind: "Event", metadata: structuredClone(core.metadata) };
  out.eventTime = core.eventTime ?? null;
  if (present(core.series)) out.series = structuredClone(core.series);
  if (present(core.reportingComponent)) out.reportingController = core.reportingComponent;
  if (present(core.reportingInstance)) out.reportingInstance = core.reportingInstance;
  if (present(core.action)) out.action = core.action;
  if (present(core.reason)) out.reason = core.reason;
  out.regarding = structuredClone(core.involvedObject ?? {});
  if (present(core.related)) out.related = structuredClone(core.related);
  if (present(core.message)) out.note = core.message;
  if (present(core.type)) out.type = core.type;
  out.deprecatedSource = structuredClone(core.source ?? {});
  out.deprecatedFirstTimestamp = core.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = core.lastTimestamp ?? null;
  if (typeof core.count === "number" && core.count !== 0) out.deprecatedCount = core.count;
  return out;
}

/** events.k8s.io/v1 Event -> core/v1 Event */
export function eventsV1ToCoreEvent(ev: KubeObject): KubeObject {
  const out: KubeObject = { apiVersion: "v1", kind: "Event", metadata: structuredClone(ev.metadata) };
  out.involvedObject = structuredClone(ev.regarding ?? {});
  if (present(ev.reason)) out.reason = ev.reason;
  if (present(ev.note)) out.message = ev.note;
  out.source = structuredClone(ev.deprecatedSource ?? {});
  out.firstTimestamp = ev.deprecatedFirstTimestamp ?? null;
  out.lastTimestamp = ev.deprecatedLastTimestamp ?? null;
  if (typeof ev.deprecatedCount === "number" && ev.deprecatedCount !== 0) out.count = ev.deprecatedCount;
  if (present(ev.type)) out.type = ev.type;
  out.eventTime = ev.eventTime ?? null;
  if (present(ev.series)) out.series = structuredClone(ev.series);
  if (present(ev.action)) out.action = ev.action;
  if (present(ev.related)) out.related = structuredClone(ev.related);
  out.reportingComponent = typeof ev.reportingController === "string" ? ev.reportingController : "";
  out.reportingInstance = typeof ev.reportingInstance === "string" ? ev.reportingInstance : "";
  return out;
}

/** the core form of an Event given in either group's shape */
export function asCoreEvent(obj: KubeObject): KubeObject {
  return obj.apiVersion.startsWith("events.k8s.io/") ? eventsV1ToCoreEvent(obj) : obj;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const zero = (v: unknown) => parseTime(typeof v === "string" ? v : undefined) === undefined;

/** legacyValidateEvent for an events.k8s.io request (reportingController named as such) */
function legacyValidate(e: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata.namespace ?? "";
  const involvedNs = str(asObject(e.involvedObject)?.namespace);
  if (zero(e.eventTime)) {
    if (involvedNs === "" ? ns !== "" && ns !== "default" : ns !== involvedNs)
      errs.push(fieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  } else {
    if (involvedNs === "" && ns !== "default" && ns !== "kube-system")
      errs.push(fieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    const rc = str(e.reportingComponent);
    if (rc === "") errs.push(fieldError.required("reportingController", ""));
    for (const m of isQualifiedName(rc)) errs.push(fieldError.invalid("reportingController", rc, m));
    const checks: [string, number][] = [
      ["reportingInstance", 128],
      ["action", 128],
      ["reason", 128],
    ];
    for (const [f, limit] of checks) {
      const v = str(e[f]);
      if (v === "") errs.push(fieldError.required(f, ""));
      if (v.length > limit) errs.push(fieldError.invalid(f, "", `can have at most ${limit} characters`));
    }
    if (str(e.message).length > 1024) errs.push(fieldError.invalid("message", "", "can have at most 1024 characters"));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(fieldError.invalid("namespace", ns, m));
  return errs;
}

function validateSeries(e: KubeObject): FieldError[] {
  const s = asObject(e.series);
  if (!s) return [];
  const errs: FieldError[] = [];
  if (num(s.count) < 2) errs.push(fieldError.invalid("series.count", "", "should be at least 2"));
  if (zero(s.lastObservedTime)) errs.push(fieldError.required("series.lastObservedTime", ""));
  return errs;
}

/** ValidateEventCreate with requestVersion events.k8s.io/v1 (strict) */
export function validateEventCreate(obj: KubeObject): FieldError[] {
  const e = asCoreEvent(obj);
  const errs = [...legacyValidate(e), ...validateObjectMeta(e.metadata, true, nameIsDNSSubdomain), ...validateSeries(e)];
  if (zero(e.eventTime)) errs.push(fieldError.required("eventTime", ""));
  if (e.type !== "Normal" && e.type !== "Warning") errs.push(fieldError.invalid("type", "", `has invalid value: ${str(e.type)}`));
  if (!zero(e.firstTimestamp)) errs.push(fieldError.invalid("deprecatedFirstTimestamp", "", "needs to be unset"));
  if (!zero(e.lastTimestamp)) errs.push(fieldError.invalid("deprecatedLastTimestamp", "", "needs to be unset"));
  if (num(e.count) !== 0) errs.push(fieldError.invalid("deprecatedCount", "", "needs to be unset"));
  const src = asObject(e.source) ?? {};
  if (present(src.component) || present(src.host)) errs.push(fieldError.invalid("deprecatedSource", "", "needs to be unset"));
  return errs;
}

const IMMUTABLE: [string, string][] = [
  ["involvedObject", "core.ObjectReference{...}"],
  ["reason", ""],
  ["message", ""],
  ["source", "core.EventSource{...}"],
  ["firstTimestamp", ""],
  ["lastTimestamp", ""],
  ["count", ""],
  ["type", ""],
  ["eventTime", ""],
  ["action", ""],
  ["related", "core.ObjectReference{...}"],
  ["reportingComponent", ""],
  ["reportingInstance", ""],
];

/** ValidateEventUpdate with requestVersion events.k8s.io/v1 */
export function validateEventUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const e = asCoreEvent(obj);
  const o = asCoreEvent(old);
  const errs = [...legacyValidate(e), ...validateObjectMetaUpdate(e.metadata, o.metadata)];
  if (!deepEqual(e.series, o.series)) errs.push(...validateSeries(e));
  for (const [f, goText] of IMMUTABLE) {
    if (deepEqual(e[f] ?? null, o[f] ?? null)) continue;
    const path = f === "reportingComponent" ? "reportingController" : f;
    errs.push(fieldError.invalid(path, goText ? new GoValue(goText) : (e[f] ?? ""), "field is immutable"));
  }
  return errs;
}

function microSince(ts: unknown, now: number): string {
  const t = parseTime(typeof ts === "string" ? ts : undefined);
  return t === undefined ? "<unknown>" : humanDuration(now - t);
}

/** printEvent (always wide, as the server-side table is) over the core form */
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
  cells(obj, now) {
    const e = asCoreEvent(obj);
    const first = zero(e.firstTimestamp) ? microSince(e.eventTime, now) : translateTimestampSince(str(e.firstTimestamp), now);
    let last = zero(e.lastTimestamp) ? first : translateTimestampSince(str(e.lastTimestamp), now);
    let count = num(e.count);
    const series = asObject(e.series);
    if (series) {
      last = microSince(series.lastObservedTime, now);
      count = num(series.count);
    } else if (count === 0) count = 1;
    const io: Json = asObject(e.involvedObject) ?? {};
    const kind = str(io.kind).toLowerCase();
    const target = str(io.name) ? `${kind}/${str(io.name)}` : kind;
    const src = asObject(e.source) ?? {};
    const component = str(src.component) || str(e.reportingComponent);
    const instance = str(src.host) || str(e.reportingInstance);
    const source = instance ? `${component}, ${instance}` : component;
    return [last, str(e.type), str(e.reason), target, str(io.fieldPath), source, str(e.message).trim(), first, count, e.metadata.name ?? ""];
  },
};

export const eventsV1: ResourceDefinition = {
  group: "events.k8s.io",
  version: "v1",
  resource: "events",
  singular: "event",
  kind: "Event",
  listKind: "EventList",
  namespaced: true,
  shortNames: ["ev"],
  verbs: STANDARD_VERBS,
  storageResource: "events",
  statusSubresource: false,
  validateCreate: validateEventCreate,
  validateUpdate: validateEventUpdate,
  printer: eventPrinter,
};
