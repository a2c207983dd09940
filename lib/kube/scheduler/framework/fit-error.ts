/**
 * Why a pod fits nowhere, worded exactly as upstream's FitError.Error() (framework/types.go)
 * and the default preemption PostFilter (framework/preemption): reasons are counted per node,
 * rendered "<count> <reason>", sorted as strings and joined with ", ".
 *
 *   0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 *   2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for
 *   scheduling, 2 No preemption victims found for incoming pod.
 */
import { Code, type Status } from "./status";

export interface Diagnosis {
  /** status of every node a filter rejected, by node name */
  nodeToStatus: Map<string, Status>;
  /** the status of nodes absent from nodeToStatus (preemption: "Preemption is not helpful…") */
  absentStatus?: Status;
  /** plugins that rejected the pod on some node (drives requeueing) */
  unschedulablePlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export const NO_NODE_AVAILABLE = (n: number) => `0/${n} nodes are available`;

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), preFilterMsg: "", postFilterMsg: "" };
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NO_NODE_AVAILABLE(numAllNodes)}:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const st of d.nodeToStatus.values()) for (const r of st.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const absent = numAllNodes - d.nodeToStatus.size;
    if (absent > 0 && d.absentStatus) for (const r of d.absentStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort(goStringLess);
    if (parts.length) msg += ` ${parts.join(", ")}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}

/** sort.Strings: byte-wise order */
function goStringLess(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}

export const PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NO_PREEMPTION_VICTIMS = "No preemption victims found for incoming pod";

/** the PostFilter message when no node can be made to fit by preemption */
export function preemptionFailureMessage(numAllNodes: number, nodeToStatus: Map<string, Status>): string {
  const d = newDiagnosis();
  d.nodeToStatus = nodeToStatus;
  d.absentStatus = { code: Code.UnschedulableAndUnresolvable, reasons: [PREEMPTION_NOT_HELPFUL] };
  return `preemption: ${fitErrorMessage(numAllNodes, d)}`;
}
