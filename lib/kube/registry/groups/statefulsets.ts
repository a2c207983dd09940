/**
 * apps/v1 statefulsets: pkg/registry/apps/statefulset with SetDefaults_StatefulSet and
 * ValidateStatefulSetSpec / ValidateStatefulSetUpdate. As upstream, the pod template is
 * checked only for selector match, labels and annotations (no PodSpec validation).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, nameIsDNSLabel, validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from "../common";
import { goLabelSelector, selectorValid } from "./selector";
import { goIntOrString, intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./intstr";
import { asArray, asObject, asStringMap, child, deepEqual, getPath, setDefault, spec, specOf, validateNonnegative } from "./util";
import {
  STANDARD_VERBS,
  containersColumn,
  defaultTemplate,
  imagesColumn,
  keepStatus,
  readyOfDesired,
  resetStatusForCreate,
  scaleSubresource,
  statusSubresource,
  templateContainers,
  validateAlwaysRestart,
  validateControllerSelector,
  validateSelectorMatchesTemplate,
} from "./workload";

/** SetDefaults_StatefulSet (MaxUnavailableStatefulSet is off in 1.33) plus template and PVC-template defaults */
export function defaultStatefulSet(obj: KubeObject): void {
  const s = spec(obj);
  if (!s.podManagementPolicy) s.podManagementPolicy = "OrderedReady";
  const us = child(s, "updateStrategy");
  if (!us.type) {
    us.type = "RollingUpdate";
    child(us, "rollingUpdate");
  }
  const ru = asObject(us.rollingUpdate);
  if (us.type === "RollingUpdate" && ru) setDefault(ru, "partition", 0);
  const retention = child(s, "persistentVolumeClaimRetentionPolicy");
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  setDefault(s, "replicas", 1);
  setDefault(s, "revisionHistoryLimit", 10);
  for (const raw of asArray(s.volumeClaimTemplates)) {
    const pvc = asObject(raw);
    if (!pvc) continue;
    const pvcSpec = child(pvc, "spec");
    if (!pvcSpec.volumeMode) pvcSpec.volumeMode = "Filesystem";
    const pvcStatus = child(pvc, "status");
    if (!pvcStatus.phase) pvcStatus.phase = "Pending";
  }
  defaultTemplate(obj);
}

function goRollingUpdate(ru: Record<string, unknown>): string {
  const mu = ru.maxUnavailable === undefined || ru.maxUnavailable === null ? "(*intstr.IntOrString)(nil)" : `&${goIntOrString(ru.maxUnavailable).text}`;
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${typeof ru.partition === "number" ? ru.partition : 0}, MaxUnavailable:${mu}}`;
}

function validateUpdateStrategy(us: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  const ru = asObject(us.rollingUpdate);
  switch (us.type) {
    case undefined:
    case null:
    case "":
      errs.push(fieldError.required("spec.updateStrategy", ""));
      break;
    case "OnDelete":
      if (ru) errs.push(fieldError.invalid("spec.updateStrategy.rollingUpdate", new GoValue(goRollingUpdate(ru)), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case "RollingUpdate":
      if (ru) {
        const p = "spec.updateStrategy.rollingUpdate";
        errs.push(...validateNonnegative(ru.partition, `${p}.partition`));
        if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
          errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
          if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(fieldError.invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "cannot be 0"));
          errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
        }
      }
      break;
    default: {
      const shown = `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(String(us.type))}, RollingUpdate:${ru ? `&${goRollingUpdate(ru)}` : "(*apps.RollingUpdateStatefulSetStrategy)(nil)"}}`;
      errs.push(fieldError.invalid("spec.updateStrategy", new GoValue(shown), "must be 'RollingUpdate' or 'OnDelete'"));
    }
  }
  return errs;
}

/** ValidateStatefulSetSpec */
export function validateStatefulSetSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  const pmp = s.podManagementPolicy;
  if (pmp === undefined || pmp === null || pmp === "") errs.push(fieldError.required("spec.podManagementPolicy", ""));
  else if (pmp !== "OrderedReady" && pmp !== "Parallel") errs.push(fieldError.invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateUpdateStrategy(asObject(s.updateStrategy) ?? {}));
  const retention = asObject(s.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const f of ["whenDeleted", "whenScaled"]) {
      const v = retention[f];
      if (v !== "Retain" && v !== "Delete") errs.push(fieldError.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, v ?? "", ["Retain", "Delete"]));
    }
  }
  errs.push(...validateNonnegative(s.replicas, "spec.replicas"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  const ordinals = asObject(s.ordinals);
  if (ordinals) errs.push(...validateNonnegative(ordinals.start, "spec.ordinals.start"));
  errs.push(...validateControllerSelector(s.selector, "spec.selector", "statefulset"));
  if (!selectorValid(s.selector)) errs.push(fieldError.invalid("spec.selector", goLabelSelector(s.selector), ""));
  else {
    const tpl = s.template;
    errs.push(...validateSelectorMatchesTemplate(s.selector, tpl, "spec.template.metadata.labels"));
    errs.push(...validateLabels(asStringMap(getPath(tpl, "metadata.labels")), "spec.template.labels"));
    errs.push(...validateAnnotations(asStringMap(getPath(tpl, "metadata.annotations")), "spec.template.annotations"));
  }
  errs.push(...validateAlwaysRestart(s.template, "spec.template", "StatefulSet"));
  return errs;
}

const MUTABLE_SPEC_FIELDS = ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy"];

/** ValidateStatefulSetUpdate: only the listed spec fields may change */
export function validateStatefulSetSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const strip = (o: KubeObject) => {
    const copy = { ...specOf(o) };
    for (const f of MUTABLE_SPEC_FIELDS) delete copy[f];
    return copy;
  };
  return deepEqual(strip(obj), strip(old))
    ? []
    : [
        fieldError.forbidden(
          "spec",
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      ];
}

export const statefulSetPrinter: TablePrinter = {
  columns: [nameColumn, column("Ready", "string", "Number of the pod with ready state"), ageColumn, containersColumn, imagesColumn],
  cells(obj, now) {
    const [names, images] = templateContainers(obj);
    return [obj.metadata.name ?? "", readyOfDesired(obj), ageOf(obj, now), names, images];
  },
};

export const statefulsets: ResourceDefinition = {
  group: "apps",
  version: "v1",
  resource: "statefulsets",
  singular: "statefulset",
  kind: "StatefulSet",
  listKind: "StatefulSetList",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("apps", "v1", "StatefulSet"), scaleSubresource],
  storageResource: "statefulsets",
  statusSubresource: true,
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    resetStatusForCreate(obj, { replicas: 0 });
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSLabel), ...validateStatefulSetSpec(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatefulSetSpec(obj), ...validateStatefulSetSpecUpdate(obj, old)];
  },
  printer: statefulSetPrinter,
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" },
};
