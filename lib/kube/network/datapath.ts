/**
 * The simulated data path (the nodes' kernels plus the CNI, like kind's kindnetd with its
 * NetworkPolicy support): `connect` resolves a destination the way the packets would go and
 * reports each hop — cluster DNS through the pod's resolv.conf, kube-proxy's nat rules on the
 * source node (or the receiving node for NodePorts), DNAT to an endpoint, NetworkPolicy egress
 * at the source and ingress at the destination, then whoever listens in the destination pod.
 *
 * Guarantees: `connect` is synchronous, performs no I/O and holds no timers; it reads only
 * informer caches and kube-proxy tables; endpoint choice uses the injected random source, so a
 * seeded cluster routes deterministically. Outcomes map to client errors as on a real node:
 * REJECT / nothing listening → `Connection refused`; policy drop, unknown address →
 * `Connection timed out`; NXDOMAIN → `Could not resolve host`.
 */
import { errors } from "../api/errors";
import type { KubeObject } from "../api/types";
import type { Component, ComponentContext } from "../client";
import type { ClusterDns } from "../dns/coredns";
import type { DnsAnswer, RRType } from "../dns/records";
import { nslookup as runNslookup, type NslookupResult } from "../dns/nslookup";
import {
  DEFAULT_HOST_RESOLV,
  podResolvConf,
  renderResolvConf,
  searchCandidates,
  type NodeResolvConf,
  type ResolvConf,
} from "../dns/resolv";
import type { KubeProxy } from "../proxy/kube-proxy";
import { isIPv4 } from "./ip";
import { defaultListeners } from "./listeners";
import { checkEgress, checkIngress } from "./policy";
import { route, type Route, type RoutingDeps, type Source } from "./routing";
import { isHostNetwork, NetworkState, podNetworkIP, podNode } from "./state";
import type { ConnectRequest, ConnectResult, Hop, ListeningProcessLookup, PodRef, Protocol } from "./types";

export interface NetworkOptions {
  /** the kube-proxy of each node: its rule table is what packets traverse there */
  proxies: ReadonlyMap<string, KubeProxy> | ((node: string) => KubeProxy | undefined);
  /** the CoreDNS server reached through the kube-dns Service */
  dns?: ClusterDns;
  listeners?: ListeningProcessLookup;
  /** endpoint choice and ephemeral ports; default the component context's seeded random */
  random?: () => number;
  /** the nodes' own /etc/resolv.conf (dnsPolicy Default, host-network pods, `fromNode`) */
  hostResolv?: NodeResolvConf;
}

export interface Network extends Component {
  connect(req: ConnectRequest): ConnectResult;
  /** one DNS question from a pod or node to `server`:53/UDP through the data path */
  dnsQuery(
    from: { fromPod?: PodRef; fromNode?: string; fromIP?: string },
    server: string,
    name: string,
    type: RRType,
    hops?: Hop[],
  ): DnsAnswer | "timeout";
  /** `nslookup <name> [server]` run in a pod (busybox output) */
  nslookup(from: PodRef, name: string, opts?: { server?: string; type?: RRType }): NslookupResult;
  /** the pod's /etc/resolv.conf */
  resolvConf(from: PodRef): string;
}

interface FinishCtx {
  req: ConnectRequest;
  proto: Protocol;
  hops: Hop[];
  ip: string;
  host: string;
  remotePort: number;
}

