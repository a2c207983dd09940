/**
 * Finished-pod accounting with the `batch.kubernetes.io/job-tracking` finalizer
 * (trackJobStatusAndRemoveFinalizers): a finished pod's UID is first recorded in
 * status.uncountedTerminatedPods, then its finalizer is removed, then it moves into
 * succeeded/failed. Faithful simplification: the three steps run within one sync (two status
 * writes), and pods lacking the finalizer but finished are never counted twice because only
 * pods still carrying it are picked up.
 */
import type { KubeObject } from "../../../api/types";
import type { ControllerEnv } from "../common/base";
import { podPhase } from "../common/pods";
import { JOBS, PODS, isNotFound } from "../common/refs";
import { JOB_TRACKING_FINALIZER, finishedAt, formatIndexes, hasTrackingFinalizer, isPodFailed, parseIndexes, podIndex, type Job, type JobStatus } from "./util";

export interface Tracked {
  /** the job as last written */
  job: Job;
  /** its status with every uncounted pod moved into succeeded/failed */
  status: JobStatus;
  newSucceeded: KubeObject[];
  newFailed: KubeObject[];
}

export async function trackFinishedPods(env: ControllerEnv, key: string, job: Job, pods: KubeObject[]): Promise<Tracked> {
  const st: JobStatus = structuredClone(job.status ?? {});
  const unc = { succeeded: [...(st.uncountedTerminatedPods?.succeeded ?? [])], failed: [...(st.uncountedTerminatedPods?.failed ?? [])] };
  const recorded = new Set([...unc.succeeded, ...unc.failed]);
  const newSucceeded: KubeObject[] = [];
  const newFailed: KubeObject[] = [];
  for (const p of pods) {
    if (!hasTrackingFinalizer(p) || recorded.has(p.metadata.uid!)) continue;
    if (podPhase(p) === "Succeeded") {
      unc.succeeded.push(p.metadata.uid!);
      newSucceeded.push(p);
    } else if (isPodFailed(p, job)) {
      unc.failed.push(p.metadata.uid!);
      newFailed.push(p);
    }
  }
  let cur = job;
  if (newSucceeded.length + newFailed.length > 0) {
    st.uncountedTerminatedPods = unc;
    cur = (await env.ctx.client.update(JOBS, job.metadata.namespace, { ...cur, status: st }, { subresource: "status" })) as Job;
    env.trace("update status", cur, key, "written", `uncounted +${newSucceeded.length} succeeded +${newFailed.length} failed`);
  }
  if (unc.succeeded.length + unc.failed.length === 0) return { job: cur, status: structuredClone(cur.status ?? {}), newSucceeded, newFailed };
  // remove the finalizers of every uncounted pod, then count them
  const byUid = new Map(pods.map((p) => [p.metadata.uid!, p]));
  for (const uid of [...unc.succeeded, ...unc.failed]) {
    const p = byUid.get(uid);
    if (p && hasTrackingFinalizer(p)) await removeFinalizer(env, key, p);
  }
  const next: JobStatus = structuredClone(cur.status ?? {});
  if (job.spec.completionMode === "Indexed") {
    const done = parseIndexes(next.completedIndexes);
    for (const uid of unc.succeeded) {
      const i = byUid.get(uid) ? podIndex(byUid.get(uid)!) : undefined;
      if (i !== undefined && i < (job.spec.completions ?? 0)) done.add(i);
    }
    next.completedIndexes = formatIndexes(done);
    next.succeeded = done.size;
  } else next.succeeded = (next.succeeded ?? 0) + unc.succeeded.length;
  next.failed = (next.failed ?? 0) + unc.failed.length;
  next.uncountedTerminatedPods = {};
  return { job: cur, status: next, newSucceeded, newFailed };
}

export async function removeFinalizer(env: ControllerEnv, key: string, p: KubeObject): Promise<void> {
  const i = (p.metadata.finalizers ?? []).indexOf(JOB_TRACKING_FINALIZER);
  if (i < 0) return;
  const all = p.metadata.finalizers ?? [];
  // the last finalizer goes with the list (an empty list is omitted, as Go's omitempty does)
  const ops =
    all.length === 1
      ? [{ op: "test", path: "/metadata/finalizers", value: all }, { op: "remove", path: "/metadata/finalizers" }]
      : [{ op: "test", path: `/metadata/finalizers/${i}`, value: JOB_TRACKING_FINALIZER }, { op: "remove", path: `/metadata/finalizers/${i}` }];
  try {
    const out = await env.ctx.client.patch(PODS, p.metadata.namespace, p.metadata.name!, "json", ops);
    env.trace("remove finalizer", out, key, "written", JOB_TRACKING_FINALIZER);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

export const finishTimes = (pods: KubeObject[], now: number) => pods.map((p) => finishedAt(p, now));
