/**
 * daemonset-controller (pkg/controller/daemon): one pod per eligible node, pinned with node
 * affinity `metadata.name In [node]`, carrying the default daemon tolerations and the
 * `controller-revision-hash` of the current ControllerRevision; RollingUpdate replaces old pods
 * within maxUnavailable; OnDelete only replaces deleted ones.
 */
import type { KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type LabelSelector } from "../../../api/selectors";
import { defineController, type ControllerEnv, type WorkloadComponent } from "../common/base";
import { claimObjects } from "../common/claim";
import { Expectations } from "../common/expectations";
import { keyOf, watchOwned, watchSelf } from "../common/handlers";
import { isPodAvailable, isPodReady, msUntilAvailable, podFromTemplate, podPhase, slowStartBatch, SLOW_START_INITIAL_BATCH } from "../common/pods";
import { CONTROLLER_REVISIONS, DAEMONSETS, NODES, PODS, isNotFound, newControllerRef, splitKey } from "../common/refs";
import { omitZero, writeStatus } from "../common/status";
import type { Pod, PodTemplate } from "../common/types";
import { constructHistory, cleanupHistory } from "./history";
import { REVISION_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION, TEMPLATE_GENERATION_LABEL, isPodUpdated, type DaemonSet } from "./util";
export * from "./util";
import { FailedPodBackoff } from "./backoff";
import { nodeShouldRunDaemonPod, pinToNode, targetNode, withDaemonTolerations } from "./predicates";
import { rollingUpdate } from "./rolling";

export const DAEMONSET_CONTROLLER = "daemonset-controller";
/** BurstReplicas for daemon sets */
const BURST = 250;

