/**
 * A pod's /etc/resolv.conf as the kubelet computes it (pkg/kubelet/network/dns/dns.go
 * GetPodDNS: dnsPolicy ClusterFirst / ClusterFirstWithHostNet / Default / None, then
 * dnsConfig merged) and as containerd writes it (search, nameserver, options lines), plus the
 * stub resolver's search-path expansion (ndots).
 */
import type { KubeObject } from "../api/types";
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from "../network/ip";

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  /** "ndots:5", "timeout:2", ... */
  options: string[];
}

export interface NodeResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** a kind node's resolv.conf (Docker's network gateway) */
export const DEFAULT_HOST_RESOLV: NodeResolvConf = { nameservers: ["172.18.0.1"], searches: [], options: [] };
export const MAX_DNS_SEARCH_PATHS = 32;

interface PodDnsShape {
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] };
}

export interface PodDnsOptions {
  clusterDNS?: string;
  clusterDomain?: string;
  host?: NodeResolvConf;
}

function mergeOptions(base: string[], extra: { name: string; value?: string }[]): string[] {
  const out = new Map<string, string>();
  for (const o of base) out.set(o.split(":")[0]!, o);
  for (const o of extra) out.set(o.name, o.value !== undefined ? `${o.name}:${o.value}` : o.name);
  return [...out.values()];
}

const unique = (xs: string[]) => [...new Set(xs)];

export function podResolvConf(pod: KubeObject, opts: PodDnsOptions = {}): ResolvConf {
  const spec = (pod.spec ?? {}) as PodDnsShape;
  const host = opts.host ?? DEFAULT_HOST_RESOLV;
  const domain = opts.clusterDomain ?? CLUSTER_DOMAIN;
  const policy = spec.dnsPolicy ?? "ClusterFirst";
  let conf: ResolvConf;
  const cluster = (): ResolvConf => {
    const ns = pod.metadata.namespace ?? "default";
    return {
      nameservers: [opts.clusterDNS ?? CLUSTER_DNS_IP],
      searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches],
      options: ["ndots:5"],
    };
  };
  if (policy === "None") conf = { nameservers: [], searches: [], options: [] };
  else if (policy === "ClusterFirstWithHostNet" || (policy === "ClusterFirst" && !spec.hostNetwork)) conf = cluster();
  else conf = { nameservers: [...host.nameservers], searches: [...host.searches], options: [...host.options] };
  const dc = spec.dnsConfig;
  if (dc) {
    conf = {
      nameservers: unique([...conf.nameservers, ...(dc.nameservers ?? [])]).slice(0, 3),
      searches: unique([...conf.searches, ...(dc.searches ?? [])]).slice(0, MAX_DNS_SEARCH_PATHS),
      options: mergeOptions(conf.options, dc.options ?? []),
    };
  }
  return conf;
}

/** the file as containerd writes it */
export function renderResolvConf(conf: ResolvConf): string {
  let out = "";
  if (conf.searches.length) out += `search ${conf.searches.join(" ")}\n`;
  for (const ns of conf.nameservers) out += `nameserver ${ns}\n`;
  if (conf.options.length) out += `options ${conf.options.join(" ")}\n`;
  return out;
}

export function ndotsOf(conf: ResolvConf): number {
  const o = conf.options.find((x) => x.startsWith("ndots:"));
  const n = o ? Number(o.slice(6)) : 1;
  return Number.isFinite(n) ? Math.min(15, Math.max(0, n)) : 1;
}

/**
 * The names a stub resolver tries, in order (glibc res_search): a name ending in "." is tried
 * as is; a name with at least `ndots` dots is tried as is first, then with each search domain;
 * otherwise each search domain first, then as is.
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const expanded = conf.searches.map((s) => `${name}.${s}`);
  return dots >= ndotsOf(conf) ? [name, ...expanded] : [...expanded, name];
}
