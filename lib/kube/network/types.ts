/**
 * Contracts of the simulated data path: what a connection attempt asks, what it tells back hop by
 * hop, and what answers at the far end (the kubelet's image catalogue implements
 * `ListeningProcessLookup`).
 */
import type { KubeObject } from "../api/types";

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface PodRef {
  namespace: string;
  name: string;
}

export interface ConnectRequest {
  /** the client pod (its network namespace, its node's kube-proxy rules, its resolv.conf) */
  fromPod?: PodRef;
  /** or a node's host network namespace (e.g. `curl` on the node, a NodePort probe) */
  fromNode?: string;
  /** or the source address only (a pod IP or a node InternalIP), for callers such as the container runtime */
  fromIP?: string;
  /** an IP, `localhost`, or a DNS name (resolved with the pod's resolv.conf first) */
  toHost: string;
  toPort: number;
  /** default TCP */
  protocol?: Protocol;
  /** what the client sends once connected (HTTP-like); handed to the listening process */
  request?: AppRequest;
  /** also record the hops in the cluster trace (for "behind the scenes" views; off for bulk traffic) */
  record?: boolean;
}

/** an HTTP-ish request; non-HTTP clients leave the fields empty */
export interface AppRequest {
  method?: string;
  path?: string;
  /** the Host header; defaults to the host the client asked for */
  host?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface AppResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

/** what the listening process sees of the connection */
export interface ConnectionInfo {
  pod: KubeObject;
  localIP: string;
  localPort: number;
  /** the source address after any SNAT (masquerade) */
  remoteIP: string;
  remotePort: number;
  protocol: Protocol;
}

export type Handler = (request: AppRequest, conn: ConnectionInfo) => AppResponse;

export interface ListeningProcess {
  /** the container whose process holds the socket */
  container: string;
  handle: Handler;
}

/**
 * Who listens on a port inside a pod's network namespace. Implemented by the kubelet (it runs
 * the containers and knows each image's listening ports); `defaultListeners` serves tests.
 *
 * Guarantees expected from implementations: pure lookups (no I/O, no timers); `undefined` when
 * nothing listens (the data path answers `Connection refused`); only running containers listen.
 */
export interface ListeningProcessLookup {
  lookup(pod: KubeObject, port: number, protocol: Protocol): ListeningProcess | undefined;
}

export type HopKind = "dns" | "route" | "rule" | "dnat" | "snat" | "policy" | "deliver" | "reject" | "drop";

/** one step of the packet's way, for lessons ("which rule matched, which endpoint, DNAT") */
export interface Hop {
  kind: HopKind;
  /** where it happened: "pod default/client", "node worker-1", "kube-proxy/worker-1", "coredns" */
  at: string;
  /** iptables table and chain for rule hops */
  table?: "nat" | "filter";
  chain?: string;
  /** the rule as `iptables-save` prints it */
  rule?: string;
  detail: string;
}

export type Outcome =
  /** the TCP handshake completed (or the UDP datagram was delivered to a listener) */
  | "connected"
  /** RST / ICMP port unreachable: nothing listens, or kube-proxy REJECT (no endpoints) */
  | "refused"
  /** packets silently dropped (NetworkPolicy) or nowhere to go (unknown IP, outside the cluster) */
  | "timeout"
  /** the name did not resolve (NXDOMAIN / SERVFAIL / DNS unreachable) */
  | "unresolved";

export interface ConnectResult {
  outcome: Outcome;
  /** the client-side error text: "Connection refused", "Connection timed out", "Could not resolve host: x" */
  message: string;
  hops: Hop[];
  /** the address the client ended up using (after DNS) */
  resolvedIP?: string;
  /** the pod, container and port that accepted the connection */
  destination?: { pod: PodRef; podIP: string; container: string; port: number };
  /** the listening process's answer to `request` */
  response?: AppResponse;
}
