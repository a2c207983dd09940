/**
 * core/v1 limitranges (limits) and resourcequotas (quota): SetDefaults_LimitRangeItem, quantity
 * checks, quota status cleared on create, and printResourceQuota's REQUEST/LIMIT columns.
 * LimitRanges have no printer upstream (default Name / Created At table).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import {
  ALL_VERBS,
  QUANTITY_SYNTAX_ERROR,
  ageColumn,
  asArray,
  asRecord,
  column,
  defaultTablePrinter,
  nameColumn,
  parseQuantity,
  quantityString,
  simpleDefinition,
  translateTimestampSince,
} from "../common";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");

function validateQuantities(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, q] of Object.entries(asRecord(list))) {
    const v = parseQuantity(q);
    if (v === undefined) errs.push(fieldError.invalid(`${path}[${k}]`, quantityString(q), QUANTITY_SYNTAX_ERROR));
    else if (v < 0) errs.push(fieldError.invalid(`${path}[${k}]`, quantityString(q), "must be greater than or equal to 0"));
  }
  return errs;
}

/** SetDefaults_LimitRangeItem for Container items */
export function defaultLimitRange(lr: KubeObject): void {
  for (const item of recs(asRecord(lr.spec).limits)) {
    if (item.type !== "Container") continue;
    const def = { ...asRecord(item.default) };
    const defReq = { ...asRecord(item.defaultRequest) };
    for (const [k, v] of Object.entries(asRecord(item.max))) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(asRecord(item.min))) if (!(k in defReq)) defReq[k] = v;
    item.default = def;
    item.defaultRequest = defReq;
  }
}

const limitTypes = ["Pod", "Container", "PersistentVolumeClaim"];

function validateLimitRange(lr: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  recs(asRecord(lr.spec).limits).forEach((item, i) => {
    const p = `spec.limits[${i}]`;
    const type = typeof item.type === "string" ? item.type : "";
    if (!type) errs.push(fieldError.required(`${p}.type`));
    else if (!limitTypes.includes(type) && !type.includes("/")) errs.push(fieldError.notSupported(`${p}.type`, type, limitTypes));
    for (const f of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) errs.push(...validateQuantities(item[f], `${p}.${f}`));
    if (type === "Pod" && (item.default !== undefined || item.defaultRequest !== undefined))
      errs.push(fieldError.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
  });
  return errs;
}

export const limitranges: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "limitranges",
  singular: "limitrange",
  kind: "LimitRange",
  namespaced: true,
  shortNames: ["limits"],
  verbs: ALL_VERBS,
  defaults: defaultLimitRange,
  validate: validateLimitRange,
  printer: defaultTablePrinter,
});

/** printResourceQuota: `resource: used/hard` pairs, limits.* in the LIMIT column */
export function quotaColumns(q: KubeObject): [string, string] {
  const status = asRecord(q.status);
  const hard = asRecord(status.hard);
  const used = asRecord(status.used);
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const text = `${name}: ${quantityString(used[name] ?? "0")}/${quantityString(hard[name])}`;
    const pieces = name.split(".");
    (pieces.length > 1 && pieces[0] === "limits" ? limit : request).push(text);
  }
  return [request.join(", "), limit.join(", ")];
}

export const resourcequotas: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "resourcequotas",
  singular: "resourcequota",
  kind: "ResourceQuota",
  namespaced: true,
  shortNames: ["quota"],
  verbs: ALL_VERBS,
  subresources: [{ name: "status", responseKind: { group: "", version: "v1", kind: "ResourceQuota" }, verbs: ["get", "patch", "update"] }],
  statusSubresource: true,
  prepareForCreate(q) {
    q.status = {};
  },
  validate: (q) => [...validateQuantities(asRecord(q.spec).hard, "spec.hard"), ...validateQuantities(asRecord(q.status).hard, "status.hard"), ...validateQuantities(asRecord(q.status).used, "status.used")],
  printer: {
    columns: [
      nameColumn,
      column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
      column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
      ageColumn,
    ],
    cells(q, now) {
      const [req, lim] = quotaColumns(q);
      return [q.metadata.name ?? "", req, lim, translateTimestampSince(q.metadata.creationTimestamp, now)];
    },
  },
});
