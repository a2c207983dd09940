/**
 * The scheduler cache (upstream internal/cache): NodeInfos for every node with the pods bound
 * or assumed on it. Assuming a pod accounts its requests on the chosen node immediately, so
 * the next cycle sees them before the binding reaches the API server; the informer's update
 * confirms it, a failed binding forgets it.
 *
 * Guarantees: `nodeList()` keeps insertion order (the scheduling order) and only lists nodes
 * that exist; a pod is accounted on at most one node.
 */
import type { KubeObject } from "../api/types";
import { hasAffinity, NodeInfo, type ImageSummary } from "./framework/node-info";
import { podInfoOf, type PodInfo } from "./framework/pod-info";
import { nodeStatus } from "./framework/api";
import { normalizedImageName } from "./plugins/image-locality";

interface PodState {
  info: PodInfo;
  node: string;
  assumed: boolean;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private list: NodeInfo[] | undefined;
  private readonly pods = new Map<string, PodState>();
  /** image name -> size and the nodes holding it (shared by the NodeInfos' image maps) */
  private readonly images = new Map<string, ImageSummary & { holders: Set<string> }>();
  private readonly affinity = { withAffinity: 0, withRequiredAntiAffinity: 0 };

  /** how many accounted pods carry pod affinity terms (lets plugins skip whole cycles) */
  affinityPods(): { withAffinity: number; withRequiredAntiAffinity: number } {
    return this.affinity;
  }

  /** schedulable nodes in order (cached until a node is added or removed) */
  nodeList(): readonly NodeInfo[] {
    if (!this.list) this.list = [...this.nodes.values()].filter((n) => n.node);
    return this.list;
  }

  node(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  addOrUpdateNode(node: KubeObject): NodeInfo {
    const name = node.metadata.name ?? "";
    let ni = this.nodes.get(name);
    if (!ni) {
      ni = new NodeInfo(name, node);
      this.nodes.set(name, ni);
      this.list = undefined;
    } else {
      const wasGhost = !ni.node;
      ni.setNode(node);
      if (wasGhost) this.list = undefined;
    }
    this.updateImages(ni, node);
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.nodes.get(name);
    if (!ni) return;
    this.updateImages(ni, undefined);
    // like upstream, a deleted node with pods lingers (without its Node) until they go
    if (ni.pods.length === 0) this.nodes.delete(name);
    else ni.node = undefined;
    this.list = undefined;
  }

  /** a pod bound to a node (from the informer); confirms an assumed pod */
  addOrUpdatePod(pod: KubeObject, info: PodInfo = podInfoOf(pod)): void {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!nodeName) return;
    const prev = this.pods.get(info.key);
    if (prev) this.detach(prev);
    this.attach({ info, node: nodeName, assumed: false });
  }

  removePod(key: string): void {
    const prev = this.pods.get(key);
    if (!prev) return;
    this.detach(prev);
    this.pods.delete(key);
  }

  /** AssumePod: account `info` on `nodeName` before binding */
  assume(info: PodInfo, nodeName: string): void {
    const prev = this.pods.get(info.key);
    if (prev) this.detach(prev);
    this.attach({ info, node: nodeName, assumed: true });
  }

  /** ForgetPod: the binding failed; undo the assumption (a confirmed pod is kept) */
  forget(key: string): void {
    const st = this.pods.get(key);
    if (st?.assumed) this.removePod(key);
  }

  /** whether the pod is accounted on a node (bound or assumed) */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  isAssumed(key: string): boolean {
    return !!this.pods.get(key)?.assumed;
  }

  podCount(): number {
    return this.pods.size;
  }

  private attach(st: PodState): void {
    let ni = this.nodes.get(st.node);
    if (!ni) {
      ni = new NodeInfo(st.node);
      this.nodes.set(st.node, ni);
    }
    ni.addPod(st.info);
    this.count(st.info, 1);
    this.pods.set(st.info.key, st);
  }

  private detach(st: PodState): void {
    const ni = this.nodes.get(st.node);
    if (!ni) return;
    if (ni.removePod(st.info.key)) this.count(st.info, -1);
    if (!ni.node && ni.pods.length === 0) this.nodes.delete(st.node);
  }

  private count(p: PodInfo, by: 1 | -1): void {
    if (hasAffinity(p)) this.affinity.withAffinity += by;
    if (p.requiredAntiAffinityTerms.length) this.affinity.withRequiredAntiAffinity += by;
  }

  private updateImages(ni: NodeInfo, node: KubeObject | undefined): void {
    for (const [name, sum] of this.images) {
      if (sum.holders.delete(ni.name)) {
        sum.numNodes = sum.holders.size;
        if (sum.numNodes === 0) this.images.delete(name);
      }
    }
    ni.images = new Map();
    if (!node) return;
    for (const img of nodeStatus(node).images ?? []) {
      for (const raw of img.names ?? []) {
        const name = normalizedImageName(raw);
        let sum = this.images.get(name);
        if (!sum) this.images.set(name, (sum = { size: img.sizeBytes ?? 0, numNodes: 0, holders: new Set() }));
        sum.holders.add(ni.name);
        sum.numNodes = sum.holders.size;
        ni.images.set(name, sum);
      }
    }
  }
}
