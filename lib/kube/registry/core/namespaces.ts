/**
 * core/v1 namespaces (cluster-scoped, ns): the kubernetes.io/metadata.name label, phase Active,
 * spec.finalizers ["kubernetes"] on create, and finalizers/status carried over on update (they
 * change only through /finalize and /status).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import {
  ageColumn,
  asArray,
  asRecord,
  column,
  isQualifiedName,
  nameColumn,
  validateKubeFinalizerName,
  validateNamespaceName,
  validateObjectMeta,
  validateObjectMetaUpdate,
  translateTimestampSince,
} from "../common";

export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** SetDefaults_Namespace + SetDefaults_NamespaceStatus */
export function defaultNamespace(ns: KubeObject): void {
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: ns.metadata.name };
  const status = asRecord(ns.status);
  if (!status.phase) ns.status = { ...status, phase: "Active" };
}

function validateSpecFinalizers(ns: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of asArray<string>(asRecord(ns.spec).finalizers)) {
    const name = typeof f === "string" ? f : "";
    for (const m of isQualifiedName(name)) errs.push(fieldError.invalid("spec.finalizers", name, m));
    errs.push(...validateKubeFinalizerName(name, "spec.finalizers"));
  }
  return errs;
}

export const namespaces: ResourceDefinition = {
  group: "",
  version: "v1",
  resource: "namespaces",
  singular: "namespace",
  kind: "Namespace",
  listKind: "NamespaceList",
  namespaced: false,
  shortNames: ["ns"],
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  subresources: [
    { name: "finalize", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["update"] },
    { name: "status", responseKind: { group: "", version: "v1", kind: "Namespace" }, verbs: ["get", "patch", "update"] },
  ],
  storageResource: "namespaces",
  statusSubresource: true,
  defaults: defaultNamespace,
  prepareForCreate(ns) {
    ns.status = { phase: "Active" };
    const spec = asRecord(ns.spec);
    const finalizers = asArray<string>(spec.finalizers);
    ns.spec = { ...spec, finalizers: finalizers.includes("kubernetes") ? finalizers : [...finalizers, "kubernetes"] };
  },
  prepareForUpdate(ns, old) {
    ns.spec = { ...asRecord(ns.spec), finalizers: asRecord(old.spec).finalizers };
    if (asRecord(old.spec).finalizers === undefined) delete (ns.spec as Record<string, unknown>).finalizers;
  },
  validateCreate(ns) {
    return [...validateObjectMeta(ns.metadata, false, validateNamespaceName), ...validateSpecFinalizers(ns)];
  },
  validateUpdate(ns, old) {
    return [...validateObjectMetaUpdate(ns.metadata, old.metadata), ...validateSpecFinalizers(ns)];
  },
  printer: {
    columns: [nameColumn, column("Status", "string", "The status of the namespace"), ageColumn],
    cells: (ns, now) => [ns.metadata.name ?? "", typeof asRecord(ns.status).phase === "string" ? (asRecord(ns.status).phase as string) : "", translateTimestampSince(ns.metadata.creationTimestamp, now)],
  },
  fieldSelectors: { "status.phase": (ns) => (typeof asRecord(ns.status).phase === "string" ? (asRecord(ns.status).phase as string) : "") },
};
