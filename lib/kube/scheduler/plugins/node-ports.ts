/** NodePorts (plugins/nodeports): a hostPort may be used once per node (0.0.0.0 conflicts with every IP). */
import type { FilterPlugin, PreFilterPlugin } from "../framework/types";
import { SKIP, unschedulable } from "../framework/status";
import type { NodeInfo } from "../framework/node-info";
import type { HostPort } from "../framework/pod-info";

export const NODE_PORTS = "NodePorts";
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";

export function portsConflict(wanted: readonly HostPort[], node: NodeInfo): boolean {
  if (node.usedPorts.size === 0) return false;
  for (const hp of wanted) {
    if (hp.ip === "0.0.0.0") {
      const suffix = `/${hp.protocol}/${hp.port}`;
      for (const k of node.usedPorts.keys()) if (k.endsWith(suffix)) return true;
    } else if (node.usedPorts.has(`${hp.ip}/${hp.protocol}/${hp.port}`) || node.usedPorts.has(`0.0.0.0/${hp.protocol}/${hp.port}`)) return true;
  }
  return false;
}

export function newNodePorts(): PreFilterPlugin & FilterPlugin {
  return {
    name: NODE_PORTS,
    events: ["AssignedPodDelete", "NodeAdd"],
    preFilter: (_s, pod) => (pod.hostPorts.length === 0 ? SKIP : null),
    filter: (_s, pod, node) => (portsConflict(pod.hostPorts, node) ? unschedulable(ERR_REASON_NODE_PORTS) : null),
  };
}
