/**
 * horizontal-pod-autoscaler (pkg/controller/podautoscaler, autoscaling/v2): every 15 s while an
 * HPA exists, reads its target through the scale subresource's view (spec.replicas and the
 * selector), computes the desired replicas from Resource metrics (cpu/memory, Utilization or
 * AverageValue) of the simulated metrics pipeline (./metrics), stabilizes and limits them,
 * scales through the scale subresource, and writes status (currentReplicas, desiredReplicas,
 * currentMetrics, lastScaleTime, conditions AbleToScale/ScalingActive/ScalingLimited) with
 * upstream's reasons, messages and events (SuccessfulRescale, FailedGetScale, ...).
 * With no HPA left, it holds no timer.
 */
import { tryParseQuantity } from "../../../api/quantity";
import { labelSelectorAsSelector, parseLabelSelector, type LabelSelector, type MetaLabelSelector } from "../../../api/selectors";
import type { KubeObject } from "../../../api/types";
import { getResourceForKind } from "../../../registry";
import { defineController, type ClusterComponent, type ControllerEnv } from "../common/base";
import { HPAS, PODS, errMessage, isNotFound, rfc3339, splitKey, type Condition } from "../common/util";
import { normalize, recordScaleEvent, type Behavior, type ScalerState } from "./behavior";
import { podCPUMilli, podMemoryBytes, type LoadGenerator } from "./metrics";
import { resourceReplicas } from "./replicas";

export * from "./metrics";
export const HPA_CONTROLLER = "horizontal-pod-autoscaler";
export const SYNC_PERIOD_MS = 15_000;

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string } };
}
interface HpaSpec {
  scaleTargetRef: { apiVersion?: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: Behavior;
}

export interface HpaOptions {
  /** workload load set by lessons (see createLoadGenerator) */
  loads?: LoadGenerator;
  /** horizontal-pod-autoscaler-sync-period (default 15 s) */
  syncPeriodMs?: number;
}

export function horizontalPodAutoscaler(opts: HpaOptions = {}): ClusterComponent {
  const period = opts.syncPeriodMs ?? SYNC_PERIOD_MS;
  const states = new Map<string, ScalerState>();
  return defineController(HPA_CONTROLLER, (env) => {
    const hpas = env.informer(HPAS);
    const pods = env.informer(PODS);
    hpas.addEventHandler({
      onAdd: (h) => env.enqueue(`${h.metadata.namespace}/${h.metadata.name}`),
      onUpdate: (o, h) => o.metadata.generation !== h.metadata.generation && env.enqueue(`${h.metadata.namespace}/${h.metadata.name}`),
      onDelete: (h) => states.delete(`${h.metadata.namespace}/${h.metadata.name}`),
    });
    return async (key) => {
      const hpa = hpas.get(key);
      if (!hpa || hpa.metadata.deletionTimestamp) return void states.delete(key);
      let state = states.get(key);
      if (!state) states.set(key, (state = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] }));
      await reconcileAutoscaler(env, hpa, key, state, pods.list(hpa.metadata.namespace), opts.loads);
      return { requeueAfterMs: period };
    };
  });
}

function metricName(m: MetricSpec): string {
  const r = m.resource!;
  return r.target.type === "Utilization" ? `${r.name} resource utilization (percentage of request)` : `${r.name} resource`;
}

