/**
 * node-lifecycle-controller (pkg/controller/nodelifecycle): watches node Leases in
 * kube-node-lease (and Ready heartbeats). A node whose lease is not renewed within the
 * node-monitor-grace-period (40 s) gets Ready and the pressure conditions set to Unknown
 * (`NodeStatusUnknown`, "Kubelet stopped posting node status."), its pods' Ready condition set
 * False, and the `node.kubernetes.io/unreachable` NoExecute and NoSchedule taints (`not-ready`
 * for Ready=False, pressure taints for pressure conditions); taints follow the conditions back
 * when the kubelet reports again. Evicting pods from tainted nodes is the
 * taint-eviction-controller's job.
 *
 * No polling: each node is re-checked exactly when its lease would expire, and not at all once
 * it is already Unknown (a lease renewal re-enqueues it).
 */
import type { KubeObject } from "../../../api/types";
import { objectKey } from "../../../client";
import { onClockResume } from "../../../clock";
import { defineController, type ClusterComponent } from "../common/base";
import { LEASES, NODES, PODS, conditionsOf, getCondition, isNotFound, parseTime, rfc3339, type Condition } from "../common/util";
import { desiredTaints, hasManagedNoExecute, reconcileTaints, type NoExecuteMode } from "./taints";

export { TAINT_NOT_READY, TAINT_UNREACHABLE, desiredTaints, taintsOf, type Taint } from "./taints";
export const NODE_LIFECYCLE_CONTROLLER = "node-lifecycle-controller";
export const LEASE_NAMESPACE = "kube-node-lease";

export interface NodeLifecycleOptions {
  /** node-monitor-grace-period (default 40 s) */
  gracePeriodMs?: number;
  /** 1 / node-eviction-rate: at most one node a zone gets NoExecute-tainted this often (default 10 s) */
  evictionIntervalMs?: number;
}

const ZONE_LABEL = "topology.kubernetes.io/zone";
/** node-eviction-rate 0.1/s, secondary-node-eviction-rate 0.01/s, unhealthy-zone-threshold 0.55, large-cluster-size-threshold 50 */
const SECONDARY_INTERVAL_MS = 100_000;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LARGE_CLUSTER_THRESHOLD = 50;
const zoneOf = (n: KubeObject) => n.metadata.labels?.[ZONE_LABEL] ?? "";

const MONITORED = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

