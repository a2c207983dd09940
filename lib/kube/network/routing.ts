/**
 * How a packet finds its way, step by step: the source node's nat rules (kube-proxy's table) for
 * ClusterIPs and external IPs, the destination node's rules for NodePorts, pod routes straight
 * to pod IPs, and DNAT/SNAT bookkeeping. Each step appends a `Hop` with the rule as
 * `iptables-save` prints it.
 */
import { inClusterCidr, isIPv4 } from "./ip";
import type { Hop, Protocol } from "./types";
import type { KubeObject } from "../api/types";
import { NODEPORTS_JUMP, nodePortKey, vipKey, type ProxyRuleTable, type ServicePortEntry, type SepRule } from "../proxy/rules";
import type { NetworkState } from "./state";

export interface Source {
  /** "pod default/client" or "node worker-1" */
  label: string;
  ip: string;
  node: string;
  /** the client pod (absent for node / host-network sources) */
  pod?: KubeObject;
  /** the pod whose resolv.conf applies (also host-network pods) */
  owner?: KubeObject;
}

export type Route =
  | { kind: "pod"; pod: KubeObject; ip: string; port: number; seenSrcIP: string; masqueraded: boolean }
  | { kind: "host"; node: string; ip: string; port: number; seenSrcIP: string }
  | { kind: "refused"; detail: string }
  | { kind: "timeout"; detail: string };

export interface RoutingDeps {
  state: NetworkState;
  table(node: string): ProxyRuleTable | undefined;
  random(): number;
  now(): number;
  /** `-m recent` lists per node: "<KUBE-SEP chain>|<source ip>" → last seen (ms) */
  recent: Map<string, Map<string, number>>;
}

/** picks the endpoint as the KUBE-SVC chain would: affinity (`-m recent --rcheck`) then statistic */
function pickSep(d: RoutingDeps, node: string, e: ServicePortEntry, local: boolean, srcIP: string, hops: Hop[], at: string): SepRule {
  const seps = local ? e.localSeps : e.seps;
  const chain = local ? e.svlChain! : e.svcChain;
  if (e.affinitySeconds !== undefined) {
    const list = d.recent.get(node);
    const now = d.now();
    for (const s of seps) {
      const seen = list?.get(`${s.chain}|${srcIP}`);
      if (seen !== undefined && now - seen <= e.affinitySeconds * 1000) {
        hops.push({
          kind: "rule",
          at,
          table: "nat",
          chain,
          rule: s.affinityJump!,
          detail: `session affinity: ${srcIP} used ${s.endpoint.ip}:${s.endpoint.port} ${Math.floor((now - seen) / 1000)}s ago`,
        });
        return s;
      }
    }
  }
  let chosen = seps[seps.length - 1]!;
  for (const s of seps) {
    if (s.probability === undefined || d.random() < s.probability) {
      chosen = s;
      break;
    }
  }
  const n = seps.length;
  const where = local ? " on this node" : "";
  hops.push({
    kind: "rule",
    at,
    table: "nat",
    chain,
    rule: chosen.jump,
    detail:
      n === 1
        ? `the only endpoint${where}: ${chosen.endpoint.ip}:${chosen.endpoint.port}`
        : `random choice among ${n} endpoints${where}: ${chosen.endpoint.ip}:${chosen.endpoint.port}`,
  });
  if (e.affinitySeconds !== undefined) {
    let list = d.recent.get(node);
    if (!list) d.recent.set(node, (list = new Map()));
    list.set(`${chosen.chain}|${srcIP}`, d.now());
  }
  return chosen;
}

