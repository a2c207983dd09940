/**
 * cronjob-controller (pkg/controller/cronjob/cronjob_controllerv2.go): creates a Job
 * `<cronjob>-<scheduled minutes since the epoch>` at each scheduled time, honouring
 * concurrencyPolicy, startingDeadlineSeconds, suspend and the history limits. No polling:
 * each sync computes the next due time and leaves exactly one clock timer for it.
 */
import type { KubeObject } from "../../../api/types";
import { defineController, type ControllerEnv, type WorkloadComponent } from "../common/base";
import { resolveOwner, watchSelf } from "../common/handlers";
import { CRONJOBS, JOBS, isAlreadyExists, isNotFound, newControllerRef, parseTime, rfc3339, splitKey } from "../common/refs";
import { writeStatus } from "../common/status";
import { isKnownTimeZone } from "../../../registry/groups/cron";
import { jobCondition, type Job } from "../job/util";
import { formatInZone, parseSchedule, type Schedule } from "./schedule";

export const CRONJOB_CONTROLLER = "cronjob-controller";
export { parseSchedule, formatInZone } from "./schedule";
export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** nextScheduleDelta: wake up a little after the due time */
const NEXT_SCHEDULE_DELTA_MS = 100;

interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
  uid: string;
  apiVersion: string;
  resourceVersion?: string;
}

