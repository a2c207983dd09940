/**
 * ClusterIP and NodePort allocation for services, done in prepareForCreate from what the registry
 * context lists (no allocator state of its own). The service CIDR is 10.96.0.0/12 and node ports
 * 30000-32767, as kubeadm/kind defaults. Dynamic ClusterIPs come from above the first 256 addresses
 * (upstream keeps that low band for static requests such as 10.96.0.1 and 10.96.0.10), chosen by a
 * hash of namespace/name and probing forward: deterministic yet random-looking.
 */
import type { KubeObject } from "../../api/types";
import { asArray, asRecord, isIPv4 } from "../common";

export const SERVICE_CIDR = "10.96.0.0/12";
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const CIDR_BASE = ipToNumber("10.96.0.0");
const CIDR_SIZE = 2 ** 20;
const STATIC_BAND = 256;

export function ipToNumber(ip: string): number {
  return ip.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
}
export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** true when `ip` is a usable address of the service CIDR (not network or broadcast) */
export function inServiceRange(ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const off = ipToNumber(ip) - CIDR_BASE;
  return off > 0 && off < CIDR_SIZE - 1;
}

/** FNV-1a 32-bit */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ""}/${o.metadata.name ?? ""}`;

/** ClusterIPs in use by services other than `self` */
export function usedClusterIPs(services: KubeObject[], self?: KubeObject): Set<string> {
  const used = new Set<string>();
  for (const s of services) {
    if (self && keyOf(s) === keyOf(self)) continue;
    const spec = asRecord(s.spec);
    for (const ip of asArray<string>(spec.clusterIPs)) if (typeof ip === "string") used.add(ip);
    if (typeof spec.clusterIP === "string") used.add(spec.clusterIP);
  }
  return used;
}

/** node ports in use by services other than `self` */
export function usedNodePorts(services: KubeObject[], self?: KubeObject): Set<number> {
  const used = new Set<number>();
  for (const s of services) {
    if (self && keyOf(s) === keyOf(self)) continue;
    for (const p of asArray(asRecord(s.spec).ports)) {
      const np = asRecord(p).nodePort;
      if (typeof np === "number" && np > 0) used.add(np);
    }
    const hc = asRecord(s.spec).healthCheckNodePort;
    if (typeof hc === "number" && hc > 0) used.add(hc);
  }
  return used;
}

/** a free ClusterIP for `key` ("ns/name"), or undefined when the range is full */
export function allocateClusterIP(key: string, used: ReadonlySet<string>): string | undefined {
  const dynamic = CIDR_SIZE - STATIC_BAND - 1;
  const start = hash(key) % dynamic;
  for (let i = 0; i < dynamic; i++) {
    const ip = numberToIp(CIDR_BASE + STATIC_BAND + ((start + i) % dynamic));
    if (!used.has(ip)) return ip;
  }
  for (let off = 1; off < STATIC_BAND; off++) {
    const ip = numberToIp(CIDR_BASE + off);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** a free node port for `key`, or undefined when all are taken */
export function allocateNodePort(key: string, used: ReadonlySet<number>): number | undefined {
  const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const start = hash(key) % size;
  for (let i = 0; i < size; i++) {
    const port = NODE_PORT_MIN + ((start + i) % size);
    if (!used.has(port)) return port;
  }
  return undefined;
}

/** types that get a ClusterIP / node ports */
export const needsClusterIP = (type: string) => type !== "ExternalName";
export const needsNodePorts = (spec: Record<string, unknown>) =>
  spec.type === "NodePort" || (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);

/** fills clusterIP(s) and node ports that are not requested, from what `services` already use */
export function allocateServiceFields(svc: KubeObject, services: KubeObject[]): void {
  const spec = asRecord(svc.spec);
  const type = typeof spec.type === "string" ? spec.type : "ClusterIP";
  const key = keyOf(svc);
  if (needsClusterIP(type)) {
    if (!spec.clusterIP) {
      const ip = allocateClusterIP(key, usedClusterIPs(services, svc));
      if (ip) {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    }
  }
  if (needsNodePorts(spec)) {
    const used = usedNodePorts(services, svc);
    for (const p of asArray(spec.ports)) {
      const np = asRecord(p).nodePort;
      if (typeof np === "number" && np > 0) used.add(np);
    }
    asArray(spec.ports).forEach((p, i) => {
      const port = asRecord(p);
      if (typeof port.nodePort === "number" && port.nodePort > 0) return;
      const np = allocateNodePort(`${key}#${i}`, used);
      if (np !== undefined) {
        port.nodePort = np;
        used.add(np);
      }
    });
  }
}
