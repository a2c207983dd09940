/**
 * What the node network stack and the CNI know, read from shared informers: pods by IP (the
 * routes and veths the CNI plumbs), nodes by InternalIP, namespace labels and NetworkPolicies
 * (what a policy agent programs). Handlers maintain lookup indexes only; nothing acts on events.
 *
 * Guarantees: lookups are O(1) (policies per namespace are regrouped lazily after a change);
 * returned objects are the informers' shared, read-only copies.
 */
import type { KubeObject } from "../api/types";
import type { ComponentContext, Informer, ResourceRef } from "../client";
import type { PolicyView } from "./policy";

const core = (resource: string): ResourceRef => ({ group: "", version: "v1", resource });
export const podsRef = core("pods");
export const nodesRef = core("nodes");
export const namespacesRef = core("namespaces");
export const networkPoliciesRef: ResourceRef = { group: "networking.k8s.io", version: "v1", resource: "networkpolicies" };

interface PodShape {
  spec?: { nodeName?: string; hostNetwork?: boolean };
  status?: { phase?: string; podIP?: string };
}

/** the pod's own IP when it has a network namespace of its own and is not finished */
export function podNetworkIP(pod: KubeObject): string | undefined {
  const p = pod as unknown as PodShape;
  if (p.spec?.hostNetwork) return undefined;
  const phase = p.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return undefined;
  return p.status?.podIP || undefined;
}

export const podNode = (pod: KubeObject) => (pod as unknown as PodShape).spec?.nodeName;
export const isHostNetwork = (pod: KubeObject) => !!(pod as unknown as PodShape).spec?.hostNetwork;

export function nodeInternalIP(node: KubeObject): string | undefined {
  const addrs = (node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
  return addrs.find((a) => a.type === "InternalIP")?.address;
}

export function nodePodCIDR(node: KubeObject): string | undefined {
  return (node.spec as { podCIDR?: string } | undefined)?.podCIDR;
}

export class NetworkState implements PolicyView {
  private pods?: Informer;
  private nodes?: Informer;
  private namespaces?: Informer;
  private policies?: Informer;
  private readonly podKeyByIP = new Map<string, string>();
  private readonly ipByPodKey = new Map<string, string>();
  private readonly nodeByIP = new Map<string, string>();
  private readonly ipByNode = new Map<string, string>();
  private readonly gatewayByNode = new Map<string, string>();
  private policiesByNs: Map<string, KubeObject[]> | undefined;

  start(ctx: ComponentContext): void {
    this.pods = ctx.informers.informerFor(podsRef);
    this.nodes = ctx.informers.informerFor(nodesRef);
    this.namespaces = ctx.informers.informerFor(namespacesRef);
    this.policies = ctx.informers.informerFor(networkPoliciesRef);
    this.pods.addEventHandler({
      onAdd: (p) => this.indexPod(p),
      onUpdate: (_o, p) => this.indexPod(p),
      onDelete: (p) => this.unindexPod(key(p)),
    });
    this.nodes.addEventHandler({
      onAdd: () => this.reindexNodes(),
      onUpdate: () => this.reindexNodes(),
      onDelete: () => this.reindexNodes(),
    });
    const dirty = () => void (this.policiesByNs = undefined);
    this.policies.addEventHandler({ onAdd: dirty, onUpdate: dirty, onDelete: dirty });
  }

  stop(): void {
    this.pods = this.nodes = this.namespaces = this.policies = undefined;
    this.podKeyByIP.clear();
    this.ipByPodKey.clear();
    this.nodeByIP.clear();
    this.ipByNode.clear();
    this.gatewayByNode.clear();
    this.policiesByNs = undefined;
  }

  private indexPod(pod: KubeObject): void {
    const k = key(pod);
    const ip = podNetworkIP(pod);
    const old = this.ipByPodKey.get(k);
    if (old === ip) return;
    this.unindexPod(k);
    if (ip) {
      this.podKeyByIP.set(ip, k);
      this.ipByPodKey.set(k, ip);
    }
  }

  private unindexPod(k: string): void {
    const old = this.ipByPodKey.get(k);
    if (old === undefined) return;
    this.ipByPodKey.delete(k);
    if (this.podKeyByIP.get(old) === k) this.podKeyByIP.delete(old);
  }

  private reindexNodes(): void {
    this.nodeByIP.clear();
    this.ipByNode.clear();
    this.gatewayByNode.clear();
    for (const n of this.nodes?.list() ?? []) {
      const ip = nodeInternalIP(n);
      const name = n.metadata.name!;
      if (ip) {
        this.nodeByIP.set(ip, name);
        this.ipByNode.set(name, ip);
      }
      const cidr = nodePodCIDR(n);
      const gw = cidr ? cidr.replace(/\.0\/\d+$/, ".1") : ip;
      if (gw) this.gatewayByNode.set(name, gw);
    }
  }

  pod(namespace: string, name: string): KubeObject | undefined {
    return this.pods?.get(`${namespace}/${name}`);
  }

  podByIP(ip: string): KubeObject | undefined {
    const k = this.podKeyByIP.get(ip);
    return k ? this.pods?.get(k) : undefined;
  }

  node(name: string): KubeObject | undefined {
    return this.nodes?.get(name);
  }

  nodeNameByIP(ip: string): string | undefined {
    return this.nodeByIP.get(ip);
  }

  nodeIP(name: string): string | undefined {
    return this.ipByNode.get(name);
  }

  /** the bridge address pods of a node see when traffic is masqueraded on that node (x.y.z.1) */
  nodeGatewayIP(name: string): string | undefined {
    return this.gatewayByNode.get(name);
  }

  /** host-network pods of a node (they share its IP) */
  hostNetworkPods(node: string): KubeObject[] {
    return (this.pods?.list() ?? []).filter((p) => isHostNetwork(p) && podNode(p) === node);
  }

  policiesIn(namespace: string): readonly KubeObject[] {
    if (!this.policiesByNs) {
      const m = new Map<string, KubeObject[]>();
      for (const np of this.policies?.list() ?? []) {
        const ns = np.metadata.namespace ?? "default";
        const list = m.get(ns);
        if (list) list.push(np);
        else m.set(ns, [np]);
      }
      this.policiesByNs = m;
    }
    return this.policiesByNs.get(namespace) ?? [];
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    return this.namespaces?.get(namespace)?.metadata.labels;
  }
}

const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