/** the service part shared by ClusterIP, external IP and NodePort paths: KUBE-SVC/SVL → KUBE-SEP → DNAT */
function throughService(
  d: RoutingDeps,
  node: string,
  e: ServicePortEntry,
  src: Source,
  masq: boolean,
  hops: Hop[],
  origDst: string,
  local = false,
): Route {
  const at = `kube-proxy/${node}`;
  const sep = pickSep(d, node, e, local, src.ip, hops, at);
  const ep = sep.endpoint;
  if (src.ip === ep.ip) {
    hops.push({
      kind: "rule",
      at,
      table: "nat",
      chain: sep.chain,
      rule: sep.masq,
      detail: "hairpin: the pod reaches itself through the service, so the source is masqueraded",
    });
    masq = true;
  }
  hops.push({ kind: "dnat", at, table: "nat", chain: sep.chain, rule: sep.dnat, detail: `DNAT ${origDst} → ${ep.ip}:${ep.port}` });
  const pod = d.state.podByIP(ep.ip);
  if (!pod) return { kind: "timeout", detail: `no pod has ${ep.ip} any more (stale endpoint)` };
  const podNodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
  let seenSrcIP = src.ip;
  if (masq) {
    seenSrcIP = (podNodeName === node ? d.state.nodeGatewayIP(node) : d.state.nodeIP(node)) ?? src.ip;
    hops.push({
      kind: "snat",
      at: `node ${node}`,
      table: "nat",
      chain: "KUBE-POSTROUTING",
      rule: '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      detail: `MASQUERADE: source ${src.ip} → ${seenSrcIP}`,
    });
  }
  if (podNodeName && podNodeName !== node)
    hops.push({
      kind: "route",
      at: `node ${node}`,
      detail: `${ep.ip} is on ${podNodeName}: routed via ${d.state.nodeIP(podNodeName) ?? podNodeName}`,
    });
  return { kind: "pod", pod, ip: ep.ip, port: ep.port, seenSrcIP, masqueraded: masq };
}

function reject(hops: Hop[], node: string, rule: string, chain: string, detail: string): Route {
  hops.push({ kind: "reject", at: `kube-proxy/${node}`, table: "filter", chain, rule, detail });
  return { kind: "refused", detail };
}

function filtered(hops: Hop[], node: string, rule: string, chain: string, name: string): Route {
  if (rule.includes("-j DROP")) {
    hops.push({
      kind: "drop",
      at: `kube-proxy/${node}`,
      table: "filter",
      chain,
      rule,
      detail: `${name} has no local endpoints on ${node}: DROP`,
    });
    return { kind: "timeout", detail: `${name} has no local endpoints on ${node}` };
  }
  return reject(hops, node, rule, chain, `${name} has no endpoints: REJECT (icmp-port-unreachable)`);
}

/** KUBE-EXT-<hash>: masquerade and KUBE-SVC (Cluster), or for Local: pod and LOCAL traffic to KUBE-SVC, the rest to KUBE-SVL */
function throughExt(
  d: RoutingDeps,
  node: string,
  e: ServicePortEntry,
  src: Source,
  hops: Hop[],
  orig: string,
  filter: string | undefined,
): Route {
  const at = `kube-proxy/${node}`;
  const fromPod = inClusterCidr(src.ip);
  const fromLocal = !src.pod && src.node === node;
  let masq = false;
  for (const x of e.rules.ext) {
    if ((x.match === "pod" && !fromPod) || (x.match === "local" && !fromLocal)) continue;
    const detail =
      x.target === "masq"
        ? e.externalLocal
          ? "traffic from the node itself is masqueraded"
          : "external traffic is masqueraded (externalTrafficPolicy: Cluster)"
        : x.target === "svc"
          ? `to ${e.svcChain}${x.match === "pod" ? " (pod traffic may use any endpoint)" : ""}`
          : `externalTrafficPolicy: Local: only endpoints on ${node}, client address kept`;
    hops.push({ kind: "rule", at, table: "nat", chain: e.extChain!, rule: x.rule, detail });
    if (x.target === "masq") masq = true;
    else if (x.target === "svc") return throughService(d, node, e, src, masq, hops, orig);
    else return throughService(d, node, e, src, masq, hops, orig, true);
  }
  // no local endpoint: nothing DNATs the packet and the filter table drops it
  return filter
    ? filtered(hops, node, filter, "KUBE-EXTERNAL-SERVICES", e.name)
    : { kind: "timeout", detail: `${e.name} has no local endpoints on ${node}` };
}

