/**
 * The rule table kube-proxy's iptables mode programs on a node (syncProxyRules), kept as data
 * the simulated data path walks AND as the `iptables-save` lines a learner would read on the
 * node. Each rule's text is built once, in the order `iptables-save` prints its parts.
 *
 * Structure (nat table): KUBE-SERVICES matches a ClusterIP:port and jumps to KUBE-SVC-<hash>,
 * which marks off-cluster sources for masquerade, then picks a KUBE-SEP-<hash> with
 * `-m statistic --mode random --probability 1/n, 1/(n-1), …` (the last unconditionally); the
 * KUBE-SEP chain DNATs to the endpoint. NodePorts go KUBE-NODEPORTS → KUBE-EXT-<hash> (mark for
 * masquerade) → KUBE-SVC-<hash>. A service port with no usable endpoint gets a filter-table
 * `REJECT` ("has no endpoints") instead, so clients see `Connection refused`.
 */
import { CLUSTER_CIDR } from "../network/ip";
import type { Protocol } from "../network/types";
import { clusterEndpoints, localEndpoints, type EndpointInfo, type ServicePortInfo } from "./endpoints";
import {
  savedProbability,
  serviceExternalChainName,
  serviceLocalChainName,
  servicePortChainName,
  servicePortEndpointChainName,
} from "./hash";

export const KUBE_SERVICES = "KUBE-SERVICES";
export const KUBE_NODEPORTS = "KUBE-NODEPORTS";
export const KUBE_EXTERNAL_SERVICES = "KUBE-EXTERNAL-SERVICES";
export const KUBE_MARK_MASQ = "KUBE-MARK-MASQ";

export interface SepRule {
  chain: string;
  endpoint: EndpointInfo;
  /** the probability the kernel applies; undefined for the last, unconditional jump */
  probability?: number;
  /** KUBE-SVC (or KUBE-SVL) → KUBE-SEP jump (statistic) */
  jump: string;
  /** the jump for an existing client (`-m recent --rcheck`), with ClientIP affinity */
  affinityJump?: string;
  /** hairpin: the endpoint talking to itself through the service is masqueraded */
  masq: string;
  dnat: string;
}

export interface ServicePortEntry extends ServicePortInfo {
  svcChain: string;
  extChain?: string;
  /** KUBE-SVL-<hash>: the local-endpoints chain of a Local traffic policy */
  svlChain?: string;
  /** KUBE-SVC's endpoints (cluster-wide), in chain order; empty → no endpoint anywhere */
  seps: SepRule[];
  /** whether the KUBE-SVC chain is programmed (not for internalTrafficPolicy Local without external access) */
  usesClusterChain: boolean;
  /** KUBE-SVL's endpoints (this node's) */
  localSeps: SepRule[];
  /** every endpoint known (ready or not), for explanations */
  allEndpoints: EndpointInfo[];
  rules: {
    /** nat KUBE-SERVICES jump, or the filter KUBE-SERVICES REJECT ("has no endpoints") / DROP ("has no local endpoints") */
    clusterIP: string;
    clusterIPFiltered: boolean;
    svcMasq?: string;
    /** nat KUBE-NODEPORTS jump (any endpoint in the cluster) */
    nodePort?: string;
    /** filter KUBE-EXTERNAL-SERVICES REJECT/DROP for the NodePort when no endpoint serves external traffic here */
    nodePortFilter?: string;
    /** KUBE-EXT rules in chain order (Cluster: masquerade + KUBE-SVC; Local: pod / LOCAL traffic to KUBE-SVC, the rest to KUBE-SVL) */
    ext: { rule: string; match: "all" | "pod" | "local"; target: "masq" | "svc" | "svl" }[];
    externalIPs: string[];
    externalIPFilters: string[];
  };
}

export interface ProxyRuleTable {
  node: string;
  /** sorted by service port name */
  entries: ServicePortEntry[];
  /** key `${clusterIP}:${port}/${protocol}` */
  byClusterIP: Map<string, ServicePortEntry>;
  /** key `${nodePort}/${protocol}` */
  byNodePort: Map<string, ServicePortEntry>;
  /** key `${externalIP}:${port}/${protocol}` */
  byExternalIP: Map<string, ServicePortEntry>;
}

export const vipKey = (ip: string, port: number, protocol: Protocol) => `${ip}:${port}/${protocol}`;
export const nodePortKey = (port: number, protocol: Protocol) => `${port}/${protocol}`;

