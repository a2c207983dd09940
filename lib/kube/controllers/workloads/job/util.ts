/** Job shapes, conditions and pod classification (pkg/controller/job/job_controller.go, utils.go). */
import type { KubeObject } from "../../../api/types";
import { podPhase } from "../common/pods";
import { rfc3339 } from "../common/refs";
import type { Condition, WorkloadSpec } from "../common/types";

export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

export interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  ready?: number;
}

export interface Job extends KubeObject {
  spec: WorkloadSpec & {
    completions?: number | null;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    completionMode?: string;
    suspend?: boolean;
    podReplacementPolicy?: string;
  };
  status?: JobStatus;
}

export function jobCondition(s: JobStatus | undefined, type: string): Condition | undefined {
  return s?.conditions?.find((c) => c.type === type && c.status === "True");
}

/** IsJobFinished: a Complete or Failed condition that is True */
export const isFinished = (job: Job) => !!(jobCondition(job.status, "Complete") ?? jobCondition(job.status, "Failed"));

export function newJobCondition(type: string, reason: string, message: string, now: number, status = "True"): Condition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/** ensureJobConditionStatus: adds or updates; returns the new list */
export function ensureCondition(list: Condition[] | undefined, c: Condition): Condition[] {
  const out = (list ?? []).slice();
  const i = out.findIndex((x) => x.type === c.type);
  if (i < 0) return c.status === "False" ? out : [...out, c];
  const cur = out[i]!;
  if (cur.status === c.status && cur.reason === c.reason && cur.message === c.message) return out;
  out[i] = { ...c, lastTransitionTime: cur.status === c.status ? cur.lastTransitionTime : c.lastTransitionTime };
  return out;
}

export const hasTrackingFinalizer = (p: KubeObject) => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** isPodFailed: Failed, or (unless podReplacementPolicy is Failed) deleted before succeeding */
export function isPodFailed(p: KubeObject, job: Job): boolean {
  if (podPhase(p) === "Failed") return true;
  if (job.spec.podReplacementPolicy === "Failed") return false;
  return !!p.metadata.deletionTimestamp && podPhase(p) !== "Succeeded";
}

export const podIndex = (p: KubeObject): number | undefined => {
  const v = p.metadata.annotations?.[COMPLETION_INDEX];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** the completedIndexes format: "0-2,4" */
export function formatIndexes(set: Set<number>): string {
  const xs = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(i === j ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

export function parseIndexes(s: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (s ?? "").split(",").filter(Boolean)) {
    const [a, b] = part.split("-").map(Number);
    for (let i = a!; i <= (b ?? a!); i++) out.add(i);
  }
  return out;
}

/** finish time of a pod (getFinishedTime): last container finishedAt, else Ready's transition, else deletion */
export function finishedAt(p: KubeObject, now: number): number {
  const st = (p.status ?? {}) as { containerStatuses?: { state?: { terminated?: { finishedAt?: string } } }[]; conditions?: Condition[] };
  let t = 0;
  for (const c of st.containerStatuses ?? []) {
    const f = c.state?.terminated?.finishedAt;
    if (f) t = Math.max(t, Date.parse(f));
  }
  if (t) return t;
  const ready = st.conditions?.find((c) => c.type === "Ready" && c.status === "False")?.lastTransitionTime;
  if (ready) return Date.parse(ready);
  // a graceful deletion's timestamp lies grace seconds ahead of when it was asked for
  if (p.metadata.deletionTimestamp) return Date.parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(p.metadata.creationTimestamp ?? "") || now;
}
