/** Small helpers the cluster controllers share: refs, keys, times, conditions, errors. */
import { isStatusError } from "../../../api/errors";
import type { KubeObject, OwnerReference } from "../../../api/types";
import type { ResourceRef } from "../../../client";

export const core = (resource: string): ResourceRef => ({ group: "", version: "v1", resource });
export const PODS = core("pods");
export const SERVICES = core("services");
export const ENDPOINTS = core("endpoints");
export const NODES = core("nodes");
export const NAMESPACES = core("namespaces");
export const SERVICEACCOUNTS = core("serviceaccounts");
export const CONFIGMAPS = core("configmaps");
export const ENDPOINTSLICES: ResourceRef = { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" };
export const LEASES: ResourceRef = { group: "coordination.k8s.io", version: "v1", resource: "leases" };
export const HPAS: ResourceRef = { group: "autoscaling", version: "v2", resource: "horizontalpodautoscalers" };

/** "namespace/name" → [namespace, name]; a key without "/" is cluster-scoped */
export function splitKey(key: string): [string | undefined, string] {
  const i = key.indexOf("/");
  return i < 0 ? [undefined, key] : [key.slice(0, i), key.slice(i + 1)];
}

export const isNotFound = (e: unknown): boolean => isStatusError(e) && e.code === 404;
export const isConflict = (e: unknown): boolean => isStatusError(e) && e.code === 409;
export const hasCode = (e: unknown, ...codes: number[]): boolean => isStatusError(e) && codes.includes(e.code);

export { rfc3339 } from "../../../api/time";

/** metav1.MicroTime as the API serves it (Leases' renewTime) */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}

export function parseTime(s: unknown): number | undefined {
  if (typeof s !== "string" || !s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
}

export function conditionsOf(obj: KubeObject | undefined): Condition[] {
  return ((obj?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
}

export function getCondition(obj: KubeObject | undefined, type: string): Condition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

/** podutil.IsPodReady */
export function isPodReady(pod: KubeObject): boolean {
  return getCondition(pod, "Ready")?.status === "True";
}

export function podPhase(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

export function isPodTerminal(pod: KubeObject): boolean {
  const p = podPhase(pod);
  return p === "Succeeded" || p === "Failed";
}

export function controllerRef(obj: KubeObject): OwnerReference {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name ?? "",
    uid: obj.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function errMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** deterministic JSON for comparing desired and current state (object keys sorted) */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === "object" && !Array.isArray(val)) {
      const o = val as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      );
    }
    return val;
  });
}
