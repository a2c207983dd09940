/** pkg/controller/deployment/rolling.go: RollingUpdate within maxSurge / maxUnavailable. */
import { syncRolloutStatus } from "./progress";
import { cleanupDeployment, getAllReplicaSets, scaleAndRecord, type SyncState } from "./sync";
import { byCreation, deploymentComplete, filterActive, maxUnavailable, newRSNewReplicas, specReplicas, sumSpec, sumStatus, type ReplicaSet } from "./util";

const fresh = (s: SyncState, rs: ReplicaSet) => s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs;

export async function rolloutRolling(s: SyncState): Promise<void> {
  const got = await getAllReplicaSets(s, true);
  const newRS = got.newRS!;
  let oldRSs = got.oldRSs;
  if (await reconcileNewReplicaSet(s, [...oldRSs, newRS], newRS)) {
    return syncRolloutStatus(s, [...oldRSs, fresh(s, newRS)], fresh(s, newRS));
  }
  if (await reconcileOldReplicaSets(s, [...oldRSs, newRS], filterActive(oldRSs), newRS)) {
    oldRSs = oldRSs.map((rs) => fresh(s, rs));
    return syncRolloutStatus(s, [...oldRSs, fresh(s, newRS)], fresh(s, newRS));
  }
  if (deploymentComplete(s.d, s.d.status ?? {})) await cleanupDeployment(s, oldRSs);
  return syncRolloutStatus(s, [...oldRSs, newRS], newRS);
}

async function reconcileNewReplicaSet(s: SyncState, all: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const want = specReplicas(s.d);
  if (specReplicas(newRS) === want) return false;
  if (specReplicas(newRS) > want) return (await scaleAndRecord(s, newRS, want)).scaled;
  return (await scaleAndRecord(s, newRS, newRSNewReplicas(s.d, all, newRS))).scaled;
}

async function reconcileOldReplicaSets(s: SyncState, all: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const oldPods = sumSpec(oldRSs);
  if (oldPods === 0) return false;
  const allPods = sumSpec(all);
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // unhealthy replicas first, so they cannot block the rollout (kubernetes#16737)
  const { olds, cleaned } = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(s, [...olds, newRS], olds);
  return cleaned + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(s: SyncState, oldRSs: ReplicaSet[], maxCleanup: number): Promise<{ olds: ReplicaSet[]; cleaned: number }> {
  const olds = oldRSs.slice().sort(byCreation);
  let total = 0;
  for (let i = 0; i < olds.length; i++) {
    const rs = olds[i]!;
    if (total >= maxCleanup) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue;
    const n = Math.min(maxCleanup - total, specReplicas(rs) - available);
    olds[i] = (await scaleAndRecord(s, rs, specReplicas(rs) - n)).rs;
    total += n;
  }
  return { olds, cleaned: total };
}

async function scaleDownOldForRollingUpdate(s: SyncState, all: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = specReplicas(s.d) - maxUnavailable(s.d);
  const available = sumStatus(all, "availableReplicas");
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of oldRSs.slice().sort(byCreation)) {
    if (total >= target) break;
    if (specReplicas(rs) === 0) continue;
    const n = Math.min(specReplicas(rs), target - total);
    await scaleAndRecord(s, rs, specReplicas(rs) - n);
    total += n;
  }
  return total;
}
