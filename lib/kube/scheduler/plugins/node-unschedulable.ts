/** NodeUnschedulable (plugins/nodeunschedulable): cordoned nodes take only pods tolerating it. */
import type { FilterPlugin } from "../framework/types";
import { unresolvable } from "../framework/status";
import { toleratesTaint } from "../framework/helpers";

export const NODE_UNSCHEDULABLE = "NodeUnschedulable";
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
const unschedulableTaint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

export function newNodeUnschedulable(): FilterPlugin {
  return {
    name: NODE_UNSCHEDULABLE,
    events: ["NodeAdd", "NodeUpdateTaint"],
    filter(_s, pod, node) {
      if (!node.unschedulable) return null;
      if ((pod.spec.tolerations ?? []).some((t) => toleratesTaint(t, unschedulableTaint))) return null;
      return unresolvable(ERR_REASON_UNSCHEDULABLE);
    },
  };
}
