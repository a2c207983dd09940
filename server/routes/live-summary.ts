/**
 * What the live view shows of a node or a pod: the columns of `kubectl get nodes` / `kubectl get
 * pods -o wide` that matter for the picture (STATUS computed as kubectl's printPod/printNode do)
 * plus a colour class. Pure functions over API objects; shared with the browser as JSON.
 */
import type { KubeObject } from "../../lib/kube/api/types";

export type Tone = "ok" | "progress" | "warn" | "error" | "done" | "muted";

export interface NodeSummary {
  name: string;
  /** `Ready`, `NotReady`, `Unknown`, `Ready,SchedulingDisabled` */
  status: string;
  roles: string;
  tone: Tone;
}

export interface PodSummary {
  namespace: string;
  name: string;
  /** "" while unscheduled */
  node: string;
  /** kubectl's STATUS column: Running, Pending, ContainerCreating, CrashLoopBackOff, Completed, Terminating… */
  status: string;
  /** "1/1" */
  ready: string;
  restarts: number;
  tone: Tone;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function summarizeNode(node: KubeObject): NodeSummary {
  const status = obj(node.status);
  const spec = obj(node.spec);
  const ready = arr(status.conditions).find((c) => c.type === "Ready");
  const parts = [ready ? (ready.status === "True" ? "Ready" : ready.status === "False" ? "NotReady" : "Unknown") : "Unknown"];
  if (spec.unschedulable === true) parts.push("SchedulingDisabled");
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice("node-role.kubernetes.io/".length))
    .filter(Boolean)
    .sort();
  const text = parts.join(",");
  return {
    name: node.metadata.name ?? "",
    status: text,
    roles: roles.join(",") || "<none>",
    tone: parts[0] === "Ready" ? (parts.length > 1 ? "warn" : "ok") : "error",
  };
}

/** kubectl's printPod STATUS, READY and RESTARTS (pkg/printers/internalversion/printers.go) */
export function summarizePod(pod: KubeObject): PodSummary {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const containers = arr(spec.containers);
  const initContainers = arr(spec.initContainers);
  let reason = str(status.reason) || str(status.phase) || "Pending";
  let restarts = 0;
  let readyCount = 0;
  let initializing = false;
  const inits = arr(status.initContainerStatuses);
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i]!;
    restarts += Number(c.restartCount ?? 0);
    const st = obj(c.state);
    const term = st.terminated ? obj(st.terminated) : undefined;
    const wait = st.waiting ? obj(st.waiting) : undefined;
    if (term && Number(term.exitCode ?? 0) === 0) continue;
    if (term)
      reason = str(term.reason)
        ? `Init:${str(term.reason)}`
        : Number(term.signal ?? 0)
          ? `Init:Signal:${Number(term.signal)}`
          : `Init:ExitCode:${Number(term.exitCode ?? 0)}`;
    else if (wait && str(wait.reason) && str(wait.reason) !== "PodInitializing") reason = `Init:${str(wait.reason)}`;
    else reason = `Init:${i}/${initContainers.length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const cs = arr(status.containerStatuses);
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      restarts += Number(c.restartCount ?? 0);
      const st = obj(c.state);
      const term = st.terminated ? obj(st.terminated) : undefined;
      const wait = st.waiting ? obj(st.waiting) : undefined;
      if (wait && str(wait.reason)) reason = str(wait.reason);
      else if (term && str(term.reason)) reason = str(term.reason);
      else if (term) reason = Number(term.signal ?? 0) ? `Signal:${Number(term.signal)}` : `ExitCode:${Number(term.exitCode ?? 0)}`;
      else if (c.ready === true && st.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const podReady = arr(status.conditions).some((c) => c.type === "Ready" && c.status === "True");
      reason = podReady ? "Running" : "NotReady";
    }
  }
  if (pod.metadata.deletionTimestamp) reason = str(status.reason) === "NodeLost" ? "Unknown" : "Terminating";
  return {
    namespace: pod.metadata.namespace ?? "",
    name: pod.metadata.name ?? "",
    node: str(spec.nodeName),
    status: reason,
    ready: `${readyCount}/${containers.length}`,
    restarts,
    tone: podTone(reason, readyCount, containers.length),
  };
}

function podTone(status: string, ready: number, total: number): Tone {
  if (status === "Terminating") return "muted";
  if (status === "Completed" || status === "Succeeded") return "done";
  if (status === "Running") return ready === total ? "ok" : "warn";
  if (/BackOff|Err|Error|Failed|OOMKilled|ExitCode|Signal|Invalid|Evicted|Unknown/.test(status)) return "error";
  return "progress";
}
