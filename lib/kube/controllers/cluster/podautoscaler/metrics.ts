/**
 * The simulated resource metrics pipeline (what metrics-server serves as metrics.k8s.io/v1beta1
 * and the HPA reads): per-pod CPU and memory usage, computed from a load model lessons control.
 *
 * A running pod's CPU usage is, in order of precedence:
 * 1. its share of a workload load set through `LoadGenerator.setTotal` (the total spread evenly
 *    over the running pods its selector picks: more replicas, less each — as a real load
 *    balancer would);
 * 2. the pod's `kubelab.dev/cpu-load` annotation (e.g. "250m"; set it on a pod template to give
 *    each replica that usage);
 * 3. a 1m idle baseline.
 * Memory is `kubelab.dev/memory-load` or a 4Mi baseline per container. Pods that are not Running
 * on a node have no metrics, as with metrics-server.
 */
import { Quantity, tryParseQuantity } from "../../../api/quantity";
import { parseLabelSelector, type LabelSelector } from "../../../api/selectors";
import type { KubeObject } from "../../../api/types";
import { rfc3339 } from "../common/util";

export const CPU_LOAD_ANNOTATION = "kubelab.dev/cpu-load";
export const MEMORY_LOAD_ANNOTATION = "kubelab.dev/memory-load";
const IDLE_CPU_MILLI = 1;
const IDLE_MEMORY_BYTES = 4 * 1024 * 1024;

export interface ContainerUsage {
  name: string;
  usage: { cpu: string; memory: string };
}

/** metrics.k8s.io/v1beta1 PodMetrics */
export interface PodMetrics {
  apiVersion: "metrics.k8s.io/v1beta1";
  kind: "PodMetrics";
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: ContainerUsage[];
}