export function route(d: RoutingDeps, src: Source, dstIP: string, dstPort: number, proto: Protocol, hops: Hop[]): Route {
  const orig = `${dstIP}:${dstPort}`;
  const at = `kube-proxy/${src.node}`;
  const table = d.table(src.node);
  // 1. nat OUTPUT/PREROUTING on the source node: KUBE-SERVICES
  const svc = table?.byClusterIP.get(vipKey(dstIP, dstPort, proto));
  if (svc) {
    if (svc.rules.clusterIPFiltered) return filtered(hops, src.node, svc.rules.clusterIP, "KUBE-SERVICES", svc.name);
    hops.push({
      kind: "rule",
      at,
      table: "nat",
      chain: "KUBE-SERVICES",
      rule: svc.rules.clusterIP,
      detail: `${orig} is the ClusterIP of ${svc.name}`,
    });
    if (svc.internalLocal) return throughService(d, src.node, svc, src, false, hops, orig, true);
    const masq = !inClusterCidr(src.ip);
    if (masq)
      hops.push({
        kind: "rule",
        at,
        table: "nat",
        chain: svc.svcChain,
        rule: svc.rules.svcMasq!,
        detail: `source ${src.ip} is outside the pod network: marked for masquerade`,
      });
    return throughService(d, src.node, svc, src, masq, hops, orig);
  }
  const ext = table?.byExternalIP.get(vipKey(dstIP, dstPort, proto));
  if (ext) {
    const i = ext.externalIPs.indexOf(dstIP);
    if (ext.seps.length === 0) return filtered(hops, src.node, ext.rules.externalIPFilters[i]!, "KUBE-EXTERNAL-SERVICES", ext.name);
    hops.push({
      kind: "rule",
      at,
      table: "nat",
      chain: "KUBE-SERVICES",
      rule: ext.rules.externalIPs[i]!,
      detail: `${orig} is an external IP of ${ext.name}`,
    });
    return throughExt(d, src.node, ext, src, hops, orig, ext.rules.externalIPFilters[i]);
  }
  // 2. a node address: NodePorts are matched on the node that receives the packet
  const dstNode = d.state.nodeNameByIP(dstIP) ?? (dstIP.startsWith("127.") && !src.pod ? src.node : undefined);
  if (dstNode) {
    const nat = `kube-proxy/${dstNode}`;
    if (dstNode !== src.node) hops.push({ kind: "route", at: src.label, detail: `${dstIP} is node ${dstNode}` });
    const np = d.table(dstNode)?.byNodePort.get(nodePortKey(dstPort, proto));
    if (np) {
      if (!np.rules.nodePort) return filtered(hops, dstNode, np.rules.nodePortFilter!, "KUBE-EXTERNAL-SERVICES", np.name);
      hops.push({
        kind: "rule",
        at: nat,
        table: "nat",
        chain: "KUBE-SERVICES",
        rule: NODEPORTS_JUMP,
        detail: `${dstIP} is a local address of ${dstNode}`,
      });
      hops.push({
        kind: "rule",
        at: nat,
        table: "nat",
        chain: "KUBE-NODEPORTS",
        rule: np.rules.nodePort,
        detail: `NodePort ${dstPort} belongs to ${np.name}`,
      });
      return throughExt(d, dstNode, np, src, hops, orig, np.rules.nodePortFilter);
    }
    return { kind: "host", node: dstNode, ip: dstIP, port: dstPort, seenSrcIP: src.ip };
  }
  // 3. a pod address: plain routing, no kube-proxy involved
  const pod = d.state.podByIP(dstIP);
  if (pod) {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
    hops.push({
      kind: "route",
      at: src.label,
      detail:
        node === src.node
          ? `${dstIP} is a pod on this node (${node}): straight over the bridge`
          : `${dstIP} is a pod on ${node}: routed via ${d.state.nodeIP(node) ?? node}`,
    });
    return { kind: "pod", pod, ip: dstIP, port: dstPort, seenSrcIP: src.ip, masqueraded: false };
  }
  if (isIPv4(dstIP) && table?.entries.some((e) => e.clusterIP === dstIP)) {
    return { kind: "timeout", detail: `${dstIP} is a ClusterIP but no rule matches port ${dstPort}/${proto}: the packet goes nowhere` };
  }
  return { kind: "timeout", detail: `no route to ${dstIP}: not a pod, node or service address (the sandbox has no outside network)` };
}