export function nodeLifecycleController(opts: NodeLifecycleOptions = {}): ClusterComponent {
  const grace = opts.gracePeriodMs ?? 40_000;
  const evictionIntervalMs = opts.evictionIntervalMs ?? 10_000;
  /** the zone's NoExecute tainting interval by its state (ComputeZoneState + setLimiterInZone); Infinity = none */
  const zoneInterval = (zoneNodes: KubeObject[], ready: (n: KubeObject) => boolean): number => {
    const notReady = zoneNodes.filter((n) => !ready(n)).length;
    const partial = notReady > 2 && notReady / zoneNodes.length >= UNHEALTHY_ZONE_THRESHOLD && notReady < zoneNodes.length;
    if (!partial) return evictionIntervalMs; // normal, or fully disrupted while other zones are not
    return zoneNodes.length > LARGE_CLUSTER_THRESHOLD ? SECONDARY_INTERVAL_MS : Infinity;
  };
  return defineController(NODE_LIFECYCLE_CONTROLLER, (env) => {
    const nodes = env.informer(NODES);
    const leases = env.informer(LEASES);
    const pods = env.informer(PODS);
    /** every node in every zone not Ready: no NoExecute taints anywhere */
    let masterDisruption = false;
    /** per zone: when the next node may get a NoExecute taint (the eviction rate limiter) */
    const nextTaintAt = new Map<string, number>();
    nodes.addEventHandler({
      onAdd: (n) => env.enqueue(n.metadata.name!),
      onUpdate: (o, n) => {
        env.enqueue(n.metadata.name!);
        // a node's readiness can change its zone's (and the cluster's) disruption state
        if (getCondition(o, "Ready")?.status !== getCondition(n, "Ready")?.status)
          for (const z of nodes.list()) env.enqueue(z.metadata.name!);
      },
    });
    const onLease = (l: KubeObject) => l.metadata.namespace === LEASE_NAMESPACE && env.enqueue(l.metadata.name!);
    leases.addEventHandler({ onAdd: onLease, onUpdate: (_o, l) => onLease(l) });
    // a Ready pod on a node that is not Ready is marked not ready (processPod)
    const onPod = (p: KubeObject) => {
      const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName && getCondition(p, "Ready")?.status === "True" && getCondition(nodes.get(nodeName), "Ready")?.status !== "True")
        env.enqueue(nodeName);
    };
    pods.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p) });

    /**
     * When the cluster resumed from a park (its clock held every timer, kubelets' heartbeats
     * included). Resuming is treated like a kube-controller-manager restart: upstream's
     * tryUpdateNodeHealth takes "now" as the probe timestamp of a node it has not observed yet
     * ("Missing timestamp for Node. Assuming now as a timestamp"), so the parked gap is not held
     * against the nodes; their kubelets renew their Leases at once on resume.
     */
    let resumedAt = 0;
    onClockResume(env.ctx.clock, (r) => void (resumedAt = r.resumedAt));

    /** the node's last sign of life: lease renewal, Ready heartbeat, creation, or the controller's (re)start */
    const probeTime = (node: KubeObject) =>
      Math.max(
        resumedAt,
        parseTime((leases.get(`${LEASE_NAMESPACE}/${node.metadata.name}`)?.spec as { renewTime?: string } | undefined)?.renewTime) ?? 0,
        parseTime(getCondition(node, "Ready")?.lastHeartbeatTime) ?? 0,
        parseTime(node.metadata.creationTimestamp) ?? 0,
      );

    return async (name) => {
      let node = nodes.get(name);
      if (!node) return;
      const client = env.ctx.client;
      const now = env.now();
      const ready = getCondition(node, "Ready");
      const probe = probeTime(node);
      const due = probe + grace;
      let requeueAfterMs: number | undefined;
      if (now < due) requeueAfterMs = due - now;
      else {
        const next = unknownConditions(node, now);
        if (next) {
          try {
            node = await client.update(
              NODES,
              undefined,
              { ...node, status: { ...(node.status as object), conditions: next } },
              { subresource: "status" },
            );
          } catch (e) {
            if (isNotFound(e)) return;
            throw e;
          }
          env.trace(
            "update-node-health",
            node,
            name,
            "unknown",
            `lease not renewed since ${rfc3339(probe)} (grace period ${grace / 1000}s): Kubelet stopped posting node status.`,
          );
          if (ready?.status === "True") env.event(node, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
        }
      }
      // taints follow the conditions; NoExecute ones as the zone's disruption state and eviction rate allow
      const zone = zoneOf(node);
      // a node whose lease has expired counts as not ready even before its own pass (upstream updates every node's health before judging zones)
      const readyOf = (n: KubeObject) =>
        n.metadata.name === name
          ? getCondition(node, "Ready")?.status === "True"
          : getCondition(n, "Ready")?.status === "True" && now < probeTime(n) + grace;
      const all = nodes.list();
      const zoneNodes = all.filter((n) => zoneOf(n) === zone);
      let mode: NoExecuteMode = "apply";
      if (all.length > 0 && !all.some(readyOf)) {
        // handleDisruption: every zone fully disrupted is a control-plane problem, not the nodes'
        mode = "remove";
        if (!masterDisruption) {
          masterDisruption = true;
          env.trace(
            "zone-disruption",
            { kind: "Node", name },
            name,
            "full-disruption",
            "Controller detected that all Nodes are not-Ready. Entering master disruption mode.",
          );
          for (const n of all) env.enqueue(n.metadata.name!);
        }
      } else {
        if (masterDisruption) {
          masterDisruption = false;
          env.trace(
            "zone-disruption",
            { kind: "Node", name },
            name,
            "normal",
            "Controller detected that some Nodes are Ready. Exiting master disruption mode.",
          );
          for (const n of all) env.enqueue(n.metadata.name!);
        }
        const wantsNoExecute = desiredTaints(node).some((t) => t.effect === "NoExecute");
        if (wantsNoExecute && !hasManagedNoExecute(node)) {
          const interval = zoneInterval(zoneNodes, readyOf);
          const next = nextTaintAt.get(zone) ?? 0;
          if (interval === Infinity) mode = "hold";
          else if (now < next) {
            mode = "hold";
            requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, next - now);
          } else nextTaintAt.set(zone, now + interval);
        }
      }
      const change = reconcileTaints(node, rfc3339(now), mode);
      if (change) {
        try {
          node = await client.update(NODES, undefined, {
            ...node,
            spec: { ...(node.spec as object), taints: change.taints.length ? change.taints : undefined },
          });
          const fmt = (ts: { key: string; effect: string }[]) => ts.map((t) => `${t.key}:${t.effect}`).join(", ");
          env.trace(
            "update-taints",
            node,
            name,
            "updated",
            [change.added.length ? `added ${fmt(change.added)}` : "", change.removed.length ? `removed ${fmt(change.removed)}` : ""]
              .filter(Boolean)
              .join("; "),
          );
        } catch (e) {
          if (isNotFound(e)) return;
          throw e;
        }
      }
      if (getCondition(node, "Ready")?.status !== "True") await markPodsNotReady(node);
      return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
    };

    /** MarkPodsNotReady: the pods' Ready condition turns False, with a NodeNotReady event */
    async function markPodsNotReady(node: KubeObject): Promise<void> {
      const now = rfc3339(env.now());
      for (const pod of pods.list()) {
        if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== node.metadata.name) continue;
        const conds = conditionsOf(pod);
        if (!conds.some((c) => c.type === "Ready" && c.status === "True")) continue;
        const next = conds.map((c) => (c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: now } : c));
        try {
          const updated = await env.ctx.client.update(
            PODS,
            pod.metadata.namespace,
            { ...pod, status: { ...(pod.status as object), conditions: next } },
            { subresource: "status" },
          );
          env.trace("mark-pod-not-ready", updated, objectKey(pod), "updated", `node ${node.metadata.name} is not ready`);
          env.event(updated, "Warning", "NodeNotReady", "Node is not ready");
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    }
  });
}

/** tryUpdateNodeHealth past the grace period: monitored conditions become Unknown */
function unknownConditions(node: KubeObject, now: number): Condition[] | undefined {
  const conds = conditionsOf(node).map((c) => ({ ...c }));
  const ts = rfc3339(now);
  let changed = false;
  for (const type of MONITORED) {
    const c = conds.find((x) => x.type === type);
    if (!c) {
      conds.push({
        type,
        status: "Unknown",
        lastHeartbeatTime: node.metadata.creationTimestamp,
        lastTransitionTime: ts,
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
      });
      changed = true;
    } else if (c.status !== "Unknown") {
      c.status = "Unknown";
      c.reason = "NodeStatusUnknown";
      c.message = "Kubelet stopped posting node status.";
      c.lastTransitionTime = ts;
      changed = true;
    }
  }
  return changed ? conds : undefined;
}
