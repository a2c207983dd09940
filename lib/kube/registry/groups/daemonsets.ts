/**
 * apps/v1 daemonsets: pkg/registry/apps/daemonset with SetDefaults_DaemonSet and
 * ValidateDaemonSetSpec. The internal spec.templateGeneration lives, in apps/v1, in the
 * `deprecated.daemonset.template.generation` annotation, as upstream's conversion keeps it.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import {
  ageColumn,
  ageOf,
  column,
  formatLabels,
  nameColumn,
  nameIsDNSSubdomain,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePodTemplateSpec,
  type LabelSelector,
} from "../common";
import { groupDocs } from "./descriptions";
import { formatLabelSelector, goLabelSelector, goStringMap, selectorMatches, selectorValid } from "./selector";
import { goIntOrString, intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./intstr";
import { asObject, asStringMap, child, deepEqual, getPath, num, setDefault, spec, specOf, validateImmutable, validateNonnegative } from "./util";
import {
  STANDARD_VERBS,
  containersColumn,
  defaultTemplate,
  imagesColumn,
  keepStatus,
  resetStatusForCreate,
  statusSubresource,
  templateContainers,
  validateAlwaysRestart,
} from "./workload";

export const TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

/** SetDefaults_DaemonSet plus the pod template defaults */
export function defaultDaemonSet(obj: KubeObject): void {
  const s = spec(obj);
  const us = child(s, "updateStrategy");
  if (!us.type) us.type = "RollingUpdate";
  if (us.type === "RollingUpdate") {
    const ru = child(us, "rollingUpdate");
    setDefault(ru, "maxUnavailable", 1);
    setDefault(ru, "maxSurge", 0);
  }
  setDefault(s, "revisionHistoryLimit", 10);
  defaultTemplate(obj);
}

function goDaemonSetStrategy(us: Record<string, unknown>): GoValue {
  const ru = asObject(us.rollingUpdate);
  const ruText = ru ? `&apps.RollingUpdateDaemonSet{MaxUnavailable:${goIntOrString(ru.maxUnavailable ?? 0).text}, MaxSurge:${goIntOrString(ru.maxSurge ?? 0).text}}` : "(*apps.RollingUpdateDaemonSet)(nil)";
  return new GoValue(`apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(String(us.type ?? ""))}, RollingUpdate:${ruText}}`);
}

/** ValidateDaemonSetUpdateStrategy / ValidateRollingUpdateDaemonSet */
function validateUpdateStrategy(us: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const path = "spec.updateStrategy";
  if (us.type === "OnDelete") return errs;
  if (us.type !== "RollingUpdate") return [fieldError.notSupported(path, goDaemonSetStrategy(us), ["RollingUpdate", "OnDelete"])];
  const ru = asObject(us.rollingUpdate);
  if (!ru) return [fieldError.required(`${path}.rollingUpdate`, "")];
  const p = `${path}.rollingUpdate`;
  errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
  errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
  errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
  errs.push(...validateNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(fieldError.invalid(`${p}.maxSurge`, goIntOrString(ru.maxSurge), "may not be set when maxUnavailable is non-zero"));
  else if (!hasUnavailable && !hasSurge) errs.push(fieldError.required(`${p}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
  return errs;
}

/** ValidateDaemonSetSpec (a nil selector matches nothing, so it fails the label match) */
export function validateDaemonSetSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  const sel = s.selector;
  if (sel !== undefined && sel !== null) errs.push(...validateLabelSelector(sel as LabelSelector, "spec.selector"));
  const labels = getPath(s.template, "metadata.labels");
  if (selectorValid(sel) && !selectorMatches(sel, asStringMap(labels)))
    errs.push(fieldError.invalid("spec.template.metadata.labels", goStringMap(labels), "`selector` does not match template `labels`"));
  const so = asObject(sel);
  if (so && Object.keys(asObject(so.matchLabels) ?? {}).length + (Array.isArray(so.matchExpressions) ? so.matchExpressions.length : 0) === 0)
    errs.push(fieldError.invalid("spec.selector", goLabelSelector(sel), "empty selector is invalid for daemonset"));
  errs.push(...validatePodTemplateSpec(asObject(s.template) ?? {}, "spec.template"));
  errs.push(...validateAlwaysRestart(s.template, "spec.template", "DaemonSet"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  errs.push(...validateUpdateStrategy(asObject(s.updateStrategy) ?? {}));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  return errs;
}

function templateGeneration(obj: KubeObject): number {
  const n = Number(obj.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]);
  return Number.isInteger(n) ? n : 0;
}

function setTemplateGeneration(obj: KubeObject, n: number): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(n) };
}

export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Desired", "integer", groupDocs["DaemonSetStatus.desiredNumberScheduled"]),
    column("Current", "integer", groupDocs["DaemonSetStatus.currentNumberScheduled"]),
    column("Ready", "integer", groupDocs["DaemonSetStatus.numberReady"]),
    column("Up-to-date", "integer", groupDocs["DaemonSetStatus.updatedNumberScheduled"]),
    column("Available", "integer", groupDocs["DaemonSetStatus.numberAvailable"]),
    column("Node Selector", "string", groupDocs["PodSpec.nodeSelector"]),
    ageColumn,
    containersColumn,
    imagesColumn,
    column("Selector", "string", groupDocs["DaemonSetSpec.selector"], 1),
  ],
  cells(obj, now) {
    const st = (k: string) => num(getPath(obj, `status.${k}`));
    const [names, images] = templateContainers(obj);
    return [
      obj.metadata.name ?? "",
      st("desiredNumberScheduled"),
      st("currentNumberScheduled"),
      st("numberReady"),
      st("updatedNumberScheduled"),
      st("numberAvailable"),
      formatLabels(asStringMap(getPath(obj, "spec.template.spec.nodeSelector"))),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(getPath(obj, "spec.selector")),
    ];
  },
};

export const daemonsets: ResourceDefinition = {
  group: "apps",
  version: "v1",
  resource: "daemonsets",
  singular: "daemonset",
  kind: "DaemonSet",
  listKind: "DaemonSetList",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("apps", "v1", "DaemonSet")],
  storageResource: "daemonsets",
  statusSubresource: true,
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    resetStatusForCreate(obj, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
    if (templateGeneration(obj) < 1) setTemplateGeneration(obj, 1);
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
    const oldGen = templateGeneration(old);
    if (!deepEqual(getPath(obj, "spec.template"), getPath(old, "spec.template"))) setTemplateGeneration(obj, oldGen + 1);
    else if (oldGen > 0) setTemplateGeneration(obj, oldGen);
  },
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateDaemonSetSpec(obj)];
  },
  validateUpdate(obj, old) {
    const sel = getPath(obj, "spec.selector");
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDaemonSetSpec(obj),
      ...validateImmutable(sel, getPath(old, "spec.selector"), "spec.selector", goLabelSelector(sel)),
    ];
  },
  printer: daemonSetPrinter,
};
