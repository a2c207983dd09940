/**
 * Pod admission (lifecycle.predicateAdmitHandler): a pod bound to the node must fit the node's
 * allocatable pods, cpu, memory and ephemeral-storage next to the pods already admitted, or it
 * is rejected with OutOfpods/OutOfcpu/OutOfmemory/OutOfephemeral-storage and upstream's
 * "Node didn't have enough resource" message (only the first failing resource is reported).
 */
import type { KubeObject } from "../api/types";
import { tryParseQuantity } from "../api/quantity";
import { podRequests, podSpec } from "./pod-spec";

export interface Rejection {
  reason: string;
  message: string;
}

const REASON: Record<string, string> = { pods: "OutOfpods", cpu: "OutOfcpu", memory: "OutOfmemory", "ephemeral-storage": "OutOfephemeral-storage" };

export function admit(pod: KubeObject, node: KubeObject | undefined, others: KubeObject[]): Rejection | undefined {
  if (!node) return { reason: "InvalidNodeInfo", message: "Kubelet cannot get node info." };
  const alloc = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {}) as Record<string, string>;
  const cap = (k: string, milli = false) => {
    const q = alloc[k] ? tryParseQuantity(alloc[k]) : undefined;
    return q ? (milli ? q.milliValue() : q.value()) : Infinity;
  };
  const fail = (res: string, requested: number, used: number, capacity: number): Rejection => ({
    reason: REASON[res] ?? `OutOf${res}`,
    message: `Node didn't have enough resource: ${res}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  });
  const maxPods = cap("pods");
  if (others.length + 1 > maxPods) return fail("pods", 1, others.length, maxPods);
  const want = podRequests(podSpec(pod));
  const used = { cpuMilli: 0, memory: 0, storage: 0 };
  for (const o of others) {
    const r = podRequests(podSpec(o));
    used.cpuMilli += r.cpuMilli;
    used.memory += r.memory;
    used.storage += r.storage;
  }
  const cpu = cap("cpu", true);
  if (want.cpuMilli > 0 && used.cpuMilli + want.cpuMilli > cpu) return fail("cpu", want.cpuMilli, used.cpuMilli, cpu);
  const mem = cap("memory");
  if (want.memory > 0 && used.memory + want.memory > mem) return fail("memory", want.memory, used.memory, mem);
  const eph = cap("ephemeral-storage");
  if (want.storage > 0 && used.storage + want.storage > eph) return fail("ephemeral-storage", want.storage, used.storage, eph);
  return undefined;
}
