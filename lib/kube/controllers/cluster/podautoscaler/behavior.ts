/**
 * Normalizing a proposal (pkg/controller/podautoscaler/horizontal.go): stabilization (scale-down
 * window 300 s by default: the highest recommendation in the window wins) and the scale rate
 * and min/max limits, with the AbleToScale and ScalingLimited conditions they imply. Without
 * spec.behavior the legacy rules apply (scale up to max(2×current, 4) a step); with it, the
 * behavior's policies over their periods.
 */
export interface Policy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}
export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: "Max" | "Min" | "Disabled";
  policies?: Policy[];
}
export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export const DOWNSCALE_STABILIZATION_MS = 300_000;

export interface Timestamped {
  at: number;
  value: number;
}

/** per-HPA memory: recent recommendations and scale events */
export interface ScalerState {
  recommendations: Timestamped[];
  scaleUpEvents: Timestamped[];
  scaleDownEvents: Timestamped[];
}

export interface Normalized {
  replicas: number;
  ableToScale: [reason: string, message: string];
  limited: [status: "True" | "False", reason: string, message: string];
}

const STABILIZED_DOWN: [string, string] = [
  "ScaleDownStabilized",
  "recent recommendations were higher than current one, applying the highest recent recommendation",
];
const STABILIZED_UP: [string, string] = [
  "ScaleUpStabilized",
  "recent recommendations were lower than current one, applying the lowest recent recommendation",
];
const READY: [string, string] = ["ReadyForNewScale", "recommended size matches current size"];
const WITHIN = ["DesiredWithinRange", "the desired count is within the acceptable range"] as const;
const UP_LIMIT = ["ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"] as const;
const DOWN_LIMIT = ["ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"] as const;
const TOO_MANY = ["TooManyReplicas", "the desired replica count is more than the maximum replica count"] as const;
const TOO_FEW = ["TooFewReplicas", "the desired replica count is less than the minimum replica count"] as const;

function record(list: Timestamped[], now: number, value: number, cutoff: number): void {
  const old = list.findIndex((r) => r.at < cutoff);
  if (old >= 0) list[old] = { at: now, value };
  else list.push({ at: now, value });
}

export function normalize(
  state: ScalerState,
  behavior: Behavior | undefined,
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
): Normalized {
  if (!behavior) {
    // stabilizeRecommendation + convertDesiredReplicasWithRules
    const cutoff = now - DOWNSCALE_STABILIZATION_MS;
    let stabilized = desired;
    for (const r of state.recommendations) if (r.at >= cutoff && r.value > stabilized) stabilized = r.value;
    record(state.recommendations, now, desired, cutoff);
    const scaleUpLimit = Math.max(2 * current, 4);
    const [maxAllowed, lim] = max > scaleUpLimit ? [scaleUpLimit, UP_LIMIT] : [max, TOO_MANY];
    let replicas = stabilized;
    let limited: Normalized["limited"] = ["False", ...WITHIN];
    if (stabilized < min) [replicas, limited] = [min, ["True", ...TOO_FEW]];
    else if (stabilized > maxAllowed) [replicas, limited] = [maxAllowed, ["True", ...lim]];
    return { replicas, ableToScale: stabilized !== desired ? STABILIZED_DOWN : READY, limited };
  }
  // stabilizeRecommendationWithBehaviors
  const upWindow = (behavior.scaleUp?.stabilizationWindowSeconds ?? 0) * 1000;
  const downWindow = (behavior.scaleDown?.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000) * 1000;
  const up = desired >= current;
  const cutoff = now - (up ? upWindow : downWindow);
  let stabilized = desired;
  for (const r of state.recommendations) if (r.at > cutoff) stabilized = up ? Math.min(stabilized, r.value) : Math.max(stabilized, r.value);
  record(state.recommendations, now, desired, now - Math.max(upWindow, downWindow));
  const ableToScale = stabilized !== desired ? (up ? STABILIZED_UP : STABILIZED_DOWN) : READY;
  // convertDesiredReplicasWithBehaviorRate
  let replicas = stabilized;
  let limited: Normalized["limited"] = ["False", ...WITHIN];
  if (stabilized > current) {
    const limit = Math.max(current, rateLimit(state, behavior.scaleUp, now, current, "up"));
    const [maxAllowed, lim] = max > limit ? [limit, UP_LIMIT] : [max, TOO_MANY];
    if (stabilized > maxAllowed) [replicas, limited] = [maxAllowed, ["True", ...lim]];
  } else if (stabilized < current) {
    const limit = Math.min(current, rateLimit(state, behavior.scaleDown, now, current, "down"));
    const [minAllowed, lim] = min < limit ? [limit, DOWN_LIMIT] : [min, TOO_FEW];
    if (stabilized < minAllowed) [replicas, limited] = [minAllowed, ["True", ...lim]];
  }
  return { replicas, ableToScale, limited };
}

function changeIn(events: Timestamped[], now: number, periodSeconds: number): number {
  const cutoff = now - periodSeconds * 1000;
  return events.filter((e) => e.at > cutoff).reduce((n, e) => n + e.value, 0);
}

/** calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors */
function rateLimit(state: ScalerState, rules: ScalingRules | undefined, now: number, current: number, dir: "up" | "down"): number {
  const select = rules?.selectPolicy ?? "Max";
  if (select === "Disabled") return current;
  const pick = (dir === "up") === (select === "Max") ? Math.max : Math.min;
  let result = pick === Math.max ? -Infinity : Infinity;
  for (const p of rules?.policies ?? []) {
    const start = current - changeIn(state.scaleUpEvents, now, p.periodSeconds) + changeIn(state.scaleDownEvents, now, p.periodSeconds);
    const proposed =
      dir === "up"
        ? p.type === "Pods"
          ? start + p.value
          : Math.ceil(start * (1 + p.value / 100))
        : p.type === "Pods"
          ? start - p.value
          : Math.trunc(start * (1 - p.value / 100));
    result = pick(result, proposed);
  }
  return Number.isFinite(result) ? result : current;
}

/** storeScaleEvent: only HPAs with a behavior keep scale events */
export function recordScaleEvent(state: ScalerState, behavior: Behavior | undefined, now: number, from: number, to: number): void {
  if (!behavior) return;
  const longest = (r?: ScalingRules) => Math.max(0, ...(r?.policies ?? []).map((p) => p.periodSeconds)) * 1000;
  state.scaleUpEvents = state.scaleUpEvents.filter((e) => e.at > now - longest(behavior.scaleUp));
  state.scaleDownEvents = state.scaleDownEvents.filter((e) => e.at > now - longest(behavior.scaleDown));
  if (to > from) state.scaleUpEvents.push({ at: now, value: to - from });
  else if (to < from) state.scaleDownEvents.push({ at: now, value: from - to });
}
