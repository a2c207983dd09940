/**
 * core/v1 persistentvolumes (pv, cluster-scoped) and persistentvolumeclaims (pvc): defaults
 * (phase Pending, reclaim policy Retain, volumeMode Filesystem), the commonly hit validation, and
 * printPersistentVolume / printPersistentVolumeClaim.
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
  nameColumn,
  parseQuantity,
  quantityString,
  simpleDefinition,
  swaggerDoc,
  translateTimestampSince,
} from "../common";

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const accessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
const UNSET = "<unset>";

/** helper.GetAccessModesAsString */
export function accessModesString(modes: unknown): string {
  const list = asArray<string>(modes);
  const out: string[] = [];
  if (list.includes("ReadWriteOnce")) out.push("RWO");
  if (list.includes("ReadOnlyMany")) out.push("ROX");
  if (list.includes("ReadWriteMany")) out.push("RWX");
  if (list.includes("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

const storageClassOf = (o: KubeObject, spec: Obj) => o.metadata.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? str(spec.storageClassName);

function validateAccessModes(modes: unknown, path: string): FieldError[] {
  const list = asArray<string>(modes);
  const errs: FieldError[] = [];
  if (list.length === 0) errs.push(fieldError.required(path));
  for (const m of list) if (!accessModes.includes(m)) errs.push(fieldError.notSupported(path, m, accessModes));
  if (list.includes("ReadWriteOncePod") && list.length > 1) errs.push(fieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
  return errs;
}

function validateStorage(list: unknown, path: string, requiredKey: string): FieldError[] {
  const q = asRecord(list)[requiredKey];
  if (q === undefined) return [fieldError.required(`${path}[${requiredKey}]`)];
  const v = parseQuantity(q);
  if (v === undefined) return [fieldError.invalid(`${path}[${requiredKey}]`, quantityString(q), QUANTITY_SYNTAX_ERROR)];
  if (v <= 0) return [fieldError.invalid(`${path}[${requiredKey}]`, quantityString(q), "must be greater than zero")];
  return [];
}

export const persistentvolumes: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "persistentvolumes",
  singular: "persistentvolume",
  kind: "PersistentVolume",
  namespaced: false,
  shortNames: ["pv"],
  verbs: ALL_VERBS,
  subresources: [{ name: "status", responseKind: { group: "", version: "v1", kind: "PersistentVolume" }, verbs: ["get", "patch", "update"] }],
  statusSubresource: true,
  defaults(pv) {
    if (!pv.spec || typeof pv.spec !== "object") pv.spec = {};
    const spec = pv.spec as Obj;
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    const status = asRecord(pv.status);
    if (!status.phase) pv.status = { ...status, phase: "Pending" };
  },
  prepareForCreate(pv) {
    pv.status = { phase: "Pending" };
  },
  validate(pv) {
    const spec = asRecord(pv.spec);
    const errs = [...validateAccessModes(spec.accessModes, "spec.accessModes"), ...validateStorage(spec.capacity, "spec.capacity", "storage")];
    const rp = str(spec.persistentVolumeReclaimPolicy);
    if (!["Retain", "Delete", "Recycle"].includes(rp)) errs.push(fieldError.notSupported("spec.persistentVolumeReclaimPolicy", rp, ["Delete", "Recycle", "Retain"]));
    const sources = ["hostPath", "local", "nfs", "csi", "iscsi", "fc", "gcePersistentDisk", "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "rbd", "cinder"].filter(
      (k) => spec[k] !== undefined && spec[k] !== null,
    );
    if (sources.length === 0) errs.push(fieldError.required("spec", "must specify a volume type"));
    else if (sources.length > 1) errs.push(fieldError.forbidden(`spec.${sources[1]}`, "may not specify more than 1 volume type"));
    return errs;
  },
  printer: {
    columns: [
      nameColumn,
      column("Capacity", "string", swaggerDoc["PersistentVolumeSpec.capacity"]),
      column("Access Modes", "string", swaggerDoc["PersistentVolumeSpec.accessModes"]),
      column("Reclaim Policy", "string", swaggerDoc["PersistentVolumeSpec.persistentVolumeReclaimPolicy"]),
      column("Status", "string", swaggerDoc["PersistentVolumeStatus.phase"]),
      column("Claim", "string", swaggerDoc["PersistentVolumeSpec.claimRef"]),
      column("StorageClass", "string", "StorageClass of the pv"),
      column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
      column("Reason", "string", swaggerDoc["PersistentVolumeStatus.reason"]),
      ageColumn,
      column("VolumeMode", "string", swaggerDoc["PersistentVolumeSpec.volumeMode"], 1),
    ],
    cells(pv, now) {
      const spec = asRecord(pv.spec);
      const status = asRecord(pv.status);
      const claim = spec.claimRef ? `${str(asRecord(spec.claimRef).namespace)}/${str(asRecord(spec.claimRef).name)}` : "";
      const phase = pv.metadata.deletionTimestamp ? "Terminating" : str(status.phase);
      const cap = asRecord(spec.capacity).storage;
      return [
        pv.metadata.name ?? "",
        cap === undefined ? "0" : quantityString(cap),
        accessModesString(spec.accessModes),
        str(spec.persistentVolumeReclaimPolicy),
        phase,
        claim,
        storageClassOf(pv, spec),
        str(spec.volumeAttributesClassName) || UNSET,
        str(status.reason),
        translateTimestampSince(pv.metadata.creationTimestamp, now),
        str(spec.volumeMode) || UNSET,
      ];
    },
  },
});

export const persistentvolumeclaims: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  kind: "PersistentVolumeClaim",
  namespaced: true,
  shortNames: ["pvc"],
  verbs: ALL_VERBS,
  subresources: [{ name: "status", responseKind: { group: "", version: "v1", kind: "PersistentVolumeClaim" }, verbs: ["get", "patch", "update"] }],
  statusSubresource: true,
  defaults(pvc) {
    if (!pvc.spec || typeof pvc.spec !== "object") pvc.spec = {};
    const spec = pvc.spec as Obj;
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    const status = asRecord(pvc.status);
    if (!status.phase) pvc.status = { ...status, phase: "Pending" };
  },
  prepareForCreate(pvc) {
    pvc.status = { phase: "Pending" };
  },
  validate(pvc) {
    const spec = asRecord(pvc.spec);
    return [...validateAccessModes(spec.accessModes, "spec.accessModes"), ...validateStorage(asRecord(spec.resources).requests, "spec.resources.requests", "storage")];
  },
  validateUpdateExtra(pvc, old) {
    const spec = { ...asRecord(pvc.spec) };
    const oldSpec = { ...asRecord(old.spec) };
    // only resources.requests (expansion) and volumeAttributesClassName may change once bound
    for (const s of [spec, oldSpec]) {
      delete s.resources;
      delete s.volumeAttributesClassName;
    }
    if (!str(oldSpec.volumeName)) delete spec.volumeName;
    if (!str(oldSpec.volumeName)) delete oldSpec.volumeName;
    return JSON.stringify(spec) === JSON.stringify(oldSpec)
      ? []
      : [fieldError.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims")];
  },
  printer: {
    columns: [
      nameColumn,
      column("Status", "string", swaggerDoc["PersistentVolumeClaimStatus.phase"]),
      column("Volume", "string", swaggerDoc["PersistentVolumeClaimSpec.volumeName"]),
      column("Capacity", "string", swaggerDoc["PersistentVolumeClaimStatus.capacity"]),
      column("Access Modes", "string", swaggerDoc["PersistentVolumeClaimStatus.accessModes"]),
      column("StorageClass", "string", "StorageClass of the pvc"),
      column("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
      ageColumn,
      column("VolumeMode", "string", swaggerDoc["PersistentVolumeClaimSpec.volumeMode"], 1),
    ],
    cells(pvc, now) {
      const spec = asRecord(pvc.spec);
      const status = asRecord(pvc.status);
      const phase = pvc.metadata.deletionTimestamp ? "Terminating" : str(status.phase);
      const bound = str(spec.volumeName) !== "";
      const cap = asRecord(status.capacity).storage;
      return [
        pvc.metadata.name ?? "",
        phase,
        str(spec.volumeName),
        bound ? (cap === undefined ? "0" : quantityString(cap)) : "",
        bound ? accessModesString(status.accessModes) : "",
        storageClassOf(pvc, spec),
        str(spec.volumeAttributesClassName) || UNSET,
        translateTimestampSince(pvc.metadata.creationTimestamp, now),
        str(spec.volumeMode) || UNSET,
      ];
    },
  },
});