export function createNetwork(opts: NetworkOptions): Network {
  const state = new NetworkState();
  const listeners = opts.listeners ?? defaultListeners;
  const hostResolv = opts.hostResolv ?? DEFAULT_HOST_RESOLV;
  const proxyOf =
    typeof opts.proxies === "function" ? opts.proxies : (n: string) => (opts.proxies as ReadonlyMap<string, KubeProxy>).get(n);
  let ctx: ComponentContext | undefined;
  const random = () => (opts.random ?? ctx?.random ?? Math.random)();
  const deps: RoutingDeps = { state, table: (n) => proxyOf(n)?.table(), random, now: () => ctx?.clock.now() ?? 0, recent: new Map() };

  const sourceCache = new WeakMap<KubeObject, Source>();
  function source(from: { fromPod?: PodRef; fromNode?: string; fromIP?: string }): Source {
    if (from.fromIP !== undefined) {
      const pod = state.podByIP(from.fromIP);
      if (pod) return source({ fromPod: { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name ?? "" } });
      const node = state.nodeNameByIP(from.fromIP);
      if (!node) throw errors.badRequest(`no pod or node has the address ${from.fromIP}`);
      return source({ fromNode: node });
    }
    if (from.fromPod) {
      const pod = state.pod(from.fromPod.namespace, from.fromPod.name);
      if (!pod) throw errors.notFound({ group: "", resource: "pods" }, from.fromPod.name);
      const hit = sourceCache.get(pod);
      if (hit) return hit;
      const s = podSource(pod, from.fromPod);
      sourceCache.set(pod, s);
      return s;
    }
    const node = from.fromNode ?? "";
    const ip = state.nodeIP(node);
    if (!ip) throw errors.notFound({ group: "", resource: "nodes" }, node);
    return { label: `node ${node}`, ip, node };
  }

  function podSource(pod: KubeObject, ref: PodRef): Source {
    const node = podNode(pod);
    if (!node) throw errors.badRequest(`pod ${ref.name} is not scheduled to a node`);
    const label = `pod ${ref.namespace}/${ref.name}`;
    if (isHostNetwork(pod)) return { label, ip: state.nodeIP(node) ?? "", node, owner: pod };
    const ip = podNetworkIP(pod);
    if (!ip) throw errors.badRequest(`pod ${ref.name} has no IP address`);
    return { label, ip, node, pod, owner: pod };
  }

  const resolvCache = new WeakMap<KubeObject, ResolvConf>();
  const candidatesCache = new WeakMap<ResolvConf, Map<string, string[]>>();
  function resolvOf(src: Source): ResolvConf {
    const owner = src.owner;
    if (!owner) return hostResolv;
    let conf = resolvCache.get(owner);
    if (!conf) resolvCache.set(owner, (conf = podResolvConf(owner, { host: hostResolv })));
    return conf;
  }
  function candidates(conf: ResolvConf, host: string): string[] {
    let m = candidatesCache.get(conf);
    if (!m) candidatesCache.set(conf, (m = new Map()));
    let list = m.get(host);
    if (!list) {
      if (m.size > 1000) m.clear();
      m.set(host, (list = searchCandidates(host, conf)));
    }
    return list;
  }

  /** routes a packet and applies NetworkPolicy; the pod (or host) it reaches, or why not */
  function deliver(src: Source, dstIP: string, dstPort: number, proto: Protocol, hops: Hop[]): Route {
    const r = route(deps, src, dstIP, dstPort, proto, hops);
    if (r.kind !== "pod") return r;
    if (src.pod) {
      const v = checkEgress(state, src.pod, { ip: r.ip, pod: r.pod }, r.port, proto);
      if (!v.allowed) {
        hops.push({
          kind: "drop",
          at: src.label,
          detail: `NetworkPolicy egress: ${v.isolatedBy.join(", ")} isolate(s) the pod and no rule allows ${r.ip}:${r.port}/${proto}`,
        });
        return { kind: "timeout", detail: "dropped by egress policy" };
      }
      if (v.allowedBy) hops.push({ kind: "policy", at: src.label, detail: `NetworkPolicy egress allowed by ${v.allowedBy}` });
    }
    const fromOwnNode = !src.pod && src.node === podNode(r.pod);
    if (!fromOwnNode) {
      const v = checkIngress(state, r.pod, { ip: r.seenSrcIP, ...(src.pod && !r.masqueraded ? { pod: src.pod } : {}) }, r.port, proto);
      const dst = `pod ${r.pod.metadata.namespace}/${r.pod.metadata.name}`;
      if (!v.allowed) {
        hops.push({
          kind: "drop",
          at: dst,
          detail: `NetworkPolicy ingress: ${v.isolatedBy.join(", ")} isolate(s) the pod and no rule allows ${r.seenSrcIP} on ${r.port}/${proto}`,
        });
        return { kind: "timeout", detail: "dropped by ingress policy" };
      }
      if (v.allowedBy) hops.push({ kind: "policy", at: dst, detail: `NetworkPolicy ingress allowed by ${v.allowedBy}` });
    }
    return r;
  }

  function dnsQueryFrom(src: Source, server: string, name: string, type: RRType, hops: Hop[]): DnsAnswer | "timeout" {
    if (!opts.dns) return "timeout";
    if (server === hostResolv.nameservers[0]) {
      const a = opts.dns.queryUpstream(name, type);
      hops.push({ kind: "dns", at: src.label, detail: `${name} ${type} → host resolver ${server}: ${a.rcode}` });
      return a;
    }
    const sub: Hop[] = [];
    const r = deliver(src, server, 53, "UDP", sub);
    // only a DNS server answers: a process that bound :53/UDP in the pod the packet reached
    const coredns = r.kind === "pod" && listeners.lookup(r.pod, 53, "UDP") !== undefined;
    if (r.kind !== "pod" || !coredns) {
      hops.push(...sub, {
        kind: "dns",
        at: src.label,
        detail: `${name} ${type} → ${server}:53/UDP: no answer (${r.kind === "pod" ? "nothing serves DNS there" : r.kind === "host" ? "a node address" : r.detail})`,
      });
      return "timeout";
    }
    const a = opts.dns.query(name, type);
    const answer = a.answers.map((x) => x.data).join(", ") || "no records";
    // the question's own way (kube-proxy's DNAT to a coredns pod), then the answer
    hops.push(...sub, {
      kind: "dns",
      at: src.label,
      detail: `${name} ${type} → ${server}:53/UDP → coredns ${r.pod.metadata.name} (${r.ip}): ${a.rcode}${a.rcode === "NOERROR" ? ` ${answer}` : ""}`,
    });
    return a;
  }

  /** resolves a host name with the source's resolv.conf: the address, or the hops/outcome of failure */
  function resolveHost(src: Source, host: string, hops: Hop[]): string | ConnectResult {
    const conf = resolvOf(src);
    const server = conf.nameservers[0];
    if (!server) return { outcome: "unresolved", message: `Could not resolve host: ${host}`, hops };
    for (const candidate of candidates(conf, host)) {
      let a = dnsQueryFrom(src, server, candidate, "A", hops);
      if (a === "timeout") return { outcome: "unresolved", message: `Could not resolve host: ${host}`, hops };
      for (let depth = 0; depth < 8 && a.rcode === "NOERROR"; depth++) {
        const addr = a.answers.find((x) => x.type === "A");
        if (addr) return addr.data;
        const cname = a.answers.find((x) => x.type === "CNAME");
        if (!cname) break;
        a = dnsQueryFrom(src, server, cname.data, "A", hops);
        if (a === "timeout") return { outcome: "unresolved", message: `Could not resolve host: ${host}`, hops };
      }
    }
    return { outcome: "unresolved", message: `Could not resolve host: ${host}`, hops };
  }

  function finish(c: FinishCtx, pod: KubeObject, podIP: string, port: number, seenSrc: string, at: string): ConnectResult {
    const { req, proto, hops, ip, host, remotePort } = c;
    const proc = listeners.lookup(pod, port, proto);
    if (!proc) {
      hops.push({
        kind: "reject",
        at,
        detail: `nothing listens on ${podIP}:${port}/${proto}: ${proto === "TCP" ? "RST" : "ICMP port unreachable"}`,
      });
      return { outcome: "refused", message: "Connection refused", hops, resolvedIP: ip };
    }
    hops.push({ kind: "deliver", at, detail: `accepted by container ${proc.container} on ${podIP}:${port}/${proto}` });
    const response = req.request
      ? proc.handle(
          { ...req.request, host: req.request.host ?? (req.toPort === 80 ? host : `${host}:${req.toPort}`) },
          { pod, localIP: podIP, localPort: port, remoteIP: seenSrc, remotePort, protocol: proto },
        )
      : undefined;
    return {
      outcome: "connected",
      message: "",
      hops,
      resolvedIP: ip,
      destination: {
        pod: { namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "" },
        podIP,
        container: proc.container,
        port,
      },
      ...(response ? { response } : {}),
    };
  }

  /** the connection in the cluster trace, one entry per hop (only when asked: lessons, not load) */
  function record(req: ConnectRequest, src: Source, r: ConnectResult): ConnectResult {
    const trace = ctx?.trace;
    if (!trace) return r;
    const cause = `connect ${src.label} → ${req.toHost}:${req.toPort}/${req.protocol ?? "TCP"}`;
    for (const hop of r.hops) {
      trace.record({
        component: hop.at.startsWith("kube-proxy/") ? hop.at : "network",
        action: hop.kind,
        cause,
        detail: hop.rule ? `${hop.detail} [${hop.rule}]` : hop.detail,
      });
    }
    trace.record({
      component: "network",
      action: "connect",
      cause,
      verdict: r.outcome,
      detail:
        r.message ||
        `connected to ${r.destination?.pod.namespace}/${r.destination?.pod.name} container ${r.destination?.container} port ${r.destination?.port}`,
    });
    return r;
  }

  function connect(req: ConnectRequest): ConnectResult {
    const src = source(req);
    if (req.record) return record(req, src, connectFrom(src, { ...req, record: false }));
    return connectFrom(src, req);
  }

  function connectFrom(src: Source, req: ConnectRequest): ConnectResult {
    const proto = req.protocol ?? "TCP";
    const hops: Hop[] = [];
    const host = req.toHost;
    let ip: string;
    if (host === "localhost" || host === "127.0.0.1" || host === "::1") {
      ip = "127.0.0.1";
    } else if (isIPv4(host)) ip = host;
    else {
      const r = resolveHost(src, host, hops);
      if (typeof r !== "string") return r;
      ip = r;
    }
    const remotePort = 32768 + Math.floor(random() * 28232);
    const fc: FinishCtx = { req, proto, hops, ip, host, remotePort };
    if (ip === "127.0.0.1" && src.pod) {
      hops.push({ kind: "route", at: src.label, detail: "localhost: the pod's own network namespace (shared by all its containers)" });
      return finish(fc, src.pod, "127.0.0.1", req.toPort, "127.0.0.1", src.label);
    }
    const r = deliver(src, ip, req.toPort, proto, hops);
    if (r.kind === "refused") return { outcome: "refused", message: "Connection refused", hops, resolvedIP: ip };
    if (r.kind === "timeout") {
      if (!hops.some((h) => h.kind === "drop")) hops.push({ kind: "drop", at: src.label, detail: r.detail });
      return { outcome: "timeout", message: "Connection timed out", hops, resolvedIP: ip };
    }
    if (r.kind === "host") {
      for (const p of state.hostNetworkPods(r.node)) {
        const proc = listeners.lookup(p, r.port, proto);
        if (proc) return finish(fc, p, r.ip, r.port, r.seenSrcIP, `node ${r.node}`);
      }
      hops.push({ kind: "reject", at: `node ${r.node}`, detail: `nothing listens on ${r.ip}:${r.port}/${proto}` });
      return { outcome: "refused", message: "Connection refused", hops, resolvedIP: ip };
    }
    return finish(fc, r.pod, r.ip, r.port, r.seenSrcIP, `pod ${r.pod.metadata.namespace}/${r.pod.metadata.name}`);
  }

  return {
    name: "network",
    connect,
    dnsQuery: (from, server, name, type, hops = []) => dnsQueryFrom(source(from), server, name, type, hops),
    nslookup(from, name, o = {}) {
      const src = source({ fromPod: from });
      return runNslookup(name, resolvOf(src), (server, n, t) => dnsQueryFrom(src, server, n, t, []), o);
    },
    resolvConf: (from) => renderResolvConf(resolvOf(source({ fromPod: from }))),
    start(c: ComponentContext) {
      ctx = c;
      state.start(c);
    },
    stop() {
      state.stop();
      deps.recent.clear();
    },
  };
}
