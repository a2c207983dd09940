/**
 * Everything networking needs in one cluster, for `createCluster` (or a sandbox) to start on its
 * ComponentContext before starting the informer factory: one kube-proxy per node
 * (`kube-proxy/<node>`), the cluster DNS server (`coredns`) and the data path (`network`).
 */
import type { Component } from "../client";
import { createClusterDns, type ClusterDns } from "../dns/coredns";
import type { NodeResolvConf } from "../dns/resolv";
import { createKubeProxy, type KubeProxy } from "../proxy/kube-proxy";
import { createNetwork, type Network } from "./datapath";
import type { ListeningProcessLookup } from "./types";

export interface NetworkingOptions {
  /** who listens in pods: the kubelets' runtime (`runtimeListeners(fleet.network)`); default: `defaultListeners` */
  listeners?: ListeningProcessLookup;
  /** hosts outside the cluster that CoreDNS's `forward` can resolve (default none: no internet) */
  externalHosts?: Record<string, string>;
  /** endpoint choice; default the ComponentContext's seeded random */
  random?: () => number;
  hostResolv?: NodeResolvConf;
  /**
   * each node's rules are programmed only while its kube-proxy DaemonSet pod runs (clusters
   * with kubeadm's kube-proxy add-on); default false: programmed from the start
   */
  proxyPods?: boolean;
}

export interface Networking {
  /** start each with the cluster's ComponentContext (kube-proxies, then coredns, then network) */
  components: Component[];
  proxies: Map<string, KubeProxy>;
  dns: ClusterDns;
  network: Network;
}

export function createNetworking(nodeNames: string[], opts: NetworkingOptions = {}): Networking {
  const proxies = new Map(nodeNames.map((n) => [n, createKubeProxy(n, { requirePod: opts.proxyPods ?? false })]));
  const dns = createClusterDns({ ...(opts.externalHosts ? { externalHosts: opts.externalHosts } : {}) });
  const network = createNetwork({
    proxies,
    dns,
    ...(opts.listeners ? { listeners: opts.listeners } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.hostResolv ? { hostResolv: opts.hostResolv } : {}),
  });
  return { components: [...proxies.values(), dns, network], proxies, dns, network };
}
