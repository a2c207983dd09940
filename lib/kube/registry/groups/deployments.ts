/**
 * apps/v1 deployments: pkg/registry/apps/deployment (strategy, storage) with the defaults of
 * pkg/apis/apps/v1/defaults.go and the checks of pkg/apis/apps/validation.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { ageColumn, ageOf, column, nameColumn, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from "../common";
import { groupDocs } from "./descriptions";
import { goLabelSelector, selectorString } from "./selector";
import { intOrPercentValue, goIntOrString, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./intstr";
import { asObject, child, deepEqual, getPath, num, setDefault, spec, specOf, validateImmutable, validateNonnegative } from "./util";
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
  validateControllerSelector,
  validateTemplateForController,
} from "./workload";

/** SetDefaults_Deployment plus the pod template defaults */
export function defaultDeployment(obj: KubeObject): void {
  const s = spec(obj);
  setDefault(s, "replicas", 1);
  const strategy = child(s, "strategy");
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = child(strategy, "rollingUpdate");
    setDefault(ru, "maxUnavailable", "25%");
    setDefault(ru, "maxSurge", "25%");
  }
  setDefault(s, "revisionHistoryLimit", 10);
  setDefault(s, "progressDeadlineSeconds", 600);
  defaultTemplate(obj);
}

/** ValidateDeploymentStrategy / ValidateRollingUpdateDeployment */
function validateStrategy(strategy: unknown, path: string): FieldError[] {
  const st = asObject(strategy) ?? {};
  const errs: FieldError[] = [];
  if (st.type === "Recreate") {
    if (st.rollingUpdate !== undefined && st.rollingUpdate !== null)
      errs.push(fieldError.forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
  } else if (st.type === "RollingUpdate") {
    const ru = asObject(st.rollingUpdate);
    if (!ru) errs.push(fieldError.required(`${path}.rollingUpdate`, "this should be defaulted and never be nil"));
    else {
      const p = `${path}.rollingUpdate`;
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(fieldError.invalid(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), "may not be 0 when `maxSurge` is 0"));
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
    }
  } else {
    errs.push(fieldError.notSupported(path, st.type ?? "", ["Recreate", "RollingUpdate"]));
  }
  return errs;
}

/** ValidateDeploymentSpec */
export function validateDeploymentSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(s.replicas, "spec.replicas"));
  errs.push(...validateControllerSelector(s.selector, "spec.selector", "deployment"));
  errs.push(...validateTemplateForController(s.selector, s.template, "spec.template", "ReplicaSet"));
  errs.push(...validateStrategy(s.strategy, "spec.strategy"));
  errs.push(...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, "spec.revisionHistoryLimit"));
  const rollbackTo = asObject(s.rollbackTo);
  if (rollbackTo) errs.push(...validateNonnegative(rollbackTo.revision, "spec.rollback.version"));
  if (typeof s.progressDeadlineSeconds === "number") {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, "spec.progressDeadlineSeconds"));
    if (s.progressDeadlineSeconds <= num(s.minReadySeconds))
      errs.push(fieldError.invalid("spec.progressDeadlineSeconds", s.progressDeadlineSeconds, "must be greater than minReadySeconds"));
  }
  return errs;
}

export const deploymentPrinter = {
  columns: [
    nameColumn,
    column("Ready", "string", "Number of the pod with ready state"),
    column("Up-to-date", "string", groupDocs["DeploymentStatus.updatedReplicas"]),
    column("Available", "string", groupDocs["DeploymentStatus.availableReplicas"]),
    ageColumn,
    containersColumn,
    imagesColumn,
    column("Selector", "string", groupDocs["DeploymentSpec.selector"], 1),
  ],
  cells(obj: KubeObject, now: number) {
    const [names, images] = templateContainers(obj);
    return [
      obj.metadata.name ?? "",
      readyOfDesired(obj),
      num(getPath(obj, "status.updatedReplicas")),
      num(getPath(obj, "status.availableReplicas")),
      ageOf(obj, now),
      names,
      images,
      selectorString(getPath(obj, "spec.selector")) ?? "<invalid>",
    ];
  },
};

export const deployments: ResourceDefinition = {
  group: "apps",
  version: "v1",
  resource: "deployments",
  singular: "deployment",
  kind: "Deployment",
  listKind: "DeploymentList",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("apps", "v1", "Deployment"), scaleSubresource],
  storageResource: "deployments",
  statusSubresource: true,
  defaults: defaultDeployment,
  prepareForCreate(obj) {
    resetStatusForCreate(obj);
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
    // annotation changes bump the generation too (they are copied to the ReplicaSets);
    // spec changes are counted by the API server for every status-subresource resource
    if (deepEqual(obj.spec, old.spec) && !deepEqual(obj.metadata.annotations ?? {}, old.metadata.annotations ?? {}))
      obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(obj)];
  },
  validateUpdate(obj, old) {
    const sel = getPath(obj, "spec.selector");
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateDeploymentSpec(obj),
      ...validateImmutable(sel, getPath(old, "spec.selector"), "spec.selector", goLabelSelector(sel)),
    ];
  },
  printer: deploymentPrinter,
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" },
};
