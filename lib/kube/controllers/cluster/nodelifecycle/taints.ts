/**
 * The node taints the node lifecycle controller owns (doNoScheduleTaintingPass and
 * doNoExecuteTaintingPass in pkg/controller/nodelifecycle), derived from node conditions.
 */
import type { KubeObject } from "../../../api/types";
import { getCondition } from "../common/util";

export interface Taint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  timeAdded?: string;
}

export const TAINT_NOT_READY = "node.kubernetes.io/not-ready";
export const TAINT_UNREACHABLE = "node.kubernetes.io/unreachable";

/** nodeConditionToTaintKeyStatusMap: condition type → status → NoSchedule taint key */
const NO_SCHEDULE: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: "node.kubernetes.io/memory-pressure" },
  DiskPressure: { True: "node.kubernetes.io/disk-pressure" },
  NetworkUnavailable: { True: "node.kubernetes.io/network-unavailable" },
  PIDPressure: { True: "node.kubernetes.io/pid-pressure" },
};
const UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

const MANAGED_NO_SCHEDULE = new Set([...Object.values(NO_SCHEDULE).flatMap((m) => Object.values(m)), UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE]);

export function taintsOf(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
}

function isManaged(t: Taint): boolean {
  return (t.effect === "NoSchedule" && MANAGED_NO_SCHEDULE.has(t.key)) || (t.effect === "NoExecute" && MANAGED_NO_EXECUTE.has(t.key));
}

/** the controller-owned taints a node should carry now (keys and effects only) */
export function desiredTaints(node: KubeObject): Taint[] {
  const out: Taint[] = [];
  for (const [type, byStatus] of Object.entries(NO_SCHEDULE)) {
    const key = byStatus[getCondition(node, type)?.status ?? ""];
    if (key) out.push({ key, effect: "NoSchedule" });
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) out.push({ key: UNSCHEDULABLE, effect: "NoSchedule" });
  const ready = getCondition(node, "Ready")?.status;
  if (ready === "False") out.push({ key: TAINT_NOT_READY, effect: "NoExecute" });
  if (ready === "Unknown") out.push({ key: TAINT_UNREACHABLE, effect: "NoExecute" });
  return out;
}

/**
 * How NoExecute taints are handled: "apply" adds and removes them with the conditions, "hold"
 * adds none now (the zone's eviction rate limit) and "remove" drops them (full disruption).
 */
export type NoExecuteMode = "apply" | "hold" | "remove";

/** true when the node carries a NoExecute taint this controller manages */
export function hasManagedNoExecute(node: KubeObject): boolean {
  return taintsOf(node).some((t) => t.effect === "NoExecute" && MANAGED_NO_EXECUTE.has(t.key));
}

/**
 * The node's new taint list, or undefined when nothing changes: foreign taints are kept in
 * place, managed ones that still apply keep their timeAdded, new ones get `now`.
 */
export function reconcileTaints(
  node: KubeObject,
  now: string,
  noExecute: NoExecuteMode = "apply",
): { taints: Taint[]; added: Taint[]; removed: Taint[] } | undefined {
  const current = taintsOf(node);
  let want = desiredTaints(node);
  if (noExecute === "remove") want = want.filter((t) => t.effect !== "NoExecute");
  if (noExecute === "hold")
    want = want.filter((t) => t.effect !== "NoExecute" || current.some((c) => c.key === t.key && c.effect === t.effect));
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const removed = current.filter((t) => isManaged(t) && !want.some((w) => same(w, t)));
  const added = want.filter((w) => !current.some((t) => same(w, t))).map((w) => ({ ...w, timeAdded: now }));
  if (!removed.length && !added.length) return undefined;
  return { taints: [...current.filter((t) => !removed.includes(t)), ...added], added, removed };
}
