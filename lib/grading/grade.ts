/**
 * `grade(exercise, target)`: runs every check of a validated exercise against the target's
 * Kubernetes API and returns per-check results, the score (partial credit) and evidence.
 *
 * "Eventually" (`within: N`): a check that fails is re-evaluated after letting cluster time pass
 * (`target.wait`, in steps of at most 1 s) until it passes or N seconds have gone by. All checks
 * share the same time: waiting for one counts for the others. Without `target.wait` every
 * check is evaluated once.
 *
 * An error reading the API (other than 404) fails that check with a generic message and does
 * not abort the others.
 */
import { evalAbsent, evalCordoned, evalCount, evalEvent, evalExists, evalField, type EvalContext, type Outcome } from "./checks-objects";
import { evalEndpoints, evalHttp, evalOwns, evalPlacement, evalSelects, evalSpread } from "./checks-relations";
import { Reader } from "./reader";
import type { Check, CheckSpec, CheckType } from "./schema";
import type { CheckResult, EvidenceObject, Exercise, GradeResult, GradingTarget } from "./types";

type Evaluator<T extends CheckType> = (spec: CheckSpec<T>, c: EvalContext) => Promise<Outcome>;
const EVALUATORS: { [K in CheckType]: Evaluator<K> } = {
  exists: evalExists,
  absent: evalAbsent,
  field: evalField,
  count: evalCount,
  selects: evalSelects,
  owns: evalOwns,
  spread: evalSpread,
  placement: evalPlacement,
  cordoned: evalCordoned,
  event: evalEvent,
  endpoints: evalEndpoints,
  http: evalHttp,
};

const STEP_MS = 1000;

async function evaluate(check: Check, reader: Reader, target: GradingTarget): Promise<Outcome> {
  const ctx: EvalContext = { reader, target, pathTypes: check.compiled.pathTypes };
  try {
    return await (EVALUATORS[check.type] as Evaluator<CheckType>)(check.spec, ctx);
  } catch {
    return { passed: false, message: "the cluster could not be read for this check; try again in a moment" };
  }
}

export interface GradeOptions {
  /** caps the total time "eventually" checks may wait (default: the largest `within`) */
  maxWaitMs?: number;
}

export async function grade(exercise: Exercise, target: GradingTarget, opts: GradeOptions = {}): Promise<GradeResult> {
  let reader = new Reader(target.client);
  const seen = new Map<string, EvidenceObject>();
  const outcomes = new Map<string, Outcome>();
  await Promise.all(exercise.checks.map(async (c) => outcomes.set(c.id, await evaluate(c, reader, target))));
  for (const [k, v] of reader.seen) seen.set(k, v);

  const maxWait = Math.min(
    opts.maxWaitMs ?? Infinity,
    Math.max(0, ...exercise.checks.filter((c) => !outcomes.get(c.id)?.passed).map((c) => (c.within ?? 0) * 1000)),
  );
  if (target.wait && maxWait > 0) {
    for (let waited = 0; waited < maxWait;) {
      const pending = exercise.checks.filter((c) => !outcomes.get(c.id)?.passed && (c.within ?? 0) * 1000 > waited);
      if (pending.length === 0) break;
      const step = Math.min(STEP_MS, maxWait - waited);
      await target.wait(step);
      waited += step;
      reader = new Reader(target.client);
      for (const c of pending) {
        if ((c.within ?? 0) * 1000 < waited) continue;
        outcomes.set(c.id, await evaluate(c, reader, target));
      }
      for (const [k, v] of reader.seen) seen.set(k, v);
    }
  }

  const checks: CheckResult[] = exercise.checks.map((c) => {
    const o = outcomes.get(c.id)!;
    let message = o.message;
    if (!o.passed && c.within !== undefined && target.wait && maxWait > 0)
      message += ` (waited ${Math.round(Math.min(c.within * 1000, maxWait) / 1000)} s)`;
    return { id: c.id, title: c.title, passed: o.passed, points: c.points, earned: o.passed ? c.points : 0, message };
  });
  const score = checks.reduce((s, c) => s + c.earned, 0);
  const observed: Record<string, unknown> = {};
  for (const c of exercise.checks) {
    const o = outcomes.get(c.id)!;
    if (o.observed !== undefined) observed[c.id] = o.observed;
  }
  return {
    exerciseId: exercise.id,
    score,
    total: exercise.total,
    passed: score === exercise.total,
    checks,
    evidence: { objects: [...seen.values()], observed },
  };
}
