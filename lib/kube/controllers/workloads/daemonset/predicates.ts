/**
 * Whether a node should run a DaemonSet's pod (daemon_controller.go NodeShouldRunDaemonPod):
 * nodeName, nodeSelector + required node affinity, and taints vs. the pod's tolerations (with
 * the default DaemonSet tolerations added as util.AddOrUpdateDaemonPodTolerations does).
 */
import type { KubeObject } from "../../../api/types";
import type { PodTemplate, Toleration } from "../common/types";

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
interface Affinity {
  nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] }; [k: string]: unknown };
  [k: string]: unknown;
}

/** the tolerations every daemon pod gets (pkg/controller/daemon/util) */
export function defaultDaemonTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (hostNetwork) t.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  return t;
}

/** AddOrUpdateTolerationInPodSpec for each default toleration (same key+effect+operator replaced) */
export function withDaemonTolerations(existing: Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
  const out = [...(existing ?? [])];
  for (const t of defaultDaemonTolerations(hostNetwork)) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect && (x.operator ?? "Equal") === t.operator);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** Toleration.ToleratesTaint */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? "Equal";
  if (op === "Exists") return true;
  return op === "Equal" && (t.value ?? "") === (taint.value ?? "");
}

function requirementMatches(r: NodeSelectorRequirement, get: (k: string) => string | undefined): boolean {
  const v = get(r.key);
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return v !== undefined && values.includes(v);
    case "NotIn":
      return v === undefined || !values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    case "Gt":
    case "Lt": {
      if (v === undefined || values.length !== 1) return false;
      const a = Number(v);
      const b = Number(values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** nodeSelector and required node affinity (terms are ORed; an empty term matches nothing) */
export function fitsNodeAffinity(spec: Record<string, unknown>, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const sel = (spec.nodeSelector as Record<string, string> | undefined) ?? {};
  for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  const terms = (spec.affinity as Affinity | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((term) => {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length + fields.length === 0) return false;
    return exprs.every((r) => requirementMatches(r, (k) => labels[k])) && fields.every((r) => requirementMatches(r, (k) => (k === "metadata.name" ? node.metadata.name : undefined)));
  });
}

/** NodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning] */
export function nodeShouldRunDaemonPod(node: KubeObject, template: PodTemplate | undefined): [boolean, boolean] {
  const spec = (template?.spec ?? {}) as Record<string, unknown>;
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return [false, false];
  if (!fitsNodeAffinity(spec, node)) return [false, false];
  const tolerations = withDaemonTolerations(spec.tolerations as Toleration[] | undefined, spec.hostNetwork === true);
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
  const untolerated = taints.filter((taint) => !tolerations.some((t) => tolerates(t, taint)));
  if (untolerated.length === 0) return [true, true];
  return [false, !untolerated.some((t) => t.effect === "NoExecute")];
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: pins the pod to `node` through required node affinity */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const term: NodeSelectorTerm = { matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] };
  const a: Affinity = structuredClone(affinity ?? {});
  a.nodeAffinity = { ...(a.nodeAffinity ?? {}) };
  a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...(a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: [term] };
  return a;
}

/** GetTargetNodeName: spec.nodeName, else the node the affinity pins it to */
export function targetNode(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as Record<string, unknown>;
  if (typeof spec.nodeName === "string" && spec.nodeName) return spec.nodeName;
  const terms = (spec.affinity as Affinity | undefined)?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === "metadata.name" && f.operator === "In" && f.values?.length === 1) return f.values[0];
  return undefined;
}
