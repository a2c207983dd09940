/** pkg/controller/deployment/recreate.go: scale every old RS to 0, wait for old pods to be gone, then scale up the new one. */
import type { KubeObject } from "../../../api/types";
import { controllerOf } from "../common/refs";
import { syncRolloutStatus } from "./progress";
import { cleanupDeployment, getAllReplicaSets, scaleAndRecord, type SyncState } from "./sync";
import { deploymentComplete, filterActive, specReplicas, sumStatus, type ReplicaSet } from "./util";

export async function rolloutRecreate(s: SyncState, pods: KubeObject[]): Promise<void> {
  let { newRS, oldRSs } = await getAllReplicaSets(s, false);
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await scaleAndRecord(s, rs, 0)).scaled) scaledDown = true;
  const fresh = (rs: ReplicaSet | undefined) => (rs ? (s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs) : undefined);
  oldRSs = oldRSs.map((rs) => fresh(rs)!);
  if (scaledDown) return syncRolloutStatus(s, [...oldRSs, fresh(newRS)], fresh(newRS));
  if (oldPodsRunning(newRS, oldRSs, pods)) return syncRolloutStatus(s, [...oldRSs, fresh(newRS)], fresh(newRS));
  if (!newRS) ({ newRS, oldRSs } = await getAllReplicaSets(s, true));
  await scaleAndRecord(s, newRS!, specReplicas(s.d));
  newRS = fresh(newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, [...oldRSs, newRS], newRS);
}

/** oldPodsRunning: old RSs still report pods, or pods of old RSs are not finished (terminating counts) */
function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], pods: KubeObject[]): boolean {
  if (sumStatus(oldRSs, "replicas") > 0) return true;
  const uids = new Set(oldRSs.map((rs) => rs.metadata.uid));
  return pods.some((p) => {
    const ref = controllerOf(p);
    if (!ref || !uids.has(ref.uid) || ref.uid === newRS?.metadata.uid) return false;
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    return phase !== "Failed" && phase !== "Succeeded";
  });
}
