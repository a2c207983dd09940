/**
 * statefulset-controller (pkg/controller/statefulset): pods `<set>-<ordinal>` with stable
 * identity, created in order (OrderedReady: each waits for its predecessors to be Running and
 * Ready) or all at once (Parallel), removed from the highest ordinal down; RollingUpdate
 * replaces pods from the highest ordinal down to the partition; ControllerRevisions give
 * currentRevision/updateRevision.
 */
import type { KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type LabelSelector } from "../../../api/selectors";
import { defineController, type ControllerEnv, type WorkloadComponent } from "../common/base";
import { claimObjects } from "../common/claim";
import { watchOwned, watchSelf } from "../common/handlers";
import { msUntilAvailable, slowStartBatch } from "../common/pods";
import { CONTROLLER_REVISIONS, PODS, STATEFULSETS, isAlreadyExists, isNotFound, splitKey } from "../common/refs";
import { omitZero, writeStatus } from "../common/status";
import { getRevisions, revisionTemplate, truncateHistory, type Revisions } from "./history";
import {
  claimFor,
  endOrdinal,
  identityMatches,
  isCreated,
  isFailed,
  isHealthy,
  isMemberOf,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  newStatefulSetPod,
  ordinalOf,
  podRevision,
  startOrdinal,
  type StatefulSet,
} from "./pods";

export const STATEFULSET_CONTROLLER = "statefulset-controller";
export * from "./pods";
const PVCS = { group: "", version: "v1", resource: "persistentvolumeclaims" };

export function statefulSetController(): WorkloadComponent {
  return defineController(STATEFULSET_CONTROLLER, (env) => {
    const setInf = env.informer(STATEFULSETS);
    const podInf = env.informer(PODS);
    const crInf = env.informer(CONTROLLER_REVISIONS);
    const pvcInf = env.informer(PVCS);
    watchSelf(env, setInf);
    watchOwned(env, podInf, { kind: "StatefulSet", owners: setInf });
    return async (key) => {
      const set = setInf.get(key) as StatefulSet | undefined;
      if (!set) return;
      const ns = splitKey(key).namespace;
      try {
        return await syncStatefulSet(env, key, set, podInf.list(ns), crInf.list(ns), new Set(pvcInf.list(ns).map((p) => p.metadata.name!)));
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    };
  });
}

interface Ctx {
  env: ControllerEnv;
  key: string;
  set: StatefulSet;
  rev: Revisions;
  pvcs: Set<string>;
  monotonic: boolean;
}

async function syncStatefulSet(env: ControllerEnv, key: string, set: StatefulSet, nsPods: KubeObject[], crs: KubeObject[], pvcs: Set<string>) {
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(set.spec.selector);
  } catch {
    return;
  }
  const pods = await claimObjects(env, nsPods, { owner: set, apiVersion: "apps/v1", kind: "StatefulSet", selector, resource: PODS, cause: key, canAdopt: (p) => isMemberOf(set, p) });
  const rev = await getRevisions(env, key, set, crs);
  const c: Ctx = { env, key, set, rev, pvcs, monotonic: set.spec.podManagementPolicy !== "Parallel" };
  const replicas = await updateStatefulSet(c, pods);
  const now = env.now();
  const mrs = set.spec.minReadySeconds ?? 0;
  const status = computeStatus(set, rev, replicas, now);
  await writeStatus(env, STATEFULSETS, set, status, key);
  await truncateHistory(env, key, set, pods, rev);
  if (mrs > 0) {
    const wait = Math.min(...replicas.map((p) => msUntilAvailable(p, mrs, now)).filter((ms) => ms > 0));
    if (Number.isFinite(wait)) return { requeueAfterMs: wait };
  }
  return undefined;
}

