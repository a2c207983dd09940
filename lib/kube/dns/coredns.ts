/**
 * The CoreDNS server behind the `kube-dns` Service: the kubernetes plugin's zone (./records)
 * from shared informers on Services, EndpointSlices and Namespaces, and a `forward` to the
 * outside world that, in a sandbox without internet, knows only the hosts it is given.
 *
 * The zone is rebuilt lazily on the first query after any informer event (queries are far more
 * frequent than changes); no timers. Handlers never read event payloads.
 *
 * Guarantees: `query` is synchronous and pure with respect to the caches; names are
 * case-insensitive and may end with a dot.
 */
import type { Component, ComponentContext, Informer, ResourceRef } from "../client";
import { CLUSTER_DOMAIN, isIPv4 } from "../network/ip";
import { endpointSlicesRef, servicesRef, slicesByService } from "../proxy/kube-proxy";
import { Zone, TTL, type DnsAnswer, type RRType } from "./records";

export const namespacesRef: ResourceRef = { group: "", version: "v1", resource: "namespaces" };

export interface ClusterDnsOptions {
  /** default cluster.local */
  domain?: string;
  /** what `forward . /etc/resolv.conf` can reach: host → IPv4 (default: nothing; no internet) */
  externalHosts?: Record<string, string>;
}

export interface ClusterDns extends Component {
  readonly domain: string;
  /** one DNS question, answered as CoreDNS would (cluster zone, else forwarded) */
  query(name: string, type: RRType): DnsAnswer;
  /** the host resolver of the nodes (dnsPolicy Default): external names only */
  queryUpstream(name: string, type: RRType): DnsAnswer;
}

export function createClusterDns(opts: ClusterDnsOptions = {}): ClusterDns {
  const domain = opts.domain ?? CLUSTER_DOMAIN;
  const external = new Map(Object.entries(opts.externalHosts ?? {}).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ""), v]));
  let informers: { services: Informer; slices: Informer; namespaces: Informer } | undefined;
  let zone: Zone | undefined;
  const invalidate = () => void (zone = undefined);

  const currentZone = (): Zone => {
    if (zone) return zone;
    const built = informers
      ? Zone.build(informers.services.list(), slicesByService(informers.slices.list()), informers.namespaces.list(), domain)
      : Zone.build([], new Map(), [], domain);
    if (informers && informers.services.hasSynced() && informers.slices.hasSynced() && informers.namespaces.hasSynced()) zone = built;
    return built;
  };

  const queryUpstream = (name: string, type: RRType): DnsAnswer => {
    const n = name.toLowerCase().replace(/\.$/, "");
    const ip = external.get(n);
    if (!ip || !isIPv4(ip)) return { rcode: "NXDOMAIN", answers: [], authoritative: false };
    return { rcode: "NOERROR", answers: type === "A" ? [{ name: n, type: "A", ttl: TTL, data: ip }] : [], authoritative: false };
  };

  const query = (name: string, type: RRType): DnsAnswer => {
    const z = currentZone();
    const n = name.toLowerCase().replace(/\.$/, "");
    if (!z.inZone(n)) return queryUpstream(n, type);
    const a = z.query(n, type);
    // CoreDNS follows a CNAME to an outside name through its forwarder
    const cname = a.answers.length === 1 && a.answers[0]!.type === "CNAME" && type !== "CNAME" ? a.answers[0]! : undefined;
    if (cname && !z.inZone(cname.data)) {
      const up = queryUpstream(cname.data, type);
      return { rcode: up.rcode, answers: [cname, ...up.answers], authoritative: true };
    }
    return a;
  };

  return {
    name: "coredns",
    domain,
    query,
    queryUpstream,
    start(ctx: ComponentContext) {
      const services = ctx.informers.informerFor(servicesRef);
      const slices = ctx.informers.informerFor(endpointSlicesRef);
      const namespaces = ctx.informers.informerFor(namespacesRef);
      informers = { services, slices, namespaces };
      const h = { onAdd: invalidate, onUpdate: invalidate, onDelete: invalidate };
      for (const inf of [services, slices, namespaces]) inf.addEventHandler(h);
      invalidate();
    },
    stop() {
      informers = undefined;
      invalidate();
    },
  };
}