const comment = (text: string) => `-m comment --comment "${text}"`;

export const NODEPORTS_JUMP = `-A ${KUBE_SERVICES} ${comment("kubernetes service nodeports; NOTE: this must be the last rule in this chain")} -m addrtype --dst-type LOCAL -j ${KUBE_NODEPORTS}`;
export const MARK_MASQ_RULE = `-A ${KUBE_MARK_MASQ} -j MARK --set-xmark 0x4000/0x4000`;

function sepRules(sp: ServicePortInfo, chainName: string, eps: EndpointInfo[]): SepRule[] {
  const proto = sp.protocol.toLowerCase();
  return eps.map((ep, i) => {
    const epText = `${ep.ip}:${ep.port}`;
    const chain = servicePortEndpointChainName(sp.name, sp.protocol, epText);
    const remaining = eps.length - i;
    const prob = remaining > 1 ? savedProbability(remaining) : undefined;
    const recent = (op: string) => `-m recent ${op} --name ${chain} --mask 255.255.255.255 --rsource`;
    return {
      chain,
      endpoint: ep,
      ...(prob ? { probability: prob.value } : {}),
      jump: `-A ${chainName} ${comment(`${sp.name} -> ${epText}`)}${prob ? ` -m statistic --mode random --probability ${prob.text}` : ""} -j ${chain}`,
      ...(sp.affinitySeconds !== undefined
        ? {
            affinityJump: `-A ${chainName} ${comment(`${sp.name} -> ${epText}`)} ${recent(`--rcheck --seconds ${sp.affinitySeconds} --reap`)} -j ${chain}`,
          }
        : {}),
      masq: `-A ${chain} -s ${ep.ip}/32 ${comment(sp.name)} -j ${KUBE_MARK_MASQ}`,
      dnat: `-A ${chain} -p ${proto} ${comment(sp.name)}${sp.affinitySeconds !== undefined ? ` ${recent("--set")}` : ""} -m ${proto} -j DNAT --to-destination ${epText}`,
    };
  });
}

