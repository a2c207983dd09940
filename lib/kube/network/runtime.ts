/**
 * Glue to the simulated container runtime (lib/kube/runtime): its `PodNetwork` knows which
 * sandbox (pod IP) listens on which port with which program; `runtimeListeners` exposes that as
 * the data path's `ListeningProcessLookup`, and `runtimeHttp` answers a container's HTTP client
 * (curl, wget, probes) through the full data path (DNS, kube-proxy, NetworkPolicy).
 */
import type { KubeObject } from "../api/types";
import type { PodNetwork } from "../runtime";
import type { HttpReply } from "../runtime";
import type { Network } from "./datapath";
import { podNetworkIP } from "./state";
import type { ConnectResult, ListeningProcessLookup } from "./types";

interface ContainerShape {
  name: string;
  ports?: { containerPort: number }[];
}

/** the container that declared `port`, else the first one (the runtime does not say which process listens) */
function containerFor(pod: KubeObject, port: number): string {
  const containers = (pod.spec as { containers?: ContainerShape[] } | undefined)?.containers ?? [];
  return (containers.find((c) => c.ports?.some((p) => p.containerPort === port)) ?? containers[0])?.name ?? "";
}

export function runtimeListeners(net: PodNetwork): ListeningProcessLookup {
  return {
    lookup(pod, port, protocol) {
      const ip = podNetworkIP(pod);
      const sb = ip ? net.byIp.get(ip) : undefined;
      if (protocol === "UDP") {
        // a bound UDP socket (CoreDNS's :53); what it answers is the data path's business
        return sb?.udp.has(port) ? { container: containerFor(pod, port), handle: () => ({ status: 0, body: "" }) } : undefined;
      }
      if (protocol !== "TCP") return undefined;
      if (!sb || !sb.ports.has(port)) return undefined;
      const handler = sb.ports.get(port);
      return {
        container: containerFor(pod, port),
        handle(req, conn) {
          const r = handler
            ? handler(req.path ?? "/", conn.remoteIP, req.headers?.["User-Agent"] ?? "curl/8.11.1")
            : { status: 0, body: "" };
          return { status: r.status, body: r.body };
        },
      };
    },
  };
}

export interface RuntimeHttpResult {
  /** the runtime's reply; undefined when the connection failed */
  reply?: HttpReply;
  result: ConnectResult;
}

/** an HTTP GET from the pod (or node) owning `fromIP`, through the data path */
export function runtimeHttp(
  network: Network,
  fromIP: string,
  host: string,
  port: number,
  path: string,
  userAgent: string,
): RuntimeHttpResult {
  const result = network.connect({
    fromIP,
    toHost: host,
    toPort: port,
    request: { method: "GET", path, headers: { "User-Agent": userAgent } },
  });
  return result.outcome === "connected" && result.response
    ? { reply: { status: result.response.status, body: result.response.body }, result }
    : { result };
}
