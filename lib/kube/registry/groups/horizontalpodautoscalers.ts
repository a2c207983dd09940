/**
 * autoscaling/v2 horizontalpodautoscalers: pkg/registry/autoscaling/horizontalpodautoscaler
 * with SetDefaults_HorizontalPodAutoscaler (+ behavior rules) and the spec validation
 * (replica bounds, scaleTargetRef, metric sources; behavior policies are not checked).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, nameIsPathSegment, parseQuantity, quantityString, simpleDefinition } from "../common";
import { groupDocs } from "./descriptions";
import { asArray, asObject, getPath, num, setDefault, spec, specOf, statusOf } from "./util";
import { keepStatus, statusSubresource } from "./workload";

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] };

function defaultRules(behavior: Record<string, unknown>, key: string, def: Record<string, unknown>): void {
  const rules = asObject(behavior[key]);
  if (!rules) {
    behavior[key] = structuredClone(def);
    return;
  }
  for (const [k, v] of Object.entries(def)) setDefault(rules, k, structuredClone(v));
}

export function defaultHpa(obj: KubeObject): void {
  const s = spec(obj);
  setDefault(s, "minReplicas", 1);
  if (asArray(s.metrics).length === 0)
    s.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  const behavior = asObject(s.behavior);
  if (behavior) {
    defaultRules(behavior, "scaleUp", SCALE_UP);
    defaultRules(behavior, "scaleDown", SCALE_DOWN);
  }
}

const SOURCE_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const has = (v: unknown) => v !== undefined && v !== null;

function validateTarget(t: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t.type) errs.push(fieldError.required(`${path}.type`, "must specify a metric target type"));
  if (t.type !== "Utilization" && t.type !== "Value" && t.type !== "AverageValue")
    errs.push(fieldError.invalid(`${path}.type`, t.type ?? "", "must be either Utilization, Value, or AverageValue"));
  for (const f of ["value", "averageValue"])
    if (has(t[f]) && !((parseQuantity(t[f]) ?? 0) > 0)) errs.push(fieldError.invalid(`${path}.${f}`, quantityString(t[f]), "must be positive"));
  if (typeof t.averageUtilization === "number" && t.averageUtilization < 1)
    errs.push(fieldError.invalid(`${path}.averageUtilization`, t.averageUtilization, "must be greater than 0"));
  return errs;
}

function validateMetric(m: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = typeof m.type === "string" ? m.type : "";
  if (type === "") errs.push(fieldError.required(`${path}.type`, "must specify a metric source type"));
  if (!SOURCE_TYPES.includes(type)) errs.push(fieldError.notSupported(`${path}.type`, type, SOURCE_TYPES));
  const present = ["object", "pods", "resource", "containerResource", "external"].filter((k) => has(m[k]));
  const expected = type.charAt(0).toLowerCase() + type.slice(1);
  const res = asObject(m.resource);
  if (res && present.length >= 1 && present[0] === "resource") {
    const p = `${path}.resource`;
    if (!res.name) errs.push(fieldError.required(`${p}.name`, "must specify a resource name"));
    const t = asObject(res.target) ?? {};
    errs.push(...validateTarget(t, `${p}.target`));
    if (!has(t.averageUtilization) && !has(t.averageValue))
      errs.push(fieldError.required(`${p}.target.averageUtilization`, "must set either a target raw value or a target utilization"));
    if (has(t.averageUtilization) && has(t.averageValue))
      errs.push(fieldError.forbidden(`${p}.target.averageValue`, "may not set both a target raw value and a target utilization"));
  }
  if (!present.includes(type.toLowerCase()) && !present.includes(expected))
    errs.push(fieldError.required(`${path}.${type.toLowerCase()}`, "must populate information for the given metric source"));
  if (present.length !== 1)
    for (const k of present.filter((k) => k !== expected)) errs.push(fieldError.forbidden(`${path}.${k}`, "must populate the given metric source only"));
  return errs;
}

export function validateHpaSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  if (typeof s.minReplicas === "number" && s.minReplicas < 1) errs.push(fieldError.invalid("spec.minReplicas", s.minReplicas, "must be greater than or equal to 1"));
  const max = num(s.maxReplicas);
  if (max < 1) errs.push(fieldError.invalid("spec.maxReplicas", max, "must be greater than 0"));
  if (typeof s.minReplicas === "number" && max < s.minReplicas) errs.push(fieldError.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
  const ref = asObject(s.scaleTargetRef) ?? {};
  const refErrs: FieldError[] = [];
  for (const f of ["kind", "name"]) {
    const v = typeof ref[f] === "string" ? (ref[f] as string) : "";
    if (v === "") refErrs.push(fieldError.required(`spec.scaleTargetRef.${f}`, ""));
    else for (const m of nameIsPathSegment(v, false)) refErrs.push(fieldError.invalid(`spec.scaleTargetRef.${f}`, v, m));
  }
  if (refErrs.length > 0) return [...errs, ...refErrs];
  asArray(s.metrics).forEach((m, i) => errs.push(...validateMetric(asObject(m) ?? {}, `spec.metrics[${i}]`)));
  return errs;
}

/** formatHPAMetrics: the first two metrics as "<current>/<target>", then "+ N more..." */
export function formatHpaMetrics(obj: KubeObject): string {
  const specs = asArray(specOf(obj).metrics).map((m) => asObject(m) ?? {});
  if (specs.length === 0) return "<none>";
  const statuses = asArray(statusOf(obj).currentMetrics).map((m) => asObject(m) ?? {});
  const q = (v: unknown) => quantityString(v);
  const list = specs.map((m, i) => {
    const st = statuses[i];
    switch (m.type) {
      case "Resource":
      case "ContainerResource": {
        const key = m.type === "Resource" ? "resource" : "containerResource";
        const src = asObject(m[key]) ?? {};
        const target = asObject(src.target) ?? {};
        const cur = asObject(getPath(st?.[key], "current"));
        if (has(target.averageValue)) return `${String(src.name ?? "")}: ${cur && has(cur.averageValue) ? q(cur.averageValue) : "<unknown>"}/${q(target.averageValue)}`;
        const current = cur && typeof cur.averageUtilization === "number" ? `${cur.averageUtilization}%` : "<unknown>";
        const tgt = typeof target.averageUtilization === "number" ? `${target.averageUtilization}%` : "<auto>";
        return `${String(src.name ?? "")}: ${current}/${tgt}`;
      }
      case "Pods": {
        const cur = asObject(getPath(st?.pods, "current"));
        return `${cur ? q(cur.averageValue) : "<unknown>"}/${q(getPath(m.pods, "target.averageValue"))}`;
      }
      case "Object":
      case "External": {
        const key = m.type === "Object" ? "object" : "external";
        const target = asObject(getPath(m[key], "target")) ?? {};
        const cur = asObject(getPath(st?.[key], "current"));
        if (has(target.averageValue)) return `${cur && has(cur.averageValue) ? q(cur.averageValue) : "<unknown>"}/${q(target.averageValue)} (avg)`;
        return `${cur ? q(cur.value) : "<unknown>"}/${q(target.value)}`;
      }
      default:
        return "<unknown type>";
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...` : list.join(", ");
}

export const hpaPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Reference", "string", groupDocs["HorizontalPodAutoscalerSpec.scaleTargetRef"]),
    column("Targets", "string", groupDocs["HorizontalPodAutoscalerSpec.metrics"]),
    column("MinPods", "string", groupDocs["HorizontalPodAutoscalerSpec.minReplicas"]),
    column("MaxPods", "string", groupDocs["HorizontalPodAutoscalerSpec.maxReplicas"]),
    column("Replicas", "string", groupDocs["HorizontalPodAutoscalerStatus.currentReplicas"]),
    ageColumn,
  ],
  cells(obj, now) {
    const s = specOf(obj);
    const ref = asObject(s.scaleTargetRef) ?? {};
    return [
      obj.metadata.name ?? "",
      `${String(ref.kind ?? "")}/${String(ref.name ?? "")}`,
      formatHpaMetrics(obj),
      typeof s.minReplicas === "number" ? String(s.minReplicas) : "<unset>",
      num(s.maxReplicas),
      num(statusOf(obj).currentReplicas),
      ageOf(obj, now),
    ];
  },
};

export const horizontalpodautoscalers: ResourceDefinition = simpleDefinition({
  group: "autoscaling",
  version: "v2",
  resource: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  kind: "HorizontalPodAutoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  subresources: [statusSubresource("autoscaling", "v2", "HorizontalPodAutoscaler")],
  statusSubresource: true,
  defaults: defaultHpa,
  prepareForCreate(obj) {
    obj.status = { desiredReplicas: 0 };
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validate: validateHpaSpec,
  printer: hpaPrinter,
});
