/**
 * ttl-after-finished-controller (pkg/controller/ttlafterfinished): deletes a finished Job
 * (Complete or Failed) `ttlSecondsAfterFinished` after its finishing condition's transition,
 * with Foreground propagation and a UID precondition, re-checking a fresh copy first. One timer
 * per Job waiting to expire; none otherwise.
 */
import { defineController, type WorkloadComponent } from "../common/base";
import { watchSelf } from "../common/handlers";
import { JOBS, isConflict, isNotFound, parseTime, splitKey } from "../common/refs";
import { jobCondition, type Job } from "./util";

export const TTL_AFTER_FINISHED_CONTROLLER = "ttl-after-finished-controller";

/** ms until the job expires (<= 0: expired), or undefined when it needs no cleanup */
export function ttlRemaining(job: Job, now: number): number | undefined {
  const ttl = (job.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const cond = jobCondition(job.status, "Complete") ?? jobCondition(job.status, "Failed");
  if (!cond) return undefined;
  const finishedAt = parseTime(cond.lastTransitionTime);
  if (finishedAt === undefined) return undefined;
  return finishedAt + ttl * 1000 - now;
}

export function ttlAfterFinishedController(): WorkloadComponent {
  return defineController(TTL_AFTER_FINISHED_CONTROLLER, (env) => {
    const jobInf = env.informer(JOBS);
    watchSelf(env, jobInf);
    return async (key) => {
      const cached = jobInf.get(key) as Job | undefined;
      if (!cached || cached.metadata.deletionTimestamp) return;
      const left = ttlRemaining(cached, env.now());
      if (left === undefined) return;
      if (left > 0) return { requeueAfterMs: left };
      const { namespace, name } = splitKey(key);
      let fresh: Job;
      try {
        fresh = (await env.ctx.client.get(JOBS, namespace, name)) as Job;
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      const again = ttlRemaining(fresh, env.now());
      if (again === undefined) return;
      if (again > 0) return { requeueAfterMs: again };
      try {
        await env.ctx.client.delete(JOBS, namespace, name, { propagationPolicy: "Foreground", preconditions: { uid: fresh.metadata.uid } });
        env.trace("delete job", fresh, key, "deleted", "ttlSecondsAfterFinished expired");
      } catch (e) {
        if (!isNotFound(e) && !isConflict(e)) throw e;
      }
      return undefined;
    };
  });
}