/** metrics.k8s.io/v1beta1 NodeMetrics */
export interface NodeMetrics {
  apiVersion: "metrics.k8s.io/v1beta1";
  kind: "NodeMetrics";
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

/** Workload-level load that lessons set and change while an HPA watches. */
export interface LoadGenerator {
  /** spreads `cpu` (a quantity, e.g. "1200m") over the running pods in `namespace` matching `selector` ("app=web"); "0" or undefined removes it */
  setTotal(namespace: string, selector: string, cpu: string | undefined): void;
  /** the load entries in force */
  entries(): { namespace: string; selector: string; cpuMilli: number }[];
}

export function createLoadGenerator(): LoadGenerator {
  const loads = new Map<string, { namespace: string; selector: string; parsed: LabelSelector; cpuMilli: number }>();
  return {
    setTotal(namespace, selector, cpu) {
      const key = `${namespace}\u0000${selector}`;
      const milli = cpu ? (tryParseQuantity(cpu)?.milliValue() ?? 0) : 0;
      if (milli <= 0) loads.delete(key);
      else loads.set(key, { namespace, selector, parsed: parseLabelSelector(selector), cpuMilli: milli });
    },
    entries: () => [...loads.values()].map(({ namespace, selector, cpuMilli }) => ({ namespace, selector, cpuMilli })),
  };
}

/** metrics-server reports only pods running on a node */
export function hasMetrics(pod: KubeObject): boolean {
  return (
    !!(pod.spec as { nodeName?: string } | undefined)?.nodeName &&
    (pod.status as { phase?: string } | undefined)?.phase === "Running" &&
    !pod.metadata.deletionTimestamp
  );
}

/** CPU usage of `pod` in millicores, or undefined when it has no metrics; `all` is every pod (for load shares) */
export function podCPUMilli(pod: KubeObject, all: readonly KubeObject[], loads?: LoadGenerator): number | undefined {
  if (!hasMetrics(pod)) return undefined;
  for (const l of loads?.entries() ?? []) {
    if (l.namespace !== pod.metadata.namespace) continue;
    const sel = parseLabelSelector(l.selector);
    if (!sel.matches(pod.metadata.labels ?? {})) continue;
    const share = all.filter((p) => p.metadata.namespace === l.namespace && hasMetrics(p) && sel.matches(p.metadata.labels ?? {})).length;
    return Math.round(l.cpuMilli / Math.max(1, share));
  }
  const ann = pod.metadata.annotations?.[CPU_LOAD_ANNOTATION];
  const q = ann ? tryParseQuantity(ann) : undefined;
  return q ? q.milliValue() : IDLE_CPU_MILLI;
}

/** memory usage of `pod` in bytes, or undefined when it has no metrics */
export function podMemoryBytes(pod: KubeObject): number | undefined {
  if (!hasMetrics(pod)) return undefined;
  const ann = pod.metadata.annotations?.[MEMORY_LOAD_ANNOTATION];
  const q = ann ? tryParseQuantity(ann) : undefined;
  return q ? q.value() : IDLE_MEMORY_BYTES * Math.max(1, containerNames(pod).length);
}

function containerNames(pod: KubeObject): string[] {
  return ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
}

const cpuString = (milli: number) => (milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`);
const memString = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024}Mi` : bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);

/** PodMetrics for every pod with metrics (the data behind `kubectl top pods`), usage split evenly over containers */
export function podMetrics(pods: readonly KubeObject[], now: number, loads?: LoadGenerator, namespace?: string): PodMetrics[] {
  const out: PodMetrics[] = [];
  for (const pod of pods) {
    if (namespace !== undefined && pod.metadata.namespace !== namespace) continue;
    const cpu = podCPUMilli(pod, pods, loads);
    if (cpu === undefined) continue;
    const names = containerNames(pod);
    const n = Math.max(1, names.length);
    const mem = podMemoryBytes(pod) ?? 0;
    out.push({
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "PodMetrics",
      metadata: {
        name: pod.metadata.name ?? "",
        namespace: pod.metadata.namespace ?? "",
        creationTimestamp: rfc3339(now),
        ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
      },
      timestamp: rfc3339(now),
      window: "15s",
      containers: names.map((name, i) => ({
        name,
        usage: { cpu: cpuString(Math.floor(cpu / n) + (i === 0 ? cpu % n : 0)), memory: memString(Math.floor(mem / n)) },
      })),
    });
  }
  return out;
}

/** NodeMetrics (the data behind `kubectl top nodes`): the pods' usage plus a system baseline per node */
export function nodeMetrics(nodes: readonly KubeObject[], pods: readonly KubeObject[], now: number, loads?: LoadGenerator): NodeMetrics[] {
  const per = new Map<string, { cpu: number; mem: number }>();
  for (const pm of podMetrics(pods, now, loads)) {
    const pod = pods.find((p) => p.metadata.namespace === pm.metadata.namespace && p.metadata.name === pm.metadata.name);
    const node = (pod?.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
    const acc = per.get(node) ?? { cpu: 0, mem: 0 };
    for (const c of pm.containers) {
      acc.cpu += Quantity.parse(c.usage.cpu).milliValue();
      acc.mem += Quantity.parse(c.usage.memory).value();
    }
    per.set(node, acc);
  }
  return nodes.map((n) => {
    const u = per.get(n.metadata.name ?? "") ?? { cpu: 0, mem: 0 };
    // kubelet, container runtime and system daemons
    const cpu = u.cpu + 50;
    const mem = u.mem + 512 * 1024 * 1024;
    return {
      apiVersion: "metrics.k8s.io/v1beta1",
      kind: "NodeMetrics",
      metadata: {
        name: n.metadata.name ?? "",
        creationTimestamp: rfc3339(now),
        ...(n.metadata.labels ? { labels: n.metadata.labels } : {}),
      },
      timestamp: rfc3339(now),
      window: "20.05s",
      usage: { cpu: cpuString(cpu), memory: memString(Math.round(mem / 1024) * 1024) },
    };
  });
}
