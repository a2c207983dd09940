/**
 * deployment-controller (pkg/controller/deployment/deployment_controller.go): owns ReplicaSets
 * (`<deployment>-<pod-template-hash>`) and rolls between them — RollingUpdate within
 * maxSurge/maxUnavailable or Recreate — keeping revisions, history, conditions and status so
 * `kubectl rollout status|history|undo|pause|resume|restart` work as on a real cluster.
 */
import { deepCopy, type KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type LabelSelector } from "../../../api/selectors";
import { defineController, type WorkloadComponent } from "../common/base";
import { claimObjects } from "../common/claim";
import { canonicalJSON } from "../common/hash";
import { resolveOwner, watchOwned, watchSelf } from "../common/handlers";
import { DEPLOYMENTS, PODS, REPLICASETS, isNotFound, splitKey } from "../common/refs";
import { rolloutRecreate } from "./recreate";
import { rolloutRolling } from "./rolling";
import { checkPausedConditions, getAllReplicaSets, isScalingEvent, sync, syncDeploymentStatus, updateDeployment, type SyncState } from "./sync";
import type { Deployment, ReplicaSet } from "./util";

export const DEPLOYMENT_CONTROLLER = "deployment-controller";
export * from "./util";
export * from "./conditions";

export function deploymentController(): WorkloadComponent {
  return defineController(DEPLOYMENT_CONTROLLER, (env) => {
    const dInf = env.informer(DEPLOYMENTS);
    const rsInf = env.informer(REPLICASETS);
    const podInf = env.informer(PODS);
    watchSelf(env, dInf);
    watchOwned(env, rsInf, { kind: "Deployment", owners: dInf });
    // Recreate waits for old pods to go away: a pod deletion may unblock it
    podInf.addEventHandler({
      onDelete(pod) {
        const rsKey = resolveOwner(pod, "ReplicaSet", rsInf);
        const rs = rsKey ? rsInf.get(rsKey) : undefined;
        const dKey = rs ? resolveOwner(rs, "Deployment", dInf) : undefined;
        const d = dKey ? (dInf.get(dKey) as Deployment | undefined) : undefined;
        if (d && d.spec.strategy?.type === "Recreate") env.enqueue(dKey!);
      },
    });
    return async (key) => {
      const cached = dInf.get(key) as Deployment | undefined;
      if (!cached) return;
      const ns = splitKey(key).namespace;
      const s: SyncState = { env, key, d: deepCopy(cached), persisted: cached, rsList: [] };
      try {
        await syncDeployment(s, rsInf.list(ns) as ReplicaSet[], podInf.list(ns));
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      return s.requeueAfterMs !== undefined ? { requeueAfterMs: s.requeueAfterMs } : undefined;
    };
  });
}

async function syncDeployment(s: SyncState, nsRSs: ReplicaSet[], nsPods: KubeObject[]): Promise<void> {
  const { d, env } = s;
  if (canonicalJSON(d.spec.selector ?? {}) === "{}") {
    env.event(d, "Warning", "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
      await updateDeployment(s);
    }
    return;
  }
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(d.spec.selector);
  } catch {
    return;
  }
  s.rsList = (await claimObjects(env, nsRSs, { owner: d, apiVersion: "apps/v1", kind: "Deployment", selector, resource: REPLICASETS, cause: s.key })) as ReplicaSet[];
  const uids = new Set(s.rsList.map((rs) => rs.metadata.uid));
  const pods = nsPods.filter((p) => selector.matches(p.metadata.labels) && p.metadata.ownerReferences?.some((r) => r.controller && uids.has(r.uid)));
  if (d.metadata.deletionTimestamp) return syncStatusOnly(s);
  await checkPausedConditions(s);
  if (d.spec.paused) return sync(s);
  if (await isScalingEvent(s)) return sync(s);
  if (d.spec.strategy?.type === "Recreate") return rolloutRecreate(s, pods);
  return rolloutRolling(s);
}

async function syncStatusOnly(s: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, false);
  await syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
}
