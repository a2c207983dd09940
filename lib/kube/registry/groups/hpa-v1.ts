/**
 * autoscaling/v1 HorizontalPodAutoscalers, for kubectl 1.27–1.32 whose `kubectl autoscale`
 * creates autoscaling/v1 objects. Upstream stores HPAs once (autoscaling/v2) and converts;
 * this module offers that conversion and a v1 definition over the same storage.
 *
 * NOT REGISTERED in `groupResources`: serving it needs the API server to convert between
 * versions on read and write (as for events.k8s.io). Simplification against upstream: v2
 * metrics other than the CPU utilization target (and behavior/conditions) are not carried
 * in the `autoscaling.alpha.kubernetes.io/*` annotations, so a v1 round trip drops them.
 */
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../types";
import { asArray, asObject, setDefault, spec, specOf, statusOf } from "./util";
import { defaultHpa, hpaPrinter, horizontalpodautoscalers, validateHpaSpec } from "./horizontalpodautoscalers";

const present = (v: unknown) => v !== undefined && v !== null;

function cpuMetric(metrics: unknown, key: "target" | "current"): number | undefined {
  for (const raw of asArray(metrics)) {
    const m = asObject(raw) ?? {};
    const res = asObject(m.resource);
    if (m.type !== "Resource" || res?.name !== "cpu") continue;
    const v = asObject(res[key])?.averageUtilization;
    if (typeof v === "number" && (key === "current" || asObject(res.target)?.type === "Utilization")) return v;
  }
  return undefined;
}

/** autoscaling/v1 -> autoscaling/v2 */
export function hpaV1ToV2(v1: KubeObject): KubeObject {
  const s = specOf(v1);
  const st = statusOf(v1);
  const out: KubeObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: structuredClone(v1.metadata) };
  const outSpec: Record<string, unknown> = { scaleTargetRef: structuredClone(s.scaleTargetRef ?? {}), maxReplicas: s.maxReplicas ?? 0 };
  if (present(s.minReplicas)) outSpec.minReplicas = s.minReplicas;
  if (typeof s.targetCPUUtilizationPercentage === "number")
    outSpec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: s.targetCPUUtilizationPercentage } } }];
  out.spec = outSpec;
  if (v1.status !== undefined) {
    const outStatus: Record<string, unknown> = {};
    for (const f of ["observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"]) if (present(st[f])) outStatus[f] = st[f];
    if (typeof st.currentCPUUtilizationPercentage === "number")
      outStatus.currentMetrics = [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: st.currentCPUUtilizationPercentage } } }];
    out.status = outStatus;
  }
  return out;
}

/** autoscaling/v2 -> autoscaling/v1 */
export function hpaV2ToV1(v2: KubeObject): KubeObject {
  const s = specOf(v2);
  const st = statusOf(v2);
  const out: KubeObject = { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: structuredClone(v2.metadata) };
  const outSpec: Record<string, unknown> = { scaleTargetRef: structuredClone(s.scaleTargetRef ?? {}), maxReplicas: s.maxReplicas ?? 0 };
  if (present(s.minReplicas)) outSpec.minReplicas = s.minReplicas;
  const target = cpuMetric(s.metrics, "target");
  if (target !== undefined) outSpec.targetCPUUtilizationPercentage = target;
  out.spec = outSpec;
  if (v2.status !== undefined) {
    const outStatus: Record<string, unknown> = {};
    for (const f of ["observedGeneration", "lastScaleTime", "currentReplicas", "desiredReplicas"]) if (present(st[f])) outStatus[f] = st[f];
    const current = cpuMetric(st.currentMetrics, "current");
    if (current !== undefined) outStatus.currentCPUUtilizationPercentage = current;
    setDefault(outStatus, "currentReplicas", 0);
    setDefault(outStatus, "desiredReplicas", 0);
    out.status = outStatus;
  }
  return out;
}

const asV2 = (obj: KubeObject) => (obj.apiVersion === "autoscaling/v1" ? hpaV1ToV2(obj) : obj);

/** autoscaling/v1 definition over the v2 storage (see the module note: needs API server conversion) */
export const horizontalpodautoscalersV1: ResourceDefinition = {
  ...horizontalpodautoscalers,
  version: "v1",
  subresources: [{ name: "status", responseKind: { group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler" }, verbs: ["get", "patch", "update"] }],
  /** v1 SetDefaults_HorizontalPodAutoscaler: minReplicas only */
  defaults(obj) {
    setDefault(spec(obj), "minReplicas", 1);
  },
  prepareForCreate(obj) {
    obj.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  validateCreate(obj, ctx) {
    const v2 = asV2(obj);
    defaultHpa(v2);
    return horizontalpodautoscalers.validateCreate?.(v2, ctx) ?? validateHpaSpec(v2);
  },
  validateUpdate(obj, old, ctx) {
    const v2 = asV2(obj);
    defaultHpa(v2);
    return horizontalpodautoscalers.validateUpdate?.(v2, asV2(old), ctx) ?? validateHpaSpec(v2);
  },
  printer: {
    columns: hpaPrinter.columns,
    cells(obj, now) {
      const v2 = structuredClone(asV2(obj));
      defaultHpa(v2);
      return hpaPrinter.cells(v2, now);
    },
  },
};
