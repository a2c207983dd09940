/**
 * job-controller (pkg/controller/job/job_controller.go): runs pods until `completions` succeed
 * (at most `parallelism` at once), retries failures with exponential backoff up to
 * `backoffLimit`, fails on `activeDeadlineSeconds`, and tracks finished pods with the
 * job-tracking finalizer. Terminal conditions wait for the job's pods to terminate
 * (SuccessCriteriaMet / FailureTarget first, as 1.31+).
 */
import type { KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type LabelSelector } from "../../../api/selectors";
import { defineController, type ControllerEnv, type WorkloadComponent } from "../common/base";
import { claimObjects } from "../common/claim";
import { Expectations } from "../common/expectations";
import { watchOwned, watchSelf } from "../common/handlers";
import { isPodReady, podFromTemplate, podPhase, podsToDelete, slowStartBatch, SLOW_START_INITIAL_BATCH } from "../common/pods";
import { JOBS, PODS, isNotFound, newControllerRef, parseTime, rfc3339, splitKey } from "../common/refs";
import { writeStatus } from "../common/status";
import { BackoffStore } from "./backoff";
import { finishTimes, removeFinalizer, trackFinishedPods } from "./tracking";
import { COMPLETION_INDEX, JOB_TRACKING_FINALIZER, ensureCondition, hasTrackingFinalizer, isFinished, jobCondition, newJobCondition, parseIndexes, podIndex, type Job, type JobStatus } from "./util";

export const JOB_CONTROLLER = "job-controller";
export * from "./util";
export { ttlAfterFinishedController, TTL_AFTER_FINISHED_CONTROLLER } from "./ttl";
/** MaxPodCreateDeletePerSync */
const MAX_PER_SYNC = 500;

export function jobController(): WorkloadComponent {
  return defineController(JOB_CONTROLLER, (env) => {
    const jobInf = env.informer(JOBS);
    const podInf = env.informer(PODS);
    const exp = new Expectations(env.ctx.clock);
    const backoff = new BackoffStore();
    watchSelf(env, jobInf, (key) => {
      exp.delete(key);
      backoff.delete(key);
    });
    watchOwned(env, podInf, { kind: "Job", owners: jobInf, expectations: exp });
    return async (key) => {
      const job = jobInf.get(key) as Job | undefined;
      if (!job) return;
      try {
        return await syncJob(env, key, job, podInf.list(splitKey(key).namespace), exp, backoff);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    };
  });
}

async function syncJob(env: ControllerEnv, key: string, cached: Job, nsPods: KubeObject[], exp: Expectations, backoff: BackoffStore) {
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(cached.spec.selector);
  } catch {
    return;
  }
  const pods = await claimObjects(env, nsPods, { owner: cached, apiVersion: "batch/v1", kind: "Job", selector, resource: PODS, cause: key });
  if (isFinished(cached)) {
    // a finished job only lets go of its pods
    for (const p of pods) if (hasTrackingFinalizer(p)) await removeFinalizer(env, key, p);
    return;
  }
  const now = env.now();
  const tracked = await trackFinishedPods(env, key, cached, pods);
  backoff.update(key, finishTimes(tracked.newSucceeded, now), finishTimes(tracked.newFailed, now));
  const job = tracked.job;
  const status = tracked.status;
  if (!status.startTime && !job.spec.suspend) status.startTime = rfc3339(now);
  let active = pods.filter((p) => !p.metadata.deletionTimestamp && podPhase(p) !== "Succeeded" && podPhase(p) !== "Failed");
  const deletedNow = new Set<KubeObject>();
  const terminatingOf = () => pods.filter((p) => (p.metadata.deletionTimestamp || deletedNow.has(p)) && podPhase(p) !== "Succeeded" && podPhase(p) !== "Failed").length;
  const failed = status.failed ?? 0;
  const backoffLimit = job.spec.backoffLimit ?? 6;
  const ads = job.spec.activeDeadlineSeconds;
  const start = parseTime(status.startTime);
  let requeueAfterMs: number | undefined;

  let failure: { reason: string; message: string } | undefined;
  const target = jobCondition(status, "FailureTarget");
  if (target) failure = { reason: target.reason ?? "", message: target.message ?? "" };
  else if (failed > backoffLimit) failure = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
  else if (ads !== undefined && start !== undefined && !job.spec.suspend) {
    if (now - start >= ads * 1000) failure = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };
    else requeueAfterMs = start + ads * 1000 - now;
  }

  const complete = !failure && isComplete(job, status, active.length);
  if (failure || complete || job.spec.suspend) {
    await deletePods(env, key, job, active, exp);
    for (const p of active) deletedNow.add(p);
    active = [];
  }
  if (failure) {
    status.conditions = ensureCondition(status.conditions, newJobCondition("FailureTarget", failure.reason, failure.message, now));
    if (terminatingOf() === 0 && !jobCondition(status, "Failed")) {
      status.conditions = ensureCondition(status.conditions, newJobCondition("Failed", failure.reason, failure.message, now));
      env.event(job, "Warning", failure.reason, failure.message);
    }
    requeueAfterMs = undefined;
  } else if (complete) {
    status.conditions = ensureCondition(status.conditions, newJobCondition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now));
    if (terminatingOf() === 0) {
      status.conditions = ensureCondition(status.conditions, newJobCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
      status.completionTime = rfc3339(now);
      env.event(job, "Normal", "Completed", "Job completed");
    }
    requeueAfterMs = undefined;
  } else if (!job.spec.suspend && exp.satisfied(key)) {
    const res = await manageJob(env, key, job, status, active, terminatingOf(), exp, backoff.remaining(key, now));
    active = res.active;
    for (const p of res.deleted ?? []) deletedNow.add(p);
    if (res.waitMs) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, res.waitMs);
  }
  if (!failure && !complete) {
    // the Suspended condition (added only once a job has been suspended)
    const before = status.conditions;
    if (job.spec.suspend) {
      status.conditions = ensureCondition(before, newJobCondition("Suspended", "JobSuspended", "Job suspended", now));
      if (JSON.stringify(status.conditions) !== JSON.stringify(before ?? [])) env.event(job, "Normal", "Suspended", "Job suspended");
    } else {
      status.conditions = ensureCondition(before, newJobCondition("Suspended", "JobResumed", "Job resumed", now, "False"));
      if (JSON.stringify(status.conditions) !== JSON.stringify(before ?? [])) {
        env.event(job, "Normal", "Resumed", "Job resumed");
        // activeDeadlineSeconds counts continuous activity: resuming restarts the clock
        status.startTime = rfc3339(now);
      }
    }
  }
  status.active = active.length;
  status.ready = active.filter(isPodReady).length;
  status.terminating = terminatingOf();
  status.uncountedTerminatedPods ??= {};
  await writeStatus(env, JOBS, job, shape(status), key);
  return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
}

