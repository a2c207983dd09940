/**
 * The zone CoreDNS's kubernetes plugin serves for `cluster.local` (kubeadm's Corefile:
 * `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; ttl 30 }`), built from
 * Services, EndpointSlices and Namespaces:
 * - `<svc>.<ns>.svc.cluster.local` A → the ClusterIP; headless → one A per ready endpoint;
 *   ExternalName → CNAME to spec.externalName;
 * - `<hostname-or-dashed-ip>.<svc>.<ns>.svc.cluster.local` A → that endpoint (headless only;
 *   the endpoint's hostname comes from pod spec.hostname when spec.subdomain names the service);
 * - `_<port>._<proto>.<svc>.<ns>.svc.cluster.local` SRV for named ports;
 * - `<a-b-c-d>.<ns>.pod.cluster.local` A → a.b.c.d for any existing namespace (pods insecure);
 * - `d.c.b.a.in-addr.arpa` PTR for ClusterIPs and headless endpoints.
 */
import type { KubeObject } from "../api/types";
import { CLUSTER_DOMAIN, dashedIP, isIPv4 } from "../network/ip";

export type RRType = "A" | "AAAA" | "CNAME" | "SRV" | "PTR";

export interface DnsRecord {
  name: string;
  type: "A" | "CNAME" | "SRV" | "PTR";
  ttl: number;
  /** A: the address; CNAME/PTR: the target name; SRV: the target name */
  data: string;
  srv?: { priority: number; weight: number; port: number };
}

export type Rcode = "NOERROR" | "NXDOMAIN" | "SERVFAIL";

export interface DnsAnswer {
  rcode: Rcode;
  answers: DnsRecord[];
  /** answered from the cluster zone (CoreDNS sets AA) rather than forwarded */
  authoritative: boolean;
}

export const TTL = 30;

interface ServiceShape {
  type?: string;
  clusterIP?: string;
  externalName?: string;
  ports?: { name?: string; port: number; protocol?: string }[];
}
interface SliceShape {
  addressType?: string;
  endpoints?: { addresses?: string[]; conditions?: { ready?: boolean | null }; hostname?: string }[];
  ports?: { name?: string | null; port?: number | null; protocol?: string | null }[] | null;
}

/** a built zone: name → records (upper-level names exist as empty non-terminals) */
export class Zone {
  private readonly records = new Map<string, DnsRecord[]>();
  private readonly namespaces = new Set<string>();
  readonly domain: string;

  constructor(domain = CLUSTER_DOMAIN) {
    this.domain = domain;
  }

  private add(r: DnsRecord): void {
    const list = this.records.get(r.name);
    if (list) list.push(r);
    else this.records.set(r.name, [r]);
  }

  /** builds from the informer caches; slices grouped by "<ns>/<service>" */
  static build(
    services: KubeObject[],
    slicesByService: Map<string, KubeObject[]>,
    namespaces: KubeObject[],
    domain = CLUSTER_DOMAIN,
  ): Zone {
    const z = new Zone(domain);
    for (const ns of namespaces) if (ns.metadata.name) z.namespaces.add(ns.metadata.name);
    for (const svc of services) z.addService(svc, slicesByService.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? []);
    return z;
  }

