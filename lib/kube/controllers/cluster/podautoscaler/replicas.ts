/**
 * The replica calculator (pkg/controller/podautoscaler/replica_calculator.go) for Resource
 * metrics: group the target's pods (ready, unready, missing metrics, ignored), compute the
 * usage ratio against the target, and propose ceil(ratio × pods) unless within the 10%
 * tolerance; pods without metrics or not yet ready are counted conservatively as upstream.
 */
import { tryParseQuantity } from "../../../api/quantity";
import type { KubeObject } from "../../../api/types";
import { getCondition } from "../common/util";

export const TOLERANCE = 0.1;

export interface ResourceProposal {
  replicas: number;
  /** integer percentage of request (Utilization targets) */
  utilization?: number;
  /** average usage per pod with metrics, in milli-units (cpu) or units (memory) */
  rawAverage: number;
}

/** `usage` gives a pod's usage in the resource's unit, or undefined without metrics */
export function resourceReplicas(
  currentReplicas: number,
  pods: KubeObject[],
  resource: string,
  usage: (pod: KubeObject) => number | undefined,
  target: { utilization?: number; averageValue?: number },
): ResourceProposal {
  // the metrics API answers for the selected pods first
  if (!pods.some((p) => usage(p) !== undefined))
    throw new Error(`unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`);
  if (pods.length === 0) throw new Error("no pods returned by selector while calculating replica count");
  const metrics = new Map<string, number>();
  const unready = new Set<string>();
  const missing = new Set<string>();
  let ready = 0;
  for (const p of pods) {
    const name = p.metadata.name ?? "";
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (p.metadata.deletionTimestamp || phase === "Failed") continue;
    if (phase === "Pending") {
      unready.add(name);
      continue;
    }
    const u = usage(p);
    if (u === undefined) {
      missing.add(name);
      continue;
    }
    if (resource === "cpu" && getCondition(p, "Ready")?.status !== "True") {
      unready.add(name);
      continue;
    }
    metrics.set(name, u);
    ready++;
  }
  if (metrics.size === 0) throw new Error("did not receive metrics for targeted pods (pods might be unready)");
  const requests = new Map<string, number>();
  if (target.utilization !== undefined) for (const p of pods) requests.set(p.metadata.name ?? "", podRequest(p, resource));
  const ratioOf = (m: Map<string, number>) => {
    let total = 0;
    let req = 0;
    for (const [name, v] of m) {
      total += v;
      req += requests.get(name) ?? 0;
    }
    if (target.utilization !== undefined) {
      if (req === 0) throw new Error("no metrics returned matched known pods");
      const utilization = Math.trunc((total * 100) / req);
      return { ratio: utilization / target.utilization, utilization, raw: Math.trunc(total / m.size) };
    }
    return { ratio: total / ((target.averageValue ?? 1) * m.size), utilization: undefined, raw: Math.trunc(total / m.size) };
  };
  const first = ratioOf(metrics);
  const out = (replicas: number): ResourceProposal => ({
    replicas,
    ...(first.utilization !== undefined ? { utilization: first.utilization } : {}),
    rawAverage: first.raw,
  });
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return out(currentReplicas);
    return out(Math.ceil(first.ratio * ready));
  }
  const all = new Map(metrics);
  for (const name of missing) {
    if (first.ratio < 1) all.set(name, target.utilization !== undefined ? (requests.get(name) ?? 0) : (target.averageValue ?? 0));
    else if (first.ratio > 1) all.set(name, 0);
  }
  if (scaleUpWithUnready) for (const name of unready) all.set(name, 0);
  const next = ratioOf(all);
  if (Math.abs(1 - next.ratio) <= TOLERANCE || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1))
    return out(currentReplicas);
  const replicas = Math.ceil(next.ratio * all.size);
  if ((next.ratio < 1 && replicas > currentReplicas) || (next.ratio > 1 && replicas < currentReplicas)) return out(currentReplicas);
  return out(replicas);
}

/** calculatePodRequests: the sum of the containers' requests; every container must request the resource */
function podRequest(pod: KubeObject, resource: string): number {
  let sum = 0;
  for (const c of (pod.spec as { containers?: { name: string; resources?: { requests?: Record<string, string> } }[] } | undefined)
    ?.containers ?? []) {
    const q = c.resources?.requests?.[resource];
    const parsed = q !== undefined ? tryParseQuantity(String(q)) : undefined;
    if (!parsed) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}`);
    sum += resource === "cpu" ? parsed.milliValue() : parsed.value();
  }
  return sum;
}
