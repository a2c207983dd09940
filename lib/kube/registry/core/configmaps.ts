/**
 * core/v1 configmaps (cm): key validation (IsConfigMapKey at `data[key]`), keys unique across
 * data/binaryData, the 1 MiB size limit, `immutable`, and printConfigMap's DATA count.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { ALL_VERBS, ageColumn, asRecord, column, isConfigMapKey, nameColumn, simpleDefinition, swaggerDoc, translateTimestampSince } from "../common";

export const MAX_CONFIG_SIZE = 1024 * 1024;
const IMMUTABLE = "field is immutable when `immutable` is set";

/** validates the keys of `data`-like maps at `<field>[<key>]` */
export function validateDataKeys(map: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(asRecord(map))) for (const m of isConfigMapKey(key)) errs.push(fieldError.invalid(`${field}[${key}]`, key, m));
  return errs;
}

function validateConfigMap(cm: KubeObject): FieldError[] {
  const data = asRecord(cm.data);
  const binary = asRecord(cm.binaryData);
  const errs = [...validateDataKeys(data, "data"), ...validateDataKeys(binary, "binaryData")];
  let total = 0;
  for (const [k, v] of Object.entries(data)) total += Buffer.byteLength(k) + Buffer.byteLength(typeof v === "string" ? v : "");
  for (const [k, v] of Object.entries(binary)) {
    if (k in data) errs.push(fieldError.invalid(`binaryData[${k}]`, k, "duplicate of key present in data"));
    total += Buffer.byteLength(k) + (typeof v === "string" ? Buffer.from(v, "base64").length : 0);
  }
  if (total > MAX_CONFIG_SIZE) errs.push({ type: "FieldValueTooLong", field: "", detail: `must have at most ${MAX_CONFIG_SIZE} bytes` });
  return errs;
}

/** `immutable: true` freezes data, binaryData and immutable itself */
export function validateImmutableData(obj: KubeObject, old: KubeObject): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fieldError.forbidden("immutable", IMMUTABLE));
  const same = (a: unknown, b: unknown) => JSON.stringify(asRecord(a)) === JSON.stringify(asRecord(b));
  if (!same(obj.data, old.data)) errs.push(fieldError.forbidden("data", IMMUTABLE));
  if (!same(obj.binaryData, old.binaryData)) errs.push(fieldError.forbidden("binaryData", IMMUTABLE));
  return errs;
}

export const configmaps: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "configmaps",
  singular: "configmap",
  kind: "ConfigMap",
  namespaced: true,
  shortNames: ["cm"],
  verbs: ALL_VERBS,
  validate: validateConfigMap,
  validateUpdateExtra: validateImmutableData,
  printer: {
    columns: [nameColumn, column("Data", "string", swaggerDoc["ConfigMap.data"]), ageColumn],
    cells: (cm, now) => [
      cm.metadata.name ?? "",
      Object.keys(asRecord(cm.data)).length + Object.keys(asRecord(cm.binaryData)).length,
      translateTimestampSince(cm.metadata.creationTimestamp, now),
    ],
  },
});