/** updateStatefulSet: returns the pods status should count */
async function updateStatefulSet(c: Ctx, pods: KubeObject[]): Promise<KubeObject[]> {
  const { set } = c;
  const start = startOrdinal(set);
  const count = set.spec.replicas ?? 1;
  const replicas: (KubeObject | undefined)[] = new Array(count).fill(undefined);
  const condemned: KubeObject[] = [];
  for (const p of pods) {
    const ord = ordinalOf(p)[1];
    if (ord >= start && ord <= endOrdinal(set)) replicas[ord - start] = p;
    else if (ord >= 0) condemned.push(p);
  }
  for (let i = 0; i < count; i++) replicas[i] ??= newVersionedPod(c, start + i);
  condemned.sort((a, b) => ordinalOf(b)[1] - ordinalOf(a)[1]);
  const live = replicas as KubeObject[];
  let firstUnhealthy = live.find((p) => !isHealthy(p));
  if (!firstUnhealthy) for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]!)) firstUnhealthy ??= condemned[i];
  const counted = () => [...live, ...condemned];
  if (set.metadata.deletionTimestamp) return counted();

  if (await runForAll(c, live.length, (i) => processReplica(c, live, i))) return counted();
  if (await runForAll(c, condemned.length, (i) => processCondemned(c, condemned, i, firstUnhealthy))) return counted();
  if ((set.spec.updateStrategy?.type ?? "RollingUpdate") === "OnDelete") return counted();
  const updateMin = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = live.length - 1; target >= updateMin; target--) {
    const p = live[target]!;
    if (podRevision(p) !== c.rev.update.metadata.name && !isTerminating(p)) {
      await deletePod(c, p, "update");
      return counted();
    }
    if (!isHealthy(p)) return counted();
  }
  return counted();
}

/** runForAll: in order, stopping at the first that blocks (OrderedReady), or all at once (Parallel) */
async function runForAll(c: Ctx, n: number, fn: (i: number) => Promise<boolean>): Promise<boolean> {
  if (c.monotonic) {
    for (let i = 0; i < n; i++) if (await fn(i)) return true;
    return false;
  }
  const res = await slowStartBatch(n, 1, async (i) => void (await fn(i)));
  if (res.error) throw res.error;
  return false;
}

/** newVersionedStatefulSetPod: ordinals below the partition keep the current revision */
function newVersionedPod(c: Ctx, ordinal: number): KubeObject {
  const { set, rev } = c;
  const ru = set.spec.updateStrategy;
  const rolling = (ru?.type ?? "RollingUpdate") === "RollingUpdate";
  const partition = ru?.rollingUpdate?.partition;
  const useCurrent = rolling && (partition === undefined ? ordinal < startOrdinal(set) + (set.status?.currentReplicas ?? 0) : ordinal < startOrdinal(set) + partition);
  const cr = useCurrent ? rev.current : rev.update;
  return newStatefulSetPod(set, revisionTemplate(cr), ordinal, cr.metadata.name!);
}