export function buildEntry(sp: ServicePortInfo, endpoints: EndpointInfo[], node: string): ServicePortEntry {
  const proto = sp.protocol.toLowerCase();
  const svcChain = servicePortChainName(sp.name, sp.protocol);
  const external = !!sp.nodePort || sp.externalIPs.length > 0;
  const extChain = external ? serviceExternalChainName(sp.name, sp.protocol) : undefined;
  const svlChain = sp.internalLocal || (external && sp.externalLocal) ? serviceLocalChainName(sp.name, sp.protocol) : undefined;
  const seps = sepRules(sp, svcChain, clusterEndpoints(endpoints));
  const localSeps = svlChain ? sepRules(sp, svlChain, localEndpoints(endpoints, node)) : [];
  const has = seps.length > 0;
  // UsesClusterEndpoints: internal policy Cluster, or any external access (pod traffic short-circuits to KUBE-SVC)
  const usesClusterChain = has && (!sp.internalLocal || external);
  const dst = (ip: string) => `-d ${ip}/32 -p ${proto}`;
  const filtered = (local: boolean) =>
    local && has
      ? { why: "has no local endpoints", verdict: "-j DROP" }
      : { why: "has no endpoints", verdict: "-j REJECT --reject-with icmp-port-unreachable" };
  const internalOk = sp.internalLocal ? localSeps.length > 0 : has;
  const externalOk = sp.externalLocal ? localSeps.length > 0 : has;
  const ci = filtered(sp.internalLocal);
  const ce = filtered(sp.externalLocal);
  const rules: ServicePortEntry["rules"] = {
    clusterIP: internalOk
      ? `-A ${KUBE_SERVICES} ${dst(sp.clusterIP)} ${comment(`${sp.name} cluster IP`)} -m ${proto} --dport ${sp.port} -j ${sp.internalLocal ? svlChain : svcChain}`
      : `-A ${KUBE_SERVICES} ${dst(sp.clusterIP)} ${comment(`${sp.name} ${ci.why}`)} -m ${proto} --dport ${sp.port} ${ci.verdict}`,
    clusterIPFiltered: !internalOk,
    externalIPs: has
      ? sp.externalIPs.map(
          (ip) => `-A ${KUBE_SERVICES} ${dst(ip)} ${comment(`${sp.name} external IP`)} -m ${proto} --dport ${sp.port} -j ${extChain}`,
        )
      : [],
    externalIPFilters: externalOk
      ? []
      : sp.externalIPs.map(
          (ip) => `-A ${KUBE_EXTERNAL_SERVICES} ${dst(ip)} ${comment(`${sp.name} ${ce.why}`)} -m ${proto} --dport ${sp.port} ${ce.verdict}`,
        ),
    ext: [],
  };
  if (has && !sp.internalLocal)
    rules.svcMasq = `-A ${svcChain} ! -s ${CLUSTER_CIDR} ${dst(sp.clusterIP)} ${comment(`${sp.name} cluster IP`)} -m ${proto} --dport ${sp.port} -j ${KUBE_MARK_MASQ}`;
  if (sp.nodePort) {
    if (has) rules.nodePort = `-A ${KUBE_NODEPORTS} -p ${proto} ${comment(sp.name)} -m ${proto} --dport ${sp.nodePort} -j ${extChain}`;
    if (!externalOk)
      rules.nodePortFilter = `-A ${KUBE_EXTERNAL_SERVICES} -p ${proto} ${comment(`${sp.name} ${ce.why}`)} -m addrtype --dst-type LOCAL -m ${proto} --dport ${sp.nodePort} ${ce.verdict}`;
  }
  if (has && extChain) {
    rules.ext = sp.externalLocal
      ? [
          {
            rule: `-A ${extChain} -s ${CLUSTER_CIDR} ${comment(`pod traffic for ${sp.name} external destinations`)} -j ${svcChain}`,
            match: "pod",
            target: "svc",
          },
          {
            rule: `-A ${extChain} ${comment(`masquerade LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${KUBE_MARK_MASQ}`,
            match: "local",
            target: "masq",
          },
          {
            rule: `-A ${extChain} ${comment(`route LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
            match: "local",
            target: "svc",
          },
          ...(localSeps.length > 0 ? [{ rule: `-A ${extChain} -j ${svlChain}`, match: "all" as const, target: "svl" as const }] : []),
        ]
      : [
          {
            rule: `-A ${extChain} ${comment(`masquerade traffic for ${sp.name} external destinations`)} -j ${KUBE_MARK_MASQ}`,
            match: "all",
            target: "masq",
          },
          { rule: `-A ${extChain} -j ${svcChain}`, match: "all", target: "svc" },
        ];
  }
  return {
    ...sp,
    svcChain,
    ...(extChain ? { extChain } : {}),
    ...(svlChain ? { svlChain } : {}),
    seps,
    usesClusterChain,
    localSeps,
    allEndpoints: endpoints,
    rules,
  };
}

/** builds the whole table from the service ports and a lookup of their endpoints */
export function buildRuleTable(
  node: string,
  ports: ServicePortInfo[],
  endpointsOf: (sp: ServicePortInfo) => EndpointInfo[],
): ProxyRuleTable {
  return assembleTable(
    node,
    ports.map((sp) => buildEntry(sp, endpointsOf(sp), node)),
  );
}

/** indexes built entries into a table (entries are sorted by service port name) */
export function assembleTable(node: string, built: ServicePortEntry[]): ProxyRuleTable {
  const entries = built
    .slice()
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  const table: ProxyRuleTable = { node, entries, byClusterIP: new Map(), byNodePort: new Map(), byExternalIP: new Map() };
  for (const e of entries) {
    table.byClusterIP.set(vipKey(e.clusterIP, e.port, e.protocol), e);
    if (e.nodePort) table.byNodePort.set(nodePortKey(e.nodePort, e.protocol), e);
    for (const ip of e.externalIPs) table.byExternalIP.set(vipKey(ip, e.port, e.protocol), e);
  }
  return table;
}

/** true when two tables hold the same rules (entries compared by their rule text) */
export function sameRules(a: ProxyRuleTable, b: ProxyRuleTable): boolean {
  if (a.entries.length !== b.entries.length) return false;
  for (let i = 0; i < a.entries.length; i++) {
    const x = a.entries[i]!;
    const y = b.entries[i]!;
    if (x === y) continue;
    if (
      x.rules.clusterIP !== y.rules.clusterIP ||
      x.rules.nodePort !== y.rules.nodePort ||
      x.rules.externalIPs.join() !== y.rules.externalIPs.join()
    )
      return false;
    if (x.seps.length !== y.seps.length) return false;
    for (let j = 0; j < x.seps.length; j++) if (x.seps[j]!.jump !== y.seps[j]!.jump || x.seps[j]!.dnat !== y.seps[j]!.dnat) return false;
  }
  return true;
}
