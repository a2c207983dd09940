/** DaemonSet shapes and the updated-pod test shared by the sync, rolling update and history. */
import type { KubeObject } from "../../../api/types";
import type { Workload } from "../common/types";

export const REVISION_HASH_LABEL = "controller-revision-hash";
export const TEMPLATE_GENERATION_LABEL = "pod-template-generation";
export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

export interface DaemonSet extends Workload {
  spec: Workload["spec"] & { updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } }; revisionHistoryLimit?: number };
}

/** IsPodUpdated: the current revision hash, or the current template generation */
export function isPodUpdated(pod: KubeObject, hash: string, ds: DaemonSet): boolean {
  const gen = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  const labels = pod.metadata.labels ?? {};
  return (hash !== "" && labels[REVISION_HASH_LABEL] === hash) || (gen !== undefined && labels[TEMPLATE_GENERATION_LABEL] === gen);
}
