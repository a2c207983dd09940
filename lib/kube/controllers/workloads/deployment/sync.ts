/**
 * pkg/controller/deployment/sync.go: the new ReplicaSet (created on demand, revision synced),
 * scaling (proportional for rolling deployments), history cleanup and status.
 */
import { deepCopy } from "../../../api/types";
import type { ControllerEnv } from "../common/base";
import { computeHash } from "../common/hash";
import { DEPLOYMENTS, REPLICASETS, isAlreadyExists, newControllerRef } from "../common/refs";
import { omitZero } from "../common/status";
import { canonicalJSON } from "../common/hash";
import {
  AVAILABLE,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  NEW_RS_REASON,
  PAUSED_REASON,
  PROGRESSING,
  RESUMED_REASON,
  TIMED_OUT_REASON,
  getCondition,
  newCondition,
  setCondition,
} from "./conditions";
import {
  POD_TEMPLATE_HASH,
  REVISION,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxReplicasAnnotation,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  replicasAnnotationsNeedUpdate,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicas,
  sumSpec,
  sumStatus,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
} from "./util";

/** One sync of one Deployment: `d` is our working copy, `persisted` what the API server holds. */
export interface SyncState {
  env: ControllerEnv;
  key: string;
  d: Deployment;
  persisted: Deployment;
  rsList: ReplicaSet[];
  requeueAfterMs?: number;
}

/** dc.client.UpdateStatus(d): annotations (kept by our status strategy) go through the main resource first */
export async function updateDeployment(s: SyncState): Promise<void> {
  const { env, d } = s;
  let cur = s.persisted;
  if (canonicalJSON(d.metadata.annotations ?? {}) !== canonicalJSON(cur.metadata.annotations ?? {})) {
    const before = cur.metadata.generation ?? 0;
    cur = (await env.ctx.client.update(DEPLOYMENTS, d.metadata.namespace, { ...cur, metadata: { ...cur.metadata, annotations: d.metadata.annotations } })) as Deployment;
    env.trace("update deployment", cur, s.key, "written", `revision ${d.metadata.annotations?.[REVISION] ?? ""}`);
    // upstream writes these annotations through /status (no generation bump); through the main
    // resource the generation moves by our own write, which this sync has therefore observed
    const after = cur.metadata.generation ?? 0;
    d.metadata.generation = after;
    if (d.status && d.status.observedGeneration === before && after !== before) d.status.observedGeneration = after;
  }
  if (canonicalJSON(d.status ?? {}) !== canonicalJSON(cur.status ?? {})) {
    cur = (await env.ctx.client.update(DEPLOYMENTS, d.metadata.namespace, { ...cur, status: d.status }, { subresource: "status" })) as Deployment;
    env.trace("update status", cur, s.key, "written");
  }
  s.persisted = cur;
  d.metadata.resourceVersion = cur.metadata.resourceVersion;
}

function replaceRS(s: SyncState, rs: ReplicaSet): void {
  s.rsList = s.rsList.map((x) => (x.metadata.uid === rs.metadata.uid ? rs : x));
}

/** getAllReplicaSetsAndSyncRevision */
export async function getAllReplicaSets(s: SyncState, create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const existing = findNewReplicaSet(s.d, s.rsList);
  const oldRSs = s.rsList.filter((rs) => rs !== existing);
  const newRS = await getNewReplicaSet(s, existing, oldRSs, create);
  return { newRS, oldRSs: s.rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid) };
}

