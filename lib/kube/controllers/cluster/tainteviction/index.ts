/**
 * taint-eviction-controller (pkg/controller/tainteviction): pods on a node with NoExecute
 * taints they do not tolerate are deleted at once; pods tolerating every such taint for a
 * limited time (tolerationSeconds; the API server's DefaultTolerationSeconds adds 300 s for
 * not-ready and unreachable) are deleted when that time has passed, unless the taint went away
 * first. Before deleting, the pod gets the DisruptionTarget condition; the
 * `TaintManagerEviction` event says "Marking for deletion Pod <ns>/<name>". Their controllers
 * then recreate them elsewhere.
 *
 * The clock starts at the later of the taint's timeAdded and the pod's scheduling, and the
 * pod's key is requeued for exactly that moment (no polling).
 */
import type { KubeObject } from "../../../api/types";
import { objectKey } from "../../../client";
import { defineController, type ClusterComponent } from "../common/base";
import { NODES, PODS, getCondition, isNotFound, parseTime, rfc3339, splitKey } from "../common/util";
import { taintsOf, type Taint } from "../nodelifecycle/taints";

export const TAINT_EVICTION_CONTROLLER = "taint-eviction-controller";

export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** v1.Toleration.ToleratesTaint */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === "Exists") return true;
  if (!t.key) return false;
  return (t.value ?? "") === (taint.value ?? "");
}

/**
 * How long the pod may stay: 0 = evict now, Infinity = never, else the least tolerationSeconds
 * among the tolerations used (getMinTolerationTime; negative counts as 0).
 */
export function minTolerationSeconds(tolerations: Toleration[], taints: Taint[]): number {
  let min = Infinity;
  for (const taint of taints) {
    const used = tolerations.filter((t) => toleratesTaint(t, taint));
    if (used.length === 0) return 0;
    for (const t of used) if (t.tolerationSeconds !== undefined) min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min;
}

export function taintEvictionController(): ClusterComponent {
  return defineController(TAINT_EVICTION_CONTROLLER, (env) => {
    const nodes = env.informer(NODES);
    const pods = env.informer(PODS);
    const scheduled = new Set<string>();
    const onPod = (p: KubeObject) => (p.spec as { nodeName?: string } | undefined)?.nodeName && env.enqueue(objectKey(p));
    pods.addEventHandler({ onAdd: onPod, onUpdate: (_o, p) => onPod(p), onDelete: (p) => scheduled.delete(objectKey(p)) });
    const noExecute = (n: KubeObject) => JSON.stringify(taintsOf(n).filter((t) => t.effect === "NoExecute"));
    const onNode = (n: KubeObject) => {
      for (const p of pods.list())
        if ((p.spec as { nodeName?: string } | undefined)?.nodeName === n.metadata.name) env.enqueue(objectKey(p));
    };
    nodes.addEventHandler({ onAdd: onNode, onUpdate: (o, n) => noExecute(o) !== noExecute(n) && onNode(n) });

    return async (key) => {
      const pod = pods.get(key);
      const cancel = (why: string) => {
        if (!scheduled.delete(key) || !pod) return;
        env.event(pod, "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${key}`);
        env.trace("cancel-eviction", pod, key, "cancelled", why);
      };
      if (!pod || pod.metadata.deletionTimestamp) return void scheduled.delete(key);
      const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? nodes.get(nodeName) : undefined;
      const taints = node ? taintsOf(node).filter((t) => t.effect === "NoExecute") : [];
      if (!taints.length) return cancel("no NoExecute taints left");
      const tolerations = ((pod.spec as { tolerations?: Toleration[] } | undefined)?.tolerations ?? []) as Toleration[];
      const seconds = minTolerationSeconds(tolerations, taints);
      if (seconds === Infinity) return cancel("pod tolerates the taints forever");
      const now = env.now();
      const taintedAt = Math.min(...taints.map((t) => parseTime(t.timeAdded) ?? now));
      const boundAt = parseTime(getCondition(pod, "PodScheduled")?.lastTransitionTime) ?? parseTime(pod.metadata.creationTimestamp) ?? now;
      const due = Math.max(taintedAt, seconds === 0 ? 0 : boundAt) + seconds * 1000;
      if (now < due) {
        if (!scheduled.has(key)) {
          scheduled.add(key);
          env.trace(
            "schedule-eviction",
            pod,
            key,
            "scheduled",
            `tolerates ${taints.map((t) => `${t.key}:${t.effect}`).join(", ")} for ${seconds}s: eviction at ${rfc3339(due)}`,
          );
        }
        return { requeueAfterMs: due - now };
      }
      scheduled.delete(key);
      env.event(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`);
      const [ns, name] = splitKey(key);
      try {
        const conds = ((pod.status as { conditions?: unknown[] } | undefined)?.conditions ?? []).filter(
          (c) => (c as { type?: string }).type !== "DisruptionTarget",
        );
        conds.push({
          type: "DisruptionTarget",
          status: "True",
          lastProbeTime: null,
          lastTransitionTime: rfc3339(now),
          reason: "DeletionByTaintManager",
          message: "Taint manager: deleting due to NoExecute taint",
        });
        await env.ctx.client.update(
          PODS,
          ns,
          { ...pod, status: { ...(pod.status as object), conditions: conds } },
          { subresource: "status" },
        );
        await env.ctx.client.delete(PODS, ns, name);
        env.trace(
          "evict",
          pod,
          key,
          "deleted",
          seconds
            ? `tolerationSeconds ${seconds} elapsed on ${taints.map((t) => `${t.key}:${t.effect}`).join(", ")}`
            : `does not tolerate ${taints.map((t) => `${t.key}:${t.effect}`).join(", ")}`,
        );
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return undefined;
    };
  });
}