export function daemonSetController(): WorkloadComponent {
  return defineController(DAEMONSET_CONTROLLER, (env) => {
    const dsInf = env.informer(DAEMONSETS);
    const podInf = env.informer(PODS);
    const nodeInf = env.informer(NODES);
    const crInf = env.informer(CONTROLLER_REVISIONS);
    const exp = new Expectations(env.ctx.clock);
    const backoff = new FailedPodBackoff();
    watchSelf(env, dsInf, (key) => exp.delete(key));
    watchOwned(env, podInf, { kind: "DaemonSet", owners: dsInf, expectations: exp });
    const all = () => dsInf.list().forEach((ds) => env.enqueue(keyOf(ds)));
    nodeInf.addEventHandler({
      onAdd: all,
      onDelete: all,
      onUpdate(o, n) {
        const relevant = (x: KubeObject) => JSON.stringify([x.metadata.labels, (x.spec as { taints?: unknown } | undefined)?.taints, (x.spec as { unschedulable?: boolean } | undefined)?.unschedulable]);
        if (relevant(o) !== relevant(n)) all();
      },
    });
    return async (key) => {
      const ds = dsInf.get(key) as DaemonSet | undefined;
      if (!ds) {
        exp.delete(key);
        return;
      }
      const ns = splitKey(key).namespace;
      try {
        return await syncDaemonSet(env, key, ds, { pods: podInf.list(ns), nodes: nodeInf.list(), revisions: crInf.list(ns) }, exp, backoff);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    };
  });
}

interface World {
  pods: KubeObject[];
  nodes: KubeObject[];
  revisions: KubeObject[];
}

async function syncDaemonSet(env: ControllerEnv, key: string, ds: DaemonSet, w: World, exp: Expectations, backoff: FailedPodBackoff) {
  let backoffWait: number | undefined;
  if (ds.metadata.deletionTimestamp) return;
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(ds.spec?.selector);
  } catch {
    return;
  }
  const { cur, old } = await constructHistory(env, key, ds, w.revisions);
  const hash = cur.metadata.labels?.[REVISION_HASH_LABEL] ?? "";
  const nodes = w.nodes.slice().sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const podsByNode = async () => {
    const live = w.pods.filter((p) => !(p.metadata.deletionTimestamp && ["Failed", "Succeeded"].includes(podPhase(p))));
    const owned = await claimObjects(env, live, { owner: ds, apiVersion: "apps/v1", kind: "DaemonSet", selector, resource: PODS, cause: key });
    const m = new Map<string, KubeObject[]>();
    for (const p of owned) {
      const n = targetNode(p);
      if (n === undefined) continue;
      m.set(n, [...(m.get(n) ?? []), p]);
    }
    return m;
  };
  if (exp.satisfied(key)) {
    backoffWait = await manage(env, key, ds, nodes, await podsByNode(), hash, exp, backoff);
    if (exp.satisfied(key) && (ds.spec.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate") {
      const toDelete = rollingUpdate(ds, nodes, await podsByNode(), hash, env.now());
      if (toDelete.length) await syncNodes(env, key, ds, toDelete, [], hash, exp);
    }
    await cleanupHistory(env, key, ds, old, [...(await podsByNode()).values()].flat());
  }
  const res = await updateStatus(env, key, ds, nodes, await podsByNode(), hash);
  const wait = Math.min(res?.requeueAfterMs ?? Infinity, backoffWait ?? Infinity);
  return Number.isFinite(wait) ? { requeueAfterMs: wait } : undefined;
}

/** creates and deletes daemon pods per node; returns ms until a failed pod's backoff ends, if any */
async function manage(env: ControllerEnv, key: string, ds: DaemonSet, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string, exp: Expectations, backoff: FailedPodBackoff): Promise<number | undefined> {
  let wait: number | undefined;
  const needing: string[] = [];
  const toDelete: KubeObject[] = [];
  for (const node of nodes) {
    const name = node.metadata.name!;
    const [shouldRun, shouldContinue] = nodeShouldRunDaemonPod(node, ds.spec.template);
    const pods = byNode.get(name);
    if (shouldRun && !pods) needing.push(name);
    else if (shouldContinue && pods) {
      const running: KubeObject[] = [];
      for (const p of pods) {
        if (p.metadata.deletionTimestamp) continue;
        const phase = podPhase(p);
        if (phase === "Failed") {
          const id = `${ds.metadata.uid}/${(ds.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0}/${name}`;
          const now = env.now();
          if (backoff.inBackoff(id, now)) {
            wait = Math.min(wait ?? Infinity, backoff.get(id));
            continue;
          }
          backoff.next(id, now);
          env.event(ds, "Warning", "FailedDaemonPod", `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it`);
          toDelete.push(p);
        } else if (phase === "Succeeded") {
          env.event(ds, "Normal", "SucceededDaemonPod", `Found succeeded daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to delete it`);
          toDelete.push(p);
        } else running.push(p);
      }
      // more than one pod on a node: keep the oldest
      running.sort(byCreationAndPhase);
      toDelete.push(...running.slice(1));
    } else if (!shouldContinue && pods) toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
  }
  // pods pinned to nodes that no longer exist are never scheduled: delete them
  const known = new Set(nodes.map((n) => n.metadata.name));
  for (const [n, pods] of byNode) if (!known.has(n)) toDelete.push(...pods.filter((p) => !p.metadata.deletionTimestamp && !(p as Pod).spec?.nodeName));
  await syncNodes(env, key, ds, toDelete, needing, hash, exp);
  return wait;
}

/** podByCreationTimestampAndPhase: running before not running, then oldest first */
function byCreationAndPhase(a: KubeObject, b: KubeObject): number {
  const ra = podPhase(a) === "Running" ? 0 : 1;
  const rb = podPhase(b) === "Running" ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  return ta < tb ? -1 : ta > tb ? 1 : (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
}

/** CreatePodTemplate: default tolerations plus the template-generation and revision-hash labels */
function daemonPodTemplate(ds: DaemonSet, hash: string): PodTemplate {
  const t = structuredClone(ds.spec.template ?? {}) as PodTemplate;
  const spec = (t.spec ??= {});
  spec.tolerations = withDaemonTolerations(spec.tolerations as never, spec.hostNetwork === true);
  const labels = { ...(t.metadata?.labels ?? {}) };
  const gen = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (gen !== undefined) labels[TEMPLATE_GENERATION_LABEL] = gen;
  if (hash) labels[REVISION_HASH_LABEL] = hash;
  t.metadata = { ...(t.metadata ?? {}), labels };
  return t;
}

export async function syncNodes(env: ControllerEnv, key: string, ds: DaemonSet, toDelete: KubeObject[], nodesNeeding: string[], hash: string, exp: Expectations) {
  const creates = nodesNeeding.slice(0, BURST);
  const deletes = toDelete.slice(0, BURST);
  exp.expect(key, creates.length, deletes.map((p) => p.metadata.uid ?? ""));
  const template = daemonPodTemplate(ds, hash);
  const ref = newControllerRef(ds, "apps/v1", "DaemonSet");
  const res = await slowStartBatch(creates.length, SLOW_START_INITIAL_BATCH, async (i) => {
    const pod = podFromTemplate(template, ds.metadata.name!, ref);
    pod.spec = { ...pod.spec, affinity: pinToNode(pod.spec?.affinity as never, creates[i]!) };
    try {
      const created = await env.ctx.client.create(PODS, ds.metadata.namespace, pod);
      env.trace("create pod", created, key, "created", `for node ${creates[i]}`);
      env.event(ds, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
    } catch (e) {
      env.event(ds, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
      throw e;
    }
  });
  if (res.error) exp.lowerCreations(key, creates.length - res.successes);
  for (const p of deletes) {
    try {
      await env.ctx.client.delete(PODS, p.metadata.namespace, p.metadata.name!);
      env.trace("delete pod", p, key, "deleted");
      env.event(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`);
    } catch (e) {
      exp.deletionObserved(key, p.metadata.uid ?? "");
      if (!isNotFound(e)) throw e;
    }
  }
  if (res.error) throw res.error;
}

async function updateStatus(env: ControllerEnv, key: string, ds: DaemonSet, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string) {
  const now = env.now();
  const mrs = ds.spec.minReadySeconds ?? 0;
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let wait = Infinity;
  for (const node of nodes) {
    const [shouldRun] = nodeShouldRunDaemonPod(node, ds.spec.template);
    const pods = byNode.get(node.metadata.name!) ?? [];
    if (!shouldRun) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    if (!pods.length) continue;
    current++;
    const pod = pods.slice().sort(byCreationAndPhase)[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, mrs, now)) available++;
      else wait = Math.min(wait, msUntilAvailable(pod, mrs, now) || Infinity);
    }
    if (isPodUpdated(pod, hash, ds)) updated++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    ...omitZero({ observedGeneration: ds.metadata.generation ?? 0, updatedNumberScheduled: updated, numberAvailable: available, numberUnavailable: desired - available }),
  };
  const cc = (ds.status as { collisionCount?: number } | undefined)?.collisionCount;
  if (cc !== undefined) status.collisionCount = cc;
  await writeStatus(env, DAEMONSETS, ds, status, key);
  return Number.isFinite(wait) ? { requeueAfterMs: wait } : undefined;
}