async function getNewReplicaSet(s: SyncState, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const { env, d } = s;
  const newRevision = String(maxRevision(oldRSs) + 1);
  const now = env.now();
  if (existing) {
    const copy = deepCopy(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
      copy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      const out = (await env.ctx.client.update(REPLICASETS, copy.metadata.namespace, copy)) as ReplicaSet;
      env.trace("update replicaset", out, s.key, "written", `revision ${out.metadata.annotations?.[REVISION] ?? ""}`);
      replaceRS(s, out);
      return out;
    }
    let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION] ?? "");
    if (hasProgressDeadline(d) && !getCondition(d.status ?? {}, PROGRESSING)) {
      setCondition((d.status ??= {}), newCondition(PROGRESSING, "True", FOUND_NEW_RS_REASON, `Found new replica set "${copy.metadata.name}"`, now));
      needsUpdate = true;
    }
    if (needsUpdate) await updateDeployment(s);
    return existing;
  }
  if (!create) return undefined;
  const template = deepCopy(d.spec.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const selector = deepCopy(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const rs: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [newControllerRef(d, "apps/v1", "Deployment")] },
    spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
  };
  const replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec.replicas = replicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);
  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = (await env.ctx.client.create(REPLICASETS, d.metadata.namespace, rs)) as ReplicaSet;
    env.trace("create replicaset", created, s.key, "created", `replicas ${replicas}`);
  } catch (e) {
    if (isAlreadyExists(e)) {
      const found = s.rsList.find((x) => x.metadata.name === rs.metadata.name) ?? ((await env.ctx.client.get(REPLICASETS, d.metadata.namespace, rs.metadata.name!)) as ReplicaSet);
      const ref = found.metadata.ownerReferences?.find((r) => r.controller);
      if (ref?.uid === d.metadata.uid && findNewReplicaSet(d, [found])) {
        created = found;
        alreadyExists = true;
      } else {
        // a hash collision: bump collisionCount so the next hash differs
        const st = (d.status ??= {});
        st.collisionCount = (st.collisionCount ?? 0) + 1;
        await updateDeployment(s);
        throw new Error(`found a hash collision for deployment "${d.metadata.name}" - bumping collisionCount to ${st.collisionCount} to resolve it`);
      }
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${(e as Error).message}`;
      if (hasProgressDeadline(d)) {
        setCondition((d.status ??= {}), newCondition(PROGRESSING, "False", FAILED_RS_CREATE_REASON, msg, now));
        await updateDeployment(s).catch(() => undefined);
      }
      env.event(d, "Warning", FAILED_RS_CREATE_REASON, msg);
      throw e;
    }
  }
  if (!alreadyExists && replicas > 0) env.event(d, "Normal", "ScalingReplicaSet", `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`);
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    setCondition((d.status ??= {}), newCondition(PROGRESSING, "True", NEW_RS_REASON, `Created new replica set "${created.metadata.name}"`, now));
    needsUpdate = true;
  }
  if (!s.rsList.some((x) => x.metadata.uid === created.metadata.uid)) s.rsList = [...s.rsList, created];
  if (needsUpdate) await updateDeployment(s);
  return created;
}

/** SetDeploymentRevision: mutates; returns whether it changed */
function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[REVISION] === revision) return false;
  a[REVISION] = revision;
  return true;
}

/** scaleReplicaSet: sets replicas and the desired/max annotations; records ScalingReplicaSet */
export async function scaleReplicaSet(s: SyncState, rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const { d } = s;
  const sizeChanges = specReplicas(rs) !== newScale;
  const desired = specReplicas(d);
  const max = desired + maxSurge(d);
  if (!sizeChanges && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = specReplicas(rs);
  const copy = deepCopy(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, desired, max);
  const out = (await s.env.ctx.client.update(REPLICASETS, rs.metadata.namespace, copy)) as ReplicaSet;
  replaceRS(s, out);
  if (sizeChanges) {
    const op = oldScale < newScale ? "up" : "down";
    s.env.trace(`scale ${op} replicaset`, out, s.key, "written", `${oldScale} -> ${newScale}`);
    s.env.event(d, "Normal", "ScalingReplicaSet", `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeChanges, rs: out };
}

