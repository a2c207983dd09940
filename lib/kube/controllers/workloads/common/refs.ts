/** Resource references and controller-ref helpers (metav1.GetControllerOf, NewControllerRef). */
import type { KubeObject, OwnerReference } from "../../../api/types";
import type { ResourceRef } from "../../../client";

export const PODS: ResourceRef = { group: "", version: "v1", resource: "pods" };
export const NODES: ResourceRef = { group: "", version: "v1", resource: "nodes" };
export const REPLICASETS: ResourceRef = { group: "apps", version: "v1", resource: "replicasets" };
export const DEPLOYMENTS: ResourceRef = { group: "apps", version: "v1", resource: "deployments" };
export const DAEMONSETS: ResourceRef = { group: "apps", version: "v1", resource: "daemonsets" };
export const STATEFULSETS: ResourceRef = { group: "apps", version: "v1", resource: "statefulsets" };
export const CONTROLLER_REVISIONS: ResourceRef = { group: "apps", version: "v1", resource: "controllerrevisions" };
export const JOBS: ResourceRef = { group: "batch", version: "v1", resource: "jobs" };
export const CRONJOBS: ResourceRef = { group: "batch", version: "v1", resource: "cronjobs" };

/** metav1.GetControllerOf: the owner reference with controller=true, if any */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? "", uid: owner.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

/** "namespace/name" of an object's controller, when it is of `kind` */
export function ownerKey(obj: KubeObject, kind: string): string | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  return `${obj.metadata.namespace ?? ""}/${ref.name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf("/");
  return i < 0 ? { namespace: "", name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: number }).code === 404;
}

export function isConflict(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: number }).code === 409;
}

export function isAlreadyExists(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { reason?: string }).reason === "AlreadyExists";
}

export { rfc3339, parseTime } from "../../../api/time";