function isComplete(job: Job, s: JobStatus, active: number): boolean {
  const completions = job.spec.completions;
  if (job.spec.completionMode === "Indexed") return parseIndexes(s.completedIndexes).size >= (completions ?? 0);
  if (completions === undefined || completions === null) return (s.succeeded ?? 0) > 0 && active === 0;
  return (s.succeeded ?? 0) >= completions;
}

/** status in the field order and omitempty-ness of batch/v1 JobStatus */
function shape(s: JobStatus): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.startTime) out.startTime = s.startTime;
  if (s.completionTime) out.completionTime = s.completionTime;
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  out.terminating = s.terminating ?? 0;
  if (s.completedIndexes) out.completedIndexes = s.completedIndexes;
  out.uncountedTerminatedPods = s.uncountedTerminatedPods ?? {};
  out.ready = s.ready ?? 0;
  return out;
}

async function manageJob(
  env: ControllerEnv,
  key: string,
  job: Job,
  s: JobStatus,
  active: KubeObject[],
  terminating: number,
  exp: Expectations,
  backoffMs: number,
): Promise<{ active: KubeObject[]; deleted?: KubeObject[]; waitMs?: number }> {
  const parallelism = job.spec.parallelism ?? 1;
  const succeeded = s.succeeded ?? 0;
  let want: number;
  if (job.spec.completions === undefined || job.spec.completions === null) want = succeeded > 0 ? active.length : parallelism;
  else want = Math.max(0, Math.min(parallelism, job.spec.completions - succeeded));
  if (active.length > want) {
    const victims = podsToDelete(active, active, Math.min(active.length - want, MAX_PER_SYNC), env.now());
    await deletePods(env, key, job, victims, exp);
    return { active: active.filter((p) => !victims.includes(p)), deleted: victims };
  }
  if (active.length === want) return { active };
  if (backoffMs > 0) return { active, waitMs: backoffMs };
  let diff = want - active.length;
  if (job.spec.podReplacementPolicy === "Failed") diff -= terminating;
  diff = Math.min(diff, MAX_PER_SYNC);
  if (diff <= 0) return { active };
  const indexes = job.spec.completionMode === "Indexed" ? freeIndexes(job, s, active, diff) : [];
  if (job.spec.completionMode === "Indexed") diff = indexes.length;
  exp.expect(key, diff);
  const ref = newControllerRef(job, "batch/v1", "Job");
  const created: KubeObject[] = [];
  const res = await slowStartBatch(diff, SLOW_START_INITIAL_BATCH, async (i) => {
    const pod = podFromTemplate(job.spec.template, job.metadata.name!, ref);
    pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
    const idx = indexes[i];
    if (idx !== undefined) {
      pod.metadata.generateName = `${job.metadata.name}-${idx}-`;
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(idx) };
      pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX]: String(idx) };
      if (pod.spec?.subdomain) pod.spec.hostname = `${job.metadata.name}-${idx}`;
    }
    try {
      const out = await env.ctx.client.create(PODS, job.metadata.namespace, pod);
      created.push(out);
      env.trace("create pod", out, key, "created");
      env.event(job, "Normal", "SuccessfulCreate", `Created pod: ${out.metadata.name}`);
    } catch (e) {
      env.event(job, "Warning", "FailedCreate", `Error creating: ${(e as Error).message}`);
      throw e;
    }
  });
  if (res.error) {
    exp.lowerCreations(key, diff - res.successes);
    throw res.error;
  }
  return { active: [...active, ...created] };
}

/** indexes neither succeeded nor held by an active pod, lowest first */
function freeIndexes(job: Job, s: JobStatus, active: KubeObject[], n: number): number[] {
  const taken = parseIndexes(s.completedIndexes);
  for (const p of active) {
    const i = podIndex(p);
    if (i !== undefined) taken.add(i);
  }
  const out: number[] = [];
  for (let i = 0; i < (job.spec.completions ?? 0) && out.length < n; i++) if (!taken.has(i)) out.push(i);
  return out;
}

async function deletePods(env: ControllerEnv, key: string, job: Job, pods: KubeObject[], exp: Expectations): Promise<void> {
  if (!pods.length) return;
  exp.expect(key, 0, pods.map((p) => p.metadata.uid ?? ""));
  for (const p of pods) {
    try {
      await env.ctx.client.delete(PODS, p.metadata.namespace, p.metadata.name!);
      env.trace("delete pod", p, key, "deleted");
      env.event(job, "Normal", "SuccessfulDelete", `Deleted pod: ${p.metadata.name}`);
    } catch (e) {
      exp.deletionObserved(key, p.metadata.uid ?? "");
      if (!isNotFound(e)) throw e;
    }
  }
}