export async function scaleAndRecord(s: SyncState, rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (specReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(s, rs, newScale);
}

/** scale: a scaling event (or a paused deployment) resizes RSs without rolling */
export async function scale(s: SyncState, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const { d } = s;
  const latest = findActiveOrLatest(newRS, oldRSs);
  if (latest) {
    if (specReplicas(latest) !== specReplicas(d)) await scaleAndRecord(s, latest, specReplicas(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleAndRecord(s, old, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const size = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      size.set(rs.metadata.name!, specReplicas(rs) + p);
      added += p;
    } else size.set(rs.metadata.name!, specReplicas(rs));
  }
  for (let i = 0; i < all.length; i++) {
    const rs = all[i]!;
    let n = size.get(rs.metadata.name!)!;
    if (i === 0 && toAdd !== 0) n = Math.max(0, n + toAdd - added);
    await scaleReplicaSet(s, rs, n);
  }
}

/** GetReplicaSetProportion / getReplicaSetFraction */
function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (specReplicas(d) === 0) fraction = -specReplicas(rs);
  else {
    const maxNow = specReplicas(d) + maxSurge(d);
    let before = maxReplicasAnnotation(rs) ?? 0;
    if (before === 0) before = d.status?.replicas ?? 0;
    fraction = before === 0 ? 0 : roundHalfAway((specReplicas(rs) * maxNow) / before) - specReplicas(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** isScalingEvent: an active RS's desired-replicas annotation differs from spec.replicas */
export async function isScalingEvent(s: SyncState): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = rs.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"];
    if (desired === undefined || !Number.isInteger(Number(desired))) continue;
    if (Number(desired) !== specReplicas(s.d)) return true;
  }
  return false;
}

/** cleanupDeployment: deletes the oldest fully scaled-down RSs beyond revisionHistoryLimit */
export async function cleanupDeployment(s: SyncState, oldRSs: ReplicaSet[]): Promise<void> {
  const limit = s.d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort(byRevision);
  const diff = cleanable.length - limit;
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
    await s.env.ctx.client.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name!, { propagationPolicy: "Background" });
    s.env.trace("delete replicaset", rs, s.key, "deleted", "revisionHistoryLimit");
  }
}

/** calculateStatus */
export function calculateStatus(s: SyncState, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const { d } = s;
  const available = sumStatus(all, "availableReplicas");
  const unavailable = Math.max(0, sumSpec(all) - available);
  const status: DeploymentStatus = omitZero({
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sumStatus(all, "replicas"),
    updatedReplicas: sumStatus([newRS], "replicas"),
    readyReplicas: sumStatus(all, "readyReplicas"),
    availableReplicas: available,
    unavailableReplicas: unavailable,
  }) as DeploymentStatus;
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  status.conditions = (d.status?.conditions ?? []).map((c) => ({ ...c }));
  const now = s.env.now();
  if (available >= specReplicas(d) - maxUnavailable(d)) setCondition(status, newCondition(AVAILABLE, "True", MIN_AVAILABLE_REASON, "Deployment has minimum availability.", now));
  else setCondition(status, newCondition(AVAILABLE, "False", MIN_UNAVAILABLE_REASON, "Deployment does not have minimum availability.", now));
  return status;
}

/** syncDeploymentStatus */
export async function syncDeploymentStatus(s: SyncState, all: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
  const status = calculateStatus(s, all, newRS);
  if (canonicalJSON(status) === canonicalJSON(s.d.status ?? {})) return;
  s.d.status = status;
  await updateDeployment(s);
}

/** sync: for paused deployments and scaling events */
export async function sync(s: SyncState): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSets(s, false);
  await scale(s, newRS, oldRSs);
  const fresh = (rs: ReplicaSet | undefined) => (rs ? s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) : undefined);
  const olds = oldRSs.map(fresh).filter((x): x is ReplicaSet => !!x);
  if (s.d.spec.paused) await cleanupDeployment(s, olds);
  await syncDeploymentStatus(s, [...olds, fresh(newRS)], fresh(newRS));
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed */
export async function checkPausedConditions(s: SyncState): Promise<void> {
  const { d } = s;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status ?? {}, PROGRESSING);
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedExists = cond?.reason === PAUSED_REASON;
  const now = s.env.now();
  if (d.spec.paused && !pausedExists) setCondition((d.status ??= {}), newCondition(PROGRESSING, "Unknown", PAUSED_REASON, "Deployment is paused", now));
  else if (!d.spec.paused && pausedExists) setCondition((d.status ??= {}), newCondition(PROGRESSING, "Unknown", RESUMED_REASON, "Deployment is resumed", now));
  else return;
  await updateDeployment(s);
}
