/** NodeName (plugins/nodename): a pod that names a node fits only that node. */
import type { FilterPlugin } from "../framework/types";
import { unresolvable } from "../framework/status";

export const NODE_NAME = "NodeName";
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export function newNodeName(): FilterPlugin {
  return {
    name: NODE_NAME,
    events: ["NodeAdd"],
    filter: (_s, pod, node) => (pod.spec.nodeName && pod.spec.nodeName !== node.name ? unresolvable(ERR_REASON_NODE_NAME) : null),
  };
}