interface CronJob extends KubeObject {
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  };
  status?: { active?: ObjectRef[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
}

export function cronJobController(): WorkloadComponent {
  return defineController(CRONJOB_CONTROLLER, (env) => {
    const cjInf = env.informer(CRONJOBS);
    const jobInf = env.informer(JOBS);
    watchSelf(env, cjInf);
    const owner = (j: KubeObject) => resolveOwner(j, "CronJob", cjInf);
    jobInf.addEventHandler({
      onAdd: (j) => void (owner(j) && env.enqueue(owner(j)!)),
      onUpdate: (o, n) => {
        const a = owner(o);
        const b = owner(n);
        if (a) env.enqueue(a);
        if (b && b !== a) env.enqueue(b);
      },
      onDelete: (j) => void (owner(j) && env.enqueue(owner(j)!)),
    });
    return async (key) => {
      const cj = cjInf.get(key) as CronJob | undefined;
      if (!cj) return;
      const jobs = jobInf.list(splitKey(key).namespace).filter((j) => j.metadata.ownerReferences?.some((r) => r.controller && r.uid === cj.metadata.uid)) as Job[];
      try {
        return await sync(env, key, cj, jobs);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    };
  });
}

async function sync(env: ControllerEnv, key: string, cached: CronJob, jobs: Job[]) {
  const cj: CronJob = structuredClone(cached);
  const st = (cj.status ??= {});
  const active = () => (st.active ??= []);
  const finishedType = (j: Job) => (jobCondition(j.status, "Complete") ? "Complete" : jobCondition(j.status, "Failed") ? "Failed" : undefined);
  const children = new Set(jobs.map((j) => j.metadata.uid));
  for (const j of jobs) {
    const found = active().some((r) => r.uid === j.metadata.uid);
    const fin = finishedType(j);
    if (!found && !fin) env.event(cj, "Warning", "UnexpectedJob", `Saw a job that the controller did not create or forgot: ${j.metadata.name}`);
    else if (found && fin) {
      st.active = active().filter((r) => r.uid !== j.metadata.uid);
      env.event(cj, "Normal", "SawCompletedJob", `Saw completed job: ${j.metadata.name}, condition: ${fin}`);
    }
    if (fin === "Complete" && j.status?.completionTime) {
      const t = parseTime(j.status.completionTime)!;
      if (!st.lastSuccessfulTime || t > parseTime(st.lastSuccessfulTime)!) st.lastSuccessfulTime = j.status.completionTime;
    }
  }
  for (const r of active().slice()) {
    if (children.has(r.uid)) continue;
    env.event(cj, "Normal", "MissingJob", `Active job went missing: ${r.name}`);
    st.active = active().filter((x) => x.uid !== r.uid);
  }
  let requeueAfterMs: number | undefined;
  if (!cj.metadata.deletionTimestamp) requeueAfterMs = await schedule(env, key, cj, jobs);
  await cleanupFinishedJobs(env, key, cj, jobs);
  if (st.active && st.active.length === 0) delete st.active;
  await writeStatus(env, CRONJOBS, cached, st as Record<string, unknown>, key);
  return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
}

/** the scheduling half of syncCronJob: returns ms until the next due time */
async function schedule(env: ControllerEnv, key: string, cj: CronJob, jobs: Job[]): Promise<number | undefined> {
  const st = cj.status!;
  const now = env.now();
  const tz = cj.spec.timeZone;
  if (tz !== undefined && !isKnownTimeZone(tz)) {
    env.event(cj, "Warning", "UnknownTimeZone", `invalid timeZone: "${tz}": unknown time zone ${tz}`);
    return undefined;
  }
  if (cj.spec.suspend) return undefined;
  let sched: Schedule;
  try {
    sched = parseSchedule(cj.spec.schedule, tz ?? "UTC");
  } catch (e) {
    env.event(cj, "Warning", "UnparseableSchedule", `unparseable schedule: "${cj.spec.schedule}" : ${(e as Error).message}`);
    return undefined;
  }
  const created = parseTime(cj.metadata.creationTimestamp) ?? now;
  const last = parseTime(st.lastScheduleTime);
  let earliest = last ?? created;
  const sds = cj.spec.startingDeadlineSeconds;
  if (sds !== undefined && now - sds * 1000 > earliest) earliest = now - sds * 1000;
  const { time: scheduled, missed } = mostRecent(sched, earliest, now);
  if (missed > 100) env.event(cj, "Warning", "TooManyMissedTimes", `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
  const nextDelay = () => {
    const base = mostRecent(sched, last ?? created, now).time ?? last ?? created;
    const n = sched.next(base);
    return n === undefined ? undefined : Math.max(1, n + NEXT_SCHEDULE_DELTA_MS - now);
  };
  if (scheduled === undefined) return nextDelay();
  if (sds !== undefined && scheduled + sds * 1000 < now) {
    env.event(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`);
    return nextDelay();
  }
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60000)}`;
  if ((st.active ?? []).some((r) => r.name === name) || (last !== undefined && last === scheduled)) return nextDelay();
  const policy = cj.spec.concurrencyPolicy ?? "Allow";
  if (policy === "Forbid" && (st.active ?? []).length > 0) {
    env.event(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
    return nextDelay();
  }
  if (policy === "Replace") {
    for (const r of (st.active ?? []).slice()) {
      const j = jobs.find((x) => x.metadata.uid === r.uid);
      if (j) await deleteJob(env, key, cj, j);
    }
  }
  const tpl = cj.spec.jobTemplate ?? {};
  const job: KubeObject = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: { ...(tpl.metadata?.labels ?? {}) },
      annotations: { ...(tpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: formatInZone(scheduled, tz ?? "UTC") },
      ownerReferences: [newControllerRef(cj, "batch/v1", "CronJob")],
    },
    spec: structuredClone(tpl.spec ?? {}),
  };
  let out: KubeObject;
  try {
    out = await env.ctx.client.create(JOBS, cj.metadata.namespace, job);
    env.trace("create job", out, key, "created", `scheduled ${rfc3339(scheduled)}`);
    env.event(cj, "Normal", "SuccessfulCreate", `Created job ${out.metadata.name}`);
  } catch (e) {
    if (!isAlreadyExists(e)) {
      env.event(cj, "Warning", "FailedCreate", `Error creating job: ${(e as Error).message}`);
      throw e;
    }
    out = await env.ctx.client.get(JOBS, cj.metadata.namespace, name);
    if (!out.metadata.ownerReferences?.some((r) => r.controller && r.uid === cj.metadata.uid)) return undefined;
    if ((st.active ?? []).some((r) => r.uid === out.metadata.uid)) return undefined;
  }
  st.active = [...(st.active ?? []), { kind: "Job", namespace: out.metadata.namespace, name: out.metadata.name!, uid: out.metadata.uid!, apiVersion: "batch/v1", resourceVersion: out.metadata.resourceVersion }];
  st.lastScheduleTime = rfc3339(scheduled);
  const n = sched.next(scheduled);
  return n === undefined ? undefined : Math.max(1, n + NEXT_SCHEDULE_DELTA_MS - now);
}

/** mostRecentScheduleTime: the latest activation in (earliest, now], and how many were missed */
function mostRecent(sched: Schedule, earliest: number, now: number): { time?: number; missed: number } {
  const t1 = sched.next(earliest);
  if (t1 === undefined || t1 > now) return { missed: 0 };
  const t2 = sched.next(t1);
  if (t2 === undefined || t2 > now) return { time: t1, missed: 1 };
  const between = Math.max(1, Math.round((t2 - t1) / 1000));
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let t: number | undefined = missed > 2 ? t1 + (missed - 2) * between * 1000 : t1;
  let latest = t1;
  for (t = sched.next(t - 1000); t !== undefined && t <= now; t = sched.next(t)) latest = t;
  return { time: latest, missed };
}

async function deleteJob(env: ControllerEnv, key: string, cj: CronJob, job: KubeObject): Promise<void> {
  try {
    await env.ctx.client.delete(JOBS, job.metadata.namespace, job.metadata.name!, { propagationPolicy: "Background" });
  } catch (e) {
    if (!isNotFound(e)) {
      env.event(cj, "Warning", "FailedDelete", `Deleted job: ${(e as Error).message}`);
      throw e;
    }
  }
  env.trace("delete job", job, key, "deleted");
  if (cj.status?.active) cj.status.active = cj.status.active.filter((r) => r.uid !== job.metadata.uid);
  env.event(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
}

/** cleanupFinishedJobs: keeps the newest successful/failed jobs up to the history limits */
async function cleanupFinishedJobs(env: ControllerEnv, key: string, cj: CronJob, jobs: Job[]): Promise<void> {
  const byStart = (a: Job, b: Job) => {
    const ta = parseTime(a.status?.startTime);
    const tb = parseTime(b.status?.startTime);
    if (ta === undefined && tb !== undefined) return 1;
    if (tb === undefined && ta !== undefined) return -1;
    return (ta ?? 0) - (tb ?? 0) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1);
  };
  const prune = async (list: Job[], limit: number | undefined) => {
    if (limit === undefined || limit === null) return;
    const sorted = list.filter((j) => !j.metadata.deletionTimestamp).sort(byStart);
    for (const j of sorted.slice(0, Math.max(0, sorted.length - limit))) await deleteJob(env, key, cj, j);
  };
  await prune(jobs.filter((j) => jobCondition(j.status, "Complete")), cj.spec.successfulJobsHistoryLimit);
  await prune(jobs.filter((j) => jobCondition(j.status, "Failed")), cj.spec.failedJobsHistoryLimit);
}

/** time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000" */
function rfc1123z(t: number): string {
  const d = new Date(t);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const p = (n: number) => String(n).padStart(2, "0");
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
