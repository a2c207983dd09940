/**
 * replicaset-controller (pkg/controller/replicaset/replica_set.go): keeps `spec.replicas` active
 * pods matching the selector, owned through controller ownerReferences (adopting orphans,
 * releasing pods that stopped matching), creating in slow-start batches and deleting the pods
 * ranked first by ActivePodsWithRanks, guarded by expectations; then writes status.
 */
import type { KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type LabelSelector } from "../../../api/selectors";
import { defineController, type ControllerEnv, type WorkloadComponent } from "../common/base";
import { claimObjects } from "../common/claim";
import { Expectations } from "../common/expectations";
import { watchOwned, watchSelf } from "../common/handlers";
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, podsToDelete, slowStartBatch, SLOW_START_INITIAL_BATCH } from "../common/pods";
import { PODS, REPLICASETS, isNotFound, newControllerRef, splitKey } from "../common/refs";
import { omitZero, removeCondition, setCondition, writeStatus } from "../common/status";
import type { Condition, Workload } from "../common/types";

export const REPLICASET_CONTROLLER = "replicaset-controller";
/** BurstReplicas: the most pods created or deleted in one sync */
export const BURST_REPLICAS = 500;

export function replicaSetController(): WorkloadComponent {
  return defineController(REPLICASET_CONTROLLER, (env) => {
    const rsInf = env.informer(REPLICASETS);
    const podInf = env.informer(PODS);
    const exp = new Expectations(env.ctx.clock);
    watchSelf(env, rsInf, (key) => exp.delete(key));
    watchOwned(env, podInf, { kind: "ReplicaSet", owners: rsInf, expectations: exp });
    return async (key) => {
      const rs = rsInf.get(key) as Workload | undefined;
      if (!rs) {
        exp.delete(key);
        return;
      }
      return syncReplicaSet(env, key, rs, podInf.list(splitKey(key).namespace), exp);
    };
  });
}

async function syncReplicaSet(env: ControllerEnv, key: string, rs: Workload, nsPods: KubeObject[], exp: Expectations) {
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(rs.spec?.selector);
  } catch {
    return; // invalid selector: nothing to do (validation prevents it)
  }
  const needsSync = exp.satisfied(key) && !rs.metadata.deletionTimestamp;
  const active = nsPods.filter(isPodActive);
  const pods = await claimObjects(env, active, { owner: rs, apiVersion: "apps/v1", kind: "ReplicaSet", selector, resource: PODS, cause: key });
  let manageErr: { reason: string; message: string } | undefined;
  if (needsSync) manageErr = await manageReplicas(env, key, rs, pods, pods, exp);
  const now = env.now();
  const mrs = rs.spec?.minReadySeconds ?? 0;
  const status = calculateStatus(rs, pods, manageErr, now);
  try {
    await writeStatus(env, REPLICASETS, rs, status, key);
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  if (manageErr) throw new Error(manageErr.message);
  // ready pods become available after minReadySeconds: wake up when the next one does
  // (upstream requeues on each pod's readiness change; one timer for the earliest is equivalent)
  if (mrs > 0) {
    const wait = Math.min(...pods.map((p) => msUntilAvailable(p, mrs, now)).filter((ms) => ms > 0));
    if (Number.isFinite(wait)) return { requeueAfterMs: wait };
  }
  return undefined;
}

async function manageReplicas(env: ControllerEnv, key: string, rs: Workload, pods: KubeObject[], related: KubeObject[], exp: Expectations) {
  const want = rs.spec?.replicas ?? 1;
  const diff = pods.length - want;
  const ns = rs.metadata.namespace;
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS);
    exp.expect(key, n);
    const ref = newControllerRef(rs, "apps/v1", "ReplicaSet");
    const res = await slowStartBatch(n, SLOW_START_INITIAL_BATCH, async () => {
      const pod = podFromTemplate(rs.spec?.template, rs.metadata.name ?? "", ref);
      try {
        const created = await env.ctx.client.create(PODS, ns, pod);
        env.trace("create pod", created, key, "created");
        env.event(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
      } catch (e) {
        env.trace("create pod", pod, key, "failed", (e as Error).message);
        env.event(rs, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
        throw e;
      }
    });
    if (res.error) {
      exp.lowerCreations(key, n - res.successes);
      return { reason: "FailedCreate", message: (res.error as Error).message };
    }
  } else if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS);
    const victims = podsToDelete(pods, related, n, env.now());
    exp.expect(key, 0, victims.map((p) => p.metadata.uid ?? ""));
    let failure: { reason: string; message: string } | undefined;
    await Promise.all(
      victims.map(async (p) => {
        try {
          await env.ctx.client.delete(PODS, ns, p.metadata.name ?? "");
          env.trace("delete pod", p, key, "deleted");
          env.event(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`);
        } catch (e) {
          exp.deletionObserved(key, p.metadata.uid ?? "");
          if (isNotFound(e)) return;
          env.event(rs, "Warning", "FailedDelete", `Error deleting: ${(e as Error).message}`);
          failure ??= { reason: "FailedDelete", message: (e as Error).message };
        }
      }),
    );
    return failure;
  }
  return undefined;
}

/** calculateStatus (replica_set_utils.go) */
export function calculateStatus(rs: Workload, pods: KubeObject[], err: { reason: string; message: string } | undefined, now: number): Record<string, unknown> {
  const tplLabels = rs.spec?.template?.metadata?.labels ?? {};
  const mrs = rs.spec?.minReadySeconds ?? 0;
  let fully = 0;
  let ready = 0;
  let available = 0;
  for (const p of pods) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(tplLabels).every(([k, v]) => labels[k] === v)) fully++;
    if (isPodReady(p)) {
      ready++;
      if (isPodAvailable(p, mrs, now)) available++;
    }
  }
  const prev = (rs.status ?? {}) as { conditions?: Condition[] };
  let conditions = prev.conditions;
  if (err) conditions = setCondition(conditions, { type: "ReplicaFailure", status: "True", reason: err.reason, message: err.message }, now);
  else if (conditions?.some((c) => c.type === "ReplicaFailure")) conditions = removeCondition(conditions, "ReplicaFailure");
  const status: Record<string, unknown> = omitZero({
    replicas: pods.length,
    fullyLabeledReplicas: fully,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 0,
  }, ["replicas"]);
  if (conditions && conditions.length) status.conditions = conditions;
  return status;
}
