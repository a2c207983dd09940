/**
 * A `GradingTarget` for an embedded cluster (lib/kube/cluster): reads through the API server's
 * in-process loopback client (the full request path, like kubectl's GETs), and traffic through
 * the simulated data path — the same `network.connect` a container's `wget` uses.
 */
import type { Cluster } from "../kube/cluster";
import type { Network } from "../kube/network";
import type { GradingTarget, HttpProbeResult, TrafficProbe } from "./types";

/** parses `http://host[:port][/path]` (scheme optional) */
export function parseHttpUrl(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#\s]+)(?::(\d+))?([/?][^#\s]*)?$/.exec(url.trim());
  if (!m) return undefined;
  const path = m[4] ?? "/";
  return { host: m[2]!, port: m[3] ? Number(m[3]) : m[1] === "https" ? 443 : 80, path: path.startsWith("?") ? `/${path}` : path };
}

export function networkTraffic(network: Network): TrafficProbe {
  return {
    httpGet(from, url): HttpProbeResult {
      const u = parseHttpUrl(url);
      if (!u) return { outcome: "unresolved", message: `bad address '${url}'` };
      try {
        const r = network.connect({
          fromPod: from,
          toHost: u.host,
          toPort: u.port,
          request: { method: "GET", path: u.path, headers: { "User-Agent": "Wget" } },
        });
        const out: HttpProbeResult = { outcome: r.outcome, message: r.message };
        if (r.outcome === "connected" && r.response) {
          out.status = r.response.status;
          out.body = r.response.body;
        }
        return out;
      } catch (e) {
        return { outcome: "refused", message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}

/** grading target of an embedded cluster; pass `wait` to let "eventually" checks see time pass */
export function embeddedTarget(cluster: Cluster, opts: { wait?: (ms: number) => Promise<void> } = {}): GradingTarget {
  const network = cluster.components?.networking?.network;
  const target: GradingTarget = { client: cluster.apiServer.loopback };
  if (network) target.traffic = networkTraffic(network);
  if (opts.wait) target.wait = opts.wait;
  return target;
}
