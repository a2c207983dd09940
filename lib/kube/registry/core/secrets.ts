/**
 * core/v1 secrets: stringData merged into data (v1 conversion), type Opaque by default, key and
 * base64 checks, the per-type required keys of ValidateSecret, type immutability, `immutable`,
 * and printSecret (NAME TYPE DATA AGE).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { ALL_VERBS, ageColumn, asRecord, column, nameColumn, simpleDefinition, swaggerDoc, translateTimestampSince, validateImmutableField } from "../common";
import { MAX_CONFIG_SIZE, validateDataKeys, validateImmutableData } from "./configmaps";

/** the v1->internal conversion of stringData and SetDefaults_Secret */
export function defaultSecret(secret: KubeObject): void {
  const stringData = asRecord(secret.stringData);
  if (secret.stringData !== undefined) {
    const data = { ...asRecord(secret.data) };
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(typeof v === "string" ? v : "", "utf8").toString("base64");
    secret.data = data;
    delete secret.stringData;
  }
  if (!secret.type) secret.type = "Opaque";
}

/** Go's base64.StdEncoding: index of the first bad byte, or -1 */
export function base64ErrorAt(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (/[A-Za-z0-9+/]/.test(c)) continue;
    if (c === "=" && (i === value.length - 1 || (i === value.length - 2 && value[i + 1] === "=")) && value.length % 4 === 0) return -1;
    return i;
  }
  return value.length % 4 === 0 ? -1 : value.length - (value.length % 4);
}

const required = (key: string) => fieldError.required(`data[${key}]`);

function validateSecret(secret: KubeObject): FieldError[] {
  const data = asRecord(secret.data);
  const errs = validateDataKeys(data, "data");
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    const text = typeof v === "string" ? v : "";
    const bad = base64ErrorAt(text);
    if (bad >= 0) errs.push(fieldError.invalid(`data[${k}]`, text, `illegal base64 data at input byte ${bad}`));
    total += Buffer.byteLength(k) + Buffer.from(text, "base64").length;
  }
  if (total > MAX_CONFIG_SIZE) errs.push({ type: "FieldValueTooLong", field: "data", detail: `must have at most ${MAX_CONFIG_SIZE} bytes` });
  const has = (k: string) => k in data;
  switch (secret.type) {
    case "kubernetes.io/service-account-token":
      if (!secret.metadata.annotations?.["kubernetes.io/service-account.name"])
        errs.push(fieldError.required("metadata.annotations[kubernetes.io/service-account.name]"));
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(required(".dockercfg"));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(required(".dockerconfigjson"));
      break;
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) errs.push(required("username"), required("password"));
      break;
    case "kubernetes.io/ssh-auth":
      if (!has("ssh-privatekey")) errs.push(required("ssh-privatekey"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.key")) errs.push(required("tls.key"));
      if (!has("tls.crt")) errs.push(required("tls.crt"));
      break;
    default:
  }
  return errs;
}

export const secrets: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "secrets",
  singular: "secret",
  kind: "Secret",
  namespaced: true,
  verbs: ALL_VERBS,
  defaults: defaultSecret,
  validate: validateSecret,
  validateUpdateExtra: (s, old) => [...validateImmutableField(s.type, old.type, "type"), ...validateImmutableData(s, old)],
  printer: {
    columns: [nameColumn, column("Type", "string", swaggerDoc["Secret.type"]), column("Data", "string", swaggerDoc["Secret.data"]), ageColumn],
    cells: (s, now) => [s.metadata.name ?? "", typeof s.type === "string" ? s.type : "", Object.keys(asRecord(s.data)).length, translateTimestampSince(s.metadata.creationTimestamp, now)],
  },
  fieldSelectors: { type: (s) => (typeof s.type === "string" ? s.type : "") },
});
