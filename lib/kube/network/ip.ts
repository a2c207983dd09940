/**
 * IPv4 helpers for the simulated data path: addresses as unsigned 32-bit numbers, CIDR
 * matching, and the cluster's address plan (kind-like: pod CIDR 10.244.0.0/16 with a /24 per
 * node, service CIDR 10.96.0.0/12, node InternalIPs 172.18.0.x).
 */
export const CLUSTER_CIDR = "10.244.0.0/16";
export const SERVICE_CIDR = "10.96.0.0/12";
export const CLUSTER_DOMAIN = "cluster.local";
export const CLUSTER_DNS_IP = "10.96.0.10";

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return ipv4.test(s);
}

/** the address as an unsigned 32-bit number (no validation: callers check `isIPv4` first) */
export function ipNum(ip: string): number {
  let n = 0;
  let part = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      n = n * 256 + part;
      part = 0;
    } else part = part * 10 + (c - 48);
  }
  return n * 256 + part;
}

export interface Cidr {
  base: number;
  bits: number;
  text: string;
}

/** parses "a.b.c.d/n" (a bare address is a /32); undefined when malformed */
export function parseCidr(text: string): Cidr | undefined {
  const [ip, len] = text.trim().split("/");
  if (!ip || !isIPv4(ip)) return undefined;
  const bits = len === undefined ? 32 : Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  return { base: Math.floor(ipNum(ip) / size) * size, bits, text: text.trim() };
}

export function cidrContains(c: Cidr, ip: string): boolean {
  const size = 2 ** (32 - c.bits);
  return Math.floor(ipNum(ip) / size) * size === c.base;
}

const clusterCidr = parseCidr(CLUSTER_CIDR)!;
/** true for addresses of the pod network */
export function inClusterCidr(ip: string): boolean {
  return isIPv4(ip) && cidrContains(clusterCidr, ip);
}

/** "10.244.1.5" → "10-244-1-5" (pod A records, headless endpoint names) */
export function dashedIP(ip: string): string {
  return ip.replace(/\./g, "-");
}
