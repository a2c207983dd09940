/**
 * Plugs the cluster's simulated data path (lib/kube/network) into the container runtime, so
 * `curl`, `wget`, `nslookup` and `ping` inside containers go through DNS, kube-proxy's rules
 * and NetworkPolicy like real packets. Wire with `fleet.useNetwork(networking.network)`.
 */
import type { Network } from "../network/datapath";
import { cidrContains, inClusterCidr, parseCidr, SERVICE_CIDR } from "../network/ip";
import type { DataPath, PodNetwork } from "../runtime";

const SERVICES = parseCidr(SERVICE_CIDR)!;

export function networkDataPath(network: Network, pods: PodNetwork): DataPath {
  return {
    connect(fromIP, host, port, path, userAgent) {
      let r;
      try {
        r = network.connect({ fromIP, toHost: host, toPort: port, request: { method: "GET", path, headers: { "User-Agent": userAgent } } });
      } catch {
        // the data path does not know the client yet (its informers lag a new pod): refuse
        return { outcome: "refused" };
      }
      const ip = r.resolvedIP === undefined ? undefined : host === "localhost" ? "127.0.0.1" : r.resolvedIP;
      const reply = r.response ? { status: r.response.status, body: r.response.body } : undefined;
      return { outcome: r.outcome, ...(ip ? { ip } : {}), ...(r.outcome === "connected" && reply ? { reply } : {}) };
    },
    dnsQuery(fromIP, server, name, type) {
      try {
        return network.dnsQuery({ fromIP }, server, name, type);
      } catch {
        return "timeout";
      }
    },
    echo(_fromIP, ip) {
      // ClusterIPs are only DNAT rules in iptables mode: nothing answers ICMP there
      if (cidrContains(SERVICES, ip)) return false;
      if (inClusterCidr(ip)) return pods.byIp.has(ip);
      return true;
    },
  };
}
