/**
 * StatefulSet pod identity (pkg/controller/statefulset/stateful_set_utils.go): `<set>-<ordinal>`
 * names, the pod-name / pod-index labels, hostname + subdomain, claims from
 * volumeClaimTemplates, and the revision label.
 */
import type { KubeObject } from "../../../api/types";
import { isPodAvailable, isPodReady, podPhase, podFromTemplate } from "../common/pods";
import { newControllerRef } from "../common/refs";
import type { Pod, PodTemplate, Workload } from "../common/types";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_LABEL = "controller-revision-hash";

export interface StatefulSet extends Workload {
  spec: Workload["spec"] & {
    serviceName?: string;
    podManagementPolicy?: string;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
    revisionHistoryLimit?: number;
    volumeClaimTemplates?: KubeObject[];
    ordinals?: { start?: number };
  };
  status?: {
    replicas?: number;
    currentReplicas?: number;
    updatedReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    collisionCount?: number;
    [k: string]: unknown;
  };
}

export const startOrdinal = (set: StatefulSet) => set.spec.ordinals?.start ?? 0;
export const endOrdinal = (set: StatefulSet) => startOrdinal(set) + (set.spec.replicas ?? 1) - 1;

/** getParentNameAndOrdinal: [parent, ordinal] or ordinal -1 */
export function ordinalOf(pod: KubeObject): [string, number] {
  const m = /^(.*)-([0-9]+)$/.exec(pod.metadata.name ?? "");
  if (!m) return ["", -1];
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? [m[1]!, n] : ["", -1];
}

export const isMemberOf = (set: StatefulSet, pod: KubeObject) => ordinalOf(pod)[0] === set.metadata.name;
export const isCreated = (pod: KubeObject) => podPhase(pod) !== "";
export const isTerminating = (pod: KubeObject) => !!pod.metadata.deletionTimestamp;
export const isFailed = (pod: KubeObject) => podPhase(pod) === "Failed";
export const isSucceeded = (pod: KubeObject) => podPhase(pod) === "Succeeded";
export const isRunningAndReady = (pod: KubeObject) => podPhase(pod) === "Running" && isPodReady(pod);
export const isRunningAndAvailable = (pod: KubeObject, mrs: number, now: number) => podPhase(pod) === "Running" && isPodAvailable(pod, mrs, now);
export const isHealthy = (pod: KubeObject) => isRunningAndReady(pod) && !isTerminating(pod);
export const podRevision = (pod: KubeObject) => pod.metadata.labels?.[REVISION_LABEL] ?? "";

export const claimName = (tpl: KubeObject, set: StatefulSet, ordinal: number) => `${tpl.metadata.name}-${set.metadata.name}-${ordinal}`;

/** identityMatches: name, namespace, labels, hostname, subdomain as the ordinal dictates */
export function identityMatches(set: StatefulSet, pod: KubeObject): boolean {
  const [parent, ord] = ordinalOf(pod);
  const spec = (pod as Pod).spec ?? {};
  return (
    ord >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name &&
    pod.metadata.labels?.[POD_INDEX_LABEL] === String(ord) &&
    spec.hostname === pod.metadata.name &&
    (spec.subdomain ?? "") === (set.spec.serviceName ?? "")
  );
}

/** newStatefulSetPod for `template` (the revision's) at `ordinal`, labelled with `revision` */
export function newStatefulSetPod(set: StatefulSet, template: PodTemplate | undefined, ordinal: number, revision: string): Pod {
  const pod = podFromTemplate(template, set.metadata.name!, newControllerRef(set, "apps/v1", "StatefulSet"));
  const name = `${set.metadata.name}-${ordinal}`;
  pod.metadata.name = name;
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_LABEL]: revision };
  const spec = (pod.spec ??= {});
  spec.hostname = name;
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  // updateStorage: each claim template becomes a volume bound to <claim>-<set>-<ordinal>
  const templates = set.spec.volumeClaimTemplates ?? [];
  if (templates.length) {
    const vols = ((spec.volumes as { name: string }[] | undefined) ?? []).filter((v) => !templates.some((t) => t.metadata.name === v.name));
    for (const t of templates) vols.push({ name: t.metadata.name!, persistentVolumeClaim: { claimName: claimName(t, set, ordinal) } } as { name: string });
    spec.volumes = vols;
  }
  return pod;
}

/** the PVC for a claim template at an ordinal (getPersistentVolumeClaims) */
export function claimFor(set: StatefulSet, tpl: KubeObject, ordinal: number): KubeObject {
  const sel = set.spec.selector?.matchLabels ?? {};
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: claimName(tpl, set, ordinal), namespace: set.metadata.namespace, labels: { ...(tpl.metadata.labels ?? {}), ...sel }, ...(tpl.metadata.annotations ? { annotations: tpl.metadata.annotations } : {}) },
    spec: structuredClone(tpl.spec ?? {}),
  };
}
