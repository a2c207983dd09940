/**
 * pkg/controller/deployment/progress.go: the Progressing condition (NewReplicaSetAvailable,
 * ReplicaSetUpdated, ProgressDeadlineExceeded), ReplicaFailure mirroring, and one delayed
 * requeue to notice a missed deadline (no polling).
 */
import { canonicalJSON } from "../common/hash";
import { parseTime } from "../common/refs";
import type { Condition } from "../common/types";
import {
  NEW_RS_AVAILABLE_REASON,
  PROGRESSING,
  REPLICA_FAILURE,
  RS_UPDATED_REASON,
  TIMED_OUT_REASON,
  getCondition,
  newCondition,
  removeCondition,
  setCondition,
} from "./conditions";
import { calculateStatus, updateDeployment, type SyncState } from "./sync";
import { deploymentComplete, deploymentProgressing, hasProgressDeadline, type Deployment, type DeploymentStatus, type ReplicaSet } from "./util";

/** DeploymentTimedOut */
function timedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, PROGRESSING);
  if (!c || c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const from = parseTime(c.lastUpdateTime);
  return from !== undefined && from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < now;
}

export async function syncRolloutStatus(s: SyncState, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
  const { d, env } = s;
  const now = env.now();
  const status = calculateStatus(s, all, newRS);
  if (!hasProgressDeadline(d)) removeCondition(status, PROGRESSING);
  const current = getCondition(d.status ?? {}, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !complete) {
    if (deploymentComplete(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(status, newCondition(PROGRESSING, "True", NEW_RS_AVAILABLE_REASON, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      const c: Condition = newCondition(PROGRESSING, "True", RS_UPDATED_REASON, msg, now);
      // progress refreshes lastUpdateTime even with the same reason
      const cur = getCondition(status, PROGRESSING);
      if (cur) {
        if (cur.status === "True") c.lastTransitionTime = cur.lastTransitionTime;
        removeCondition(status, PROGRESSING);
      }
      setCondition(status, c);
    } else if (timedOut(d, status, now)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(status, newCondition(PROGRESSING, "False", TIMED_OUT_REASON, msg, now));
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, REPLICA_FAILURE);
  if (canonicalJSON(status) === canonicalJSON(d.status ?? {})) {
    requeueStuck(s, status);
    return;
  }
  d.status = status;
  await updateDeployment(s);
}

/** getReplicaFailures: the new RS's ReplicaFailure first, else any old RS's */
function replicaFailure(all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition | undefined {
  const from = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  const c = from(newRS) ?? all.map(from).find(Boolean);
  if (!c) return undefined;
  return { type: REPLICA_FAILURE, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

/** requeueStuckDeployment: one delayed requeue at lastUpdateTime + progressDeadlineSeconds */
function requeueStuck(s: SyncState, status: DeploymentStatus): void {
  const { d } = s;
  const cur = getCondition(d.status ?? {}, PROGRESSING);
  if (!hasProgressDeadline(d) || !cur) return;
  if (deploymentComplete(d, status) || cur.reason === TIMED_OUT_REASON) return;
  const last = parseTime(cur.lastUpdateTime);
  if (last === undefined) return;
  const after = last + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - s.env.now();
  s.requeueAfterMs = after < 1000 ? 1000 : after + 1000;
}