async function processReplica(c: Ctx, live: KubeObject[], i: number): Promise<boolean> {
  const { set, env } = c;
  let p = live[i]!;
  const ns = set.metadata.namespace;
  if (isFailed(p) || isSucceeded(p)) {
    if (isFailed(p)) env.event(set, "Warning", "RecreatingFailedPod", `StatefulSet ${ns}/${set.metadata.name} is recreating failed Pod ${p.metadata.name}`);
    else env.event(set, "Normal", "RecreatingTerminatedPod", `StatefulSet ${ns}/${set.metadata.name} is recreating terminated Pod ${p.metadata.name}`);
    await deletePod(c, p, "recreate");
    p = live[i] = newVersionedPod(c, i + startOrdinal(set));
  }
  if (!isCreated(p)) {
    await createClaims(c, p);
    try {
      const created = await env.ctx.client.create(PODS, ns, p);
      env.trace("create pod", created, c.key, "created", `ordinal ${ordinalOf(p)[1]}`);
      env.event(set, "Normal", "SuccessfulCreate", `create Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      live[i] = created;
    } catch (e) {
      if (isAlreadyExists(e)) return true; // still terminating under the same name
      env.event(set, "Warning", "FailedCreate", `create Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
      throw e;
    }
    return c.monotonic;
  }
  if (isTerminating(p) && c.monotonic) return true;
  if (!isRunningAndReady(p) && c.monotonic) return true;
  if (!isRunningAndAvailable(p, set.spec.minReadySeconds ?? 0, env.now()) && c.monotonic) return true;
  if (!identityMatches(set, p) && !isTerminating(p)) {
    const [, ord] = ordinalOf(p);
    const fixed = newStatefulSetPod(set, undefined, ord, podRevision(p));
    const out = await env.ctx.client.patch(PODS, ns, p.metadata.name!, "merge", { metadata: { labels: fixed.metadata.labels }, spec: { hostname: fixed.spec?.hostname } });
    env.trace("update pod", out, c.key, "written", "identity");
    env.event(set, "Normal", "SuccessfulUpdate", `update Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  }
  return false;
}

async function processCondemned(c: Ctx, condemned: KubeObject[], i: number, firstUnhealthy: KubeObject | undefined): Promise<boolean> {
  const p = condemned[i]!;
  if (isTerminating(p)) return c.monotonic;
  const mrs = c.set.spec.minReadySeconds ?? 0;
  if (c.monotonic && p !== firstUnhealthy && (!isRunningAndReady(p) || !isRunningAndAvailable(p, mrs, c.env.now()))) return true;
  await deletePod(c, p, "scale down");
  return c.monotonic;
}

async function deletePod(c: Ctx, p: KubeObject, why: string): Promise<void> {
  const { env, set } = c;
  try {
    await env.ctx.client.delete(PODS, p.metadata.namespace, p.metadata.name!);
    env.trace("delete pod", p, c.key, "deleted", why);
    env.event(set, "Normal", "SuccessfulDelete", `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} successful`);
  } catch (e) {
    if (isNotFound(e)) return;
    env.event(set, "Warning", "FailedDelete", `delete Pod ${p.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`);
    throw e;
  }
}

/** createPersistentVolumeClaims: one claim per template per ordinal, kept across pod restarts */
async function createClaims(c: Ctx, pod: KubeObject): Promise<void> {
  const { env, set } = c;
  const ord = ordinalOf(pod)[1];
  for (const tpl of set.spec.volumeClaimTemplates ?? []) {
    const claim = claimFor(set, tpl, ord);
    if (c.pvcs.has(claim.metadata.name!)) continue;
    try {
      const out = await env.ctx.client.create(PVCS, set.metadata.namespace, claim);
      env.trace("create persistentvolumeclaim", out, c.key, "created");
      env.event(set, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
      c.pvcs.add(claim.metadata.name!);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
}

function computeStatus(set: StatefulSet, rev: Revisions, pods: KubeObject[], now: number): Record<string, unknown> {
  const mrs = set.spec.minReadySeconds ?? 0;
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const p of pods) {
    if (isCreated(p)) replicas++;
    if (isRunningAndReady(p)) {
      ready++;
      if (isRunningAndAvailable(p, mrs, now)) available++;
    }
    if (isCreated(p) && !isTerminating(p)) {
      if (podRevision(p) === rev.current.metadata.name) current++;
      if (podRevision(p) === rev.update.metadata.name) updated++;
    }
  }
  let currentRevision = rev.current.metadata.name!;
  // completeRollingUpdate
  if ((set.spec.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate" && updated === replicas && ready === replicas) {
    current = updated;
    currentRevision = rev.update.metadata.name!;
  }
  return {
    ...omitZero({ observedGeneration: set.metadata.generation ?? 0 }),
    replicas,
    ...omitZero({ readyReplicas: ready, currentReplicas: current, updatedReplicas: updated }),
    currentRevision,
    updateRevision: rev.update.metadata.name!,
    collisionCount: rev.collisionCount,
    availableReplicas: available,
  };
}