  private addService(svc: KubeObject, slices: KubeObject[]): void {
    const spec = (svc.spec ?? {}) as ServiceShape;
    const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.domain}`;
    if (spec.type === "ExternalName") {
      if (spec.externalName) this.add({ name: fqdn, type: "CNAME", ttl: TTL, data: spec.externalName.replace(/\.$/, "") });
      return;
    }
    const headless = spec.clusterIP === "None";
    if (!headless) {
      if (spec.clusterIP && isIPv4(spec.clusterIP)) {
        this.add({ name: fqdn, type: "A", ttl: TTL, data: spec.clusterIP });
        this.add({ name: ptrName(spec.clusterIP), type: "PTR", ttl: TTL, data: fqdn });
      }
      for (const p of spec.ports ?? []) {
        if (p.name)
          this.add({
            name: `_${p.name}._${(p.protocol ?? "TCP").toLowerCase()}.${fqdn}`,
            type: "SRV",
            ttl: TTL,
            data: fqdn,
            srv: { priority: 0, weight: 100, port: p.port },
          });
      }
      return;
    }
    const seen = new Set<string>();
    const srvTargets: { port: string; proto: string; target: string; num: number }[] = [];
    for (const raw of slices) {
      const s = raw as unknown as SliceShape;
      if (s.addressType !== "IPv4") continue;
      for (const ep of s.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip || ep.conditions?.ready === false || seen.has(ip)) continue;
        seen.add(ip);
        const host = `${ep.hostname || dashedIP(ip)}.${fqdn}`;
        this.add({ name: fqdn, type: "A", ttl: TTL, data: ip });
        this.add({ name: host, type: "A", ttl: TTL, data: ip });
        if (ep.hostname) this.add({ name: ptrName(ip), type: "PTR", ttl: TTL, data: host });
        for (const p of s.ports ?? []) {
          if (p.name && typeof p.port === "number")
            srvTargets.push({ port: p.name, proto: (p.protocol ?? "TCP").toLowerCase(), target: host, num: p.port });
        }
      }
    }
    const perName = new Map<string, number>();
    for (const t of srvTargets) perName.set(`${t.port}/${t.proto}`, (perName.get(`${t.port}/${t.proto}`) ?? 0) + 1);
    for (const t of srvTargets) {
      const weight = Math.floor(100 / perName.get(`${t.port}/${t.proto}`)!);
      this.add({
        name: `_${t.port}._${t.proto}.${fqdn}`,
        type: "SRV",
        ttl: TTL,
        data: t.target,
        srv: { priority: 0, weight, port: t.num },
      });
    }
  }

  /** true when `name` (lower case, no trailing dot) is in this zone's authority */
  inZone(name: string): boolean {
    return name === this.domain || name.endsWith(`.${this.domain}`) || name.endsWith(".in-addr.arpa");
  }

  /** answers a question for a name in the zone */
  query(name: string, type: RRType): DnsAnswer {
    const n = name.toLowerCase().replace(/\.$/, "");
    const podRecord = this.podRecord(n);
    if (podRecord) return { rcode: "NOERROR", answers: type === "A" ? [podRecord] : [], authoritative: true };
    const records = this.records.get(n);
    if (!records) {
      // existing interior names (e.g. "default.svc.cluster.local") have no data but exist
      const interior = this.isInterior(n);
      return { rcode: interior ? "NOERROR" : "NXDOMAIN", answers: [], authoritative: true };
    }
    const cname = records.filter((r) => r.type === "CNAME");
    if (cname.length && type !== "CNAME") return { rcode: "NOERROR", answers: cname, authoritative: true };
    return { rcode: "NOERROR", answers: type === "AAAA" ? [] : records.filter((r) => r.type === type), authoritative: true };
  }

  private podRecord(n: string): DnsRecord | undefined {
    const suffix = `.pod.${this.domain}`;
    if (!n.endsWith(suffix)) return undefined;
    const parts = n.slice(0, -suffix.length).split(".");
    if (parts.length !== 2 || !this.namespaces.has(parts[1]!)) return undefined;
    const ip = parts[0]!.replace(/-/g, ".");
    return isIPv4(ip) ? { name: n, type: "A", ttl: TTL, data: ip } : undefined;
  }

  private isInterior(n: string): boolean {
    if (n === this.domain || n === `svc.${this.domain}` || n === `pod.${this.domain}`) return true;
    const m = /^([^.]+)\.(svc|pod)\./.exec(n);
    return !!m && n === `${m[1]}.${m[2]}.${this.domain}` && this.namespaces.has(m[1]!);
  }
}

/** "10.96.0.10" → "10.0.96.10.in-addr.arpa" */
export function ptrName(ip: string): string {
  return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
}
