/**
 * NodeInfo: a node plus the pods the scheduler placed or saw bound on it, with running totals
 * (upstream framework.NodeInfo). Totals are updated incrementally on add/remove, never
 * recomputed, so a filter is a handful of number comparisons.
 *
 * Owned by the scheduler cache: plugins read it and MUST NOT modify it.
 */
import type { KubeObject } from "../../api/types";
import type { Labels } from "../../api/selectors";
import { nodeSpec, nodeStatus, type Taint } from "./api";
import { milliValue, quantityValue, type PodInfo } from "./pod-info";

export interface Allocatable {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  pods: number;
  scalar: Map<string, number>;
}

export interface ImageSummary {
  size: number;
  /** how many nodes hold the image (shared across NodeInfos by the cache) */
  numNodes: number;
}

export class NodeInfo {
  node: KubeObject | undefined;
  name: string;
  labels: Labels = {};
  /** NoSchedule and NoExecute taints (the filter's concern) */
  hardTaints: readonly Taint[] = [];
  /** PreferNoSchedule taints (the score's concern) */
  softTaints: readonly Taint[] = [];
  unschedulable = false;
  allocatable: Allocatable = { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: new Map() };
  /** images on the node: normalized name -> summary */
  images = new Map<string, ImageSummary>();

  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  requestedMilliCPU = 0;
  requestedMemory = 0;
  requestedEphemeral = 0;
  requestedScalar = new Map<string, number>();
  nonZeroMilliCPU = 0;
  nonZeroMemory = 0;
  /** "ip/protocol/port" of host ports in use */
  readonly usedPorts = new Map<string, number>();
  /** bumped on every change */
  generation = 0;

  constructor(name: string, node?: KubeObject) {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: KubeObject): void {
    this.node = node;
    this.name = node.metadata.name ?? this.name;
    this.labels = node.metadata.labels ?? {};
    const spec = nodeSpec(node);
    this.unschedulable = !!spec.unschedulable;
    const taints = spec.taints ?? [];
    this.hardTaints = taints.filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
    this.softTaints = taints.filter((t) => t.effect === "PreferNoSchedule");
    const alloc = nodeStatus(node).allocatable ?? {};
    const scalar = new Map<string, number>();
    for (const [k, v] of Object.entries(alloc)) if (k !== "cpu" && k !== "memory" && k !== "ephemeral-storage" && k !== "pods") scalar.set(k, quantityValue(v));
    this.allocatable = { milliCPU: milliValue(alloc.cpu), memory: quantityValue(alloc.memory), ephemeralStorage: quantityValue(alloc["ephemeral-storage"]), pods: quantityValue(alloc.pods), scalar };
    this.generation++;
  }

  addPod(p: PodInfo): void {
    this.pods.push(p);
    if (hasAffinity(p)) this.podsWithAffinity.push(p);
    if (p.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(p);
    this.account(p, 1);
  }

  /** removes the pod with `key`; returns the removed PodInfo */
  removePod(key: string): PodInfo | undefined {
    const i = this.pods.findIndex((x) => x.key === key);
    if (i < 0) return undefined;
    const p = this.pods[i]!;
    this.pods.splice(i, 1);
    const drop = (list: PodInfo[]) => {
      const j = list.findIndex((x) => x.key === key);
      if (j >= 0) list.splice(j, 1);
    };
    drop(this.podsWithAffinity);
    drop(this.podsWithRequiredAntiAffinity);
    this.account(p, -1);
    return p;
  }

  private account(p: PodInfo, sign: 1 | -1): void {
    const r = p.requests;
    this.requestedMilliCPU += sign * r.milliCPU;
    this.requestedMemory += sign * r.memory;
    this.requestedEphemeral += sign * r.ephemeralStorage;
    for (const [k, v] of r.scalar ?? []) this.requestedScalar.set(k, (this.requestedScalar.get(k) ?? 0) + sign * v);
    this.nonZeroMilliCPU += sign * p.non0CPU;
    this.nonZeroMemory += sign * p.non0Mem;
    for (const hp of p.hostPorts) {
      const k = `${hp.ip}/${hp.protocol}/${hp.port}`;
      const n = (this.usedPorts.get(k) ?? 0) + sign;
      if (n > 0) this.usedPorts.set(k, n);
      else this.usedPorts.delete(k);
    }
    this.generation++;
  }

  /** a copy with its own pod lists and totals (preemption's what-if), sharing node and pods */
  clone(): NodeInfo {
    const c = new NodeInfo(this.name);
    c.node = this.node;
    c.labels = this.labels;
    c.hardTaints = this.hardTaints;
    c.softTaints = this.softTaints;
    c.unschedulable = this.unschedulable;
    c.allocatable = this.allocatable;
    c.images = this.images;
    for (const p of this.pods) c.addPod(p);
    return c;
  }
}

export function hasAffinity(p: PodInfo): boolean {
  return p.requiredAffinityTerms.length > 0 || p.requiredAntiAffinityTerms.length > 0 || p.preferredAffinityTerms.length > 0 || p.preferredAntiAffinityTerms.length > 0;
}