async function reconcileAutoscaler(
  env: ControllerEnv,
  hpa: KubeObject,
  key: string,
  state: ScalerState,
  nsPods: KubeObject[],
  loads?: LoadGenerator,
): Promise<void> {
  const [ns] = splitKey(key);
  const spec = hpa.spec as HpaSpec;
  const client = env.ctx.client;
  const now = env.now();
  const conditions: Condition[] = ((hpa.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).map((c) => ({ ...c }));
  const set = (type: string, status: string, reason: string, message: string) => {
    const c = conditions.find((x) => x.type === type);
    if (c) {
      if (c.status !== status) c.lastTransitionTime = rfc3339(now);
      Object.assign(c, { status, reason, message });
    } else conditions.push({ type, status, lastTransitionTime: rfc3339(now), reason, message });
  };
  const prev = (hpa.status ?? {}) as {
    currentReplicas?: number;
    desiredReplicas?: number;
    lastScaleTime?: string;
    currentMetrics?: unknown[];
  };
  const writeStatus = async (status: Record<string, unknown>) => {
    const next = { ...status, conditions };
    try {
      const updated = await client.update(HPAS, ns, { ...hpa, status: next }, { subresource: "status" });
      return updated;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      return undefined;
    }
  };

  // the target's scale: replicas and selector
  const ref = spec.scaleTargetRef;
  const group = ref.apiVersion?.includes("/") ? ref.apiVersion.split("/")[0]! : "";
  const def = getResourceForKind(group, ref.kind);
  let target: KubeObject | undefined;
  let failure: string | undefined;
  if (!def?.scale && !(def && def.subresources?.some((s) => s.name === "scale")))
    failure = `no matches for kind "${ref.kind}" in group "${group}"`;
  else {
    try {
      target = await client.get({ group: def.group, version: def.version, resource: def.resource }, ns, ref.name);
    } catch (e) {
      failure = errMessage(e);
    }
  }
  if (!target || !def) {
    env.event(hpa, "Warning", "FailedGetScale", failure ?? "");
    set("AbleToScale", "False", "FailedGetScale", `the HPA controller was unable to get the target's current scale: ${failure}`);
    await writeStatus({ ...prev, currentReplicas: prev.currentReplicas ?? 0, desiredReplicas: prev.desiredReplicas ?? 0 });
    env.trace("sync", hpa, key, "failed", `FailedGetScale: ${failure}`);
    return;
  }
  const paths = def.scale ?? {
    specReplicasPath: "spec.replicas",
    statusReplicasPath: "status.replicas",
    labelSelectorPath: "spec.selector",
  };
  const current = Number(getPath(target, paths.specReplicasPath) ?? 0);
  const rawSel = paths.labelSelectorPath ? getPath(target, paths.labelSelectorPath) : undefined;
  const selector: LabelSelector | undefined =
    typeof rawSel === "string" ? parseLabelSelector(rawSel) : rawSel ? labelSelectorAsSelector(rawSel as MetaLabelSelector) : undefined;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;

  let desired = 0;
  let reason = "";
  let currentMetrics: unknown[] = prev.currentMetrics ?? [];
  if (current === 0 && min !== 0) {
    set("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
  } else if (current > max) {
    desired = max;
    reason = "Current number of replicas above Spec.MaxReplicas";
  } else if (current < min) {
    desired = min;
    reason = "Current number of replicas below Spec.MinReplicas";
  } else {
    // computeReplicasForMetrics: the largest proposal wins
    const pods = selector ? nsPods.filter((p) => selector.matches(p.metadata.labels ?? {})) : [];
    let best = -1;
    let bestName = "";
    /** per invalid metric: the error computeReplicasForMetric returns and the ScalingActive condition it proposes */
    const invalid: { err: string; reason: string; message: string }[] = [];
    currentMetrics = [];
    for (const m of spec.metrics ?? []) {
      if (m.type !== "Resource" || !m.resource) {
        // only the resource metrics API (metrics.k8s.io) is simulated; custom/external metrics APIs are absent
        const reason = `FailedGet${m.type}Metric`;
        const err = `unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered`;
        env.event(hpa, "Warning", reason, err);
        invalid.push({ err, reason, message: `the HPA was unable to compute the replica count: ${err}` });
        continue;
      }
      const r = m.resource;
      try {
        const usage = (p: KubeObject) => (r.name === "cpu" ? podCPUMilli(p, nsPods, loads) : podMemoryBytes(p));
        const t =
          r.target.type === "Utilization"
            ? { utilization: r.target.averageUtilization ?? 80 }
            : { averageValue: quantityIn(r.target.averageValue ?? "0", r.name) };
        let prop;
        try {
          prop = resourceReplicas(current, pods, r.name, usage, t);
        } catch (e) {
          throw new Error(`failed to get ${r.name} utilization: ${errMessage(e)}`);
        }
        const avg = r.name === "cpu" ? `${prop.rawAverage}m` : String(prop.rawAverage);
        currentMetrics.push({
          type: "Resource",
          resource: {
            name: r.name,
            current: { ...(prop.utilization !== undefined ? { averageUtilization: prop.utilization } : {}), averageValue: avg },
          },
        });
        if (prop.replicas > best) [best, bestName] = [prop.replicas, metricName(m)];
      } catch (e) {
        // getUnableComputeReplicaCountCondition
        env.event(hpa, "Warning", "FailedGetResourceMetric", errMessage(e));
        invalid.push({
          err: `failed to get ${r.name} resource metric value: ${errMessage(e)}`,
          reason: "FailedGetResourceMetric",
          message: `the HPA was unable to compute the replica count: ${errMessage(e)}`,
        });
      }
    }
    // all metrics invalid, or some invalid while the valid ones would scale down: do nothing
    const total = (spec.metrics ?? []).length;
    if (invalid.length > 0 && (invalid.length >= total || best < current)) {
      const first = invalid[0]!;
      const err = `invalid metrics (${invalid.length} invalid out of ${total}), first error is: ${first.err}`;
      set("ScalingActive", "False", first.reason, first.message);
      await writeStatus({
        ...prev,
        currentReplicas: current,
        desiredReplicas: prev.desiredReplicas ?? current,
        ...(currentMetrics.length ? { currentMetrics } : {}),
      });
      env.event(hpa, "Warning", "FailedComputeMetricsReplicas", err);
      env.trace("sync", hpa, key, "failed", err);
      return;
    }
    if (best < 0) best = current;
    set("ScalingActive", "True", "ValidMetricFound", `the HPA was able to successfully calculate a replica count from ${bestName}`);
    const n = normalize(state, spec.behavior, now, current, best, min, max);
    set("AbleToScale", "True", n.ableToScale[0], n.ableToScale[1]);
    set("ScalingLimited", n.limited[0], n.limited[1], n.limited[2]);
    desired = n.replicas;
    reason = desired < current ? "All metrics below target" : `${bestName} above target`;
  }

  let lastScaleTime = prev.lastScaleTime;
  if (desired !== current && !(current === 0 && min !== 0)) {
    try {
      await client.update(
        { group: def.group, version: def.version, resource: def.resource },
        ns,
        { apiVersion: "autoscaling/v1", kind: "Scale", metadata: { name: ref.name, namespace: ns }, spec: { replicas: desired } },
        { subresource: "scale" },
      );
    } catch (e) {
      env.event(hpa, "Warning", "FailedRescale", `New size: ${desired}; reason: ${reason}; error: ${errMessage(e)}`);
      set("AbleToScale", "False", "FailedUpdateScale", `the HPA controller was unable to update the target scale: ${errMessage(e)}`);
      await writeStatus({ ...prev, currentReplicas: current, desiredReplicas: desired, currentMetrics });
      throw e;
    }
    set("AbleToScale", "True", "SucceededRescale", `the HPA controller was able to update the target scale to ${desired}`);
    env.event(hpa, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
    recordScaleEvent(state, spec.behavior, now, current, desired);
    lastScaleTime = rfc3339(now);
    env.trace("rescale", hpa, key, "scaled", `${ref.kind}/${ref.name} ${current} → ${desired}: ${reason}`);
  } else {
    env.trace("sync", hpa, key, "unchanged", `${ref.kind}/${ref.name} stays at ${current}`);
    desired = current === 0 && min !== 0 ? 0 : desired;
  }
  await writeStatus({
    ...(lastScaleTime ? { lastScaleTime } : {}),
    currentReplicas: current,
    desiredReplicas: desired,
    ...(currentMetrics.length ? { currentMetrics } : {}),
  });
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

function quantityIn(q: string, resource: string): number {
  const p = tryParseQuantity(q);
  return (resource === "cpu" ? p?.milliValue() : p?.value()) ?? 0;
}
