/**
 * apps/v1 replicasets: pkg/registry/apps/replicaset with SetDefaults_ReplicaSet and
 * ValidateReplicaSetSpec (whose empty-selector message says "deployment", as upstream's does).
 */
import type { KubeObject } from "../../api/types";
import type { FieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from "../common";
import { groupDocs } from "./descriptions";
import { formatLabelSelector, goLabelSelector } from "./selector";
import { getPath, num, setDefault, spec, specOf, validateImmutable, validateNonnegative } from "./util";
import {
  STANDARD_VERBS,
  containersColumn,
  defaultTemplate,
  imagesColumn,
  keepStatus,
  resetStatusForCreate,
  scaleSubresource,
  statusSubresource,
  templateContainers,
  validateControllerSelector,
  validateTemplateForController,
} from "./workload";

export function defaultReplicaSet(obj: KubeObject): void {
  setDefault(spec(obj), "replicas", 1);
  defaultTemplate(obj);
}

/** ValidateReplicaSetSpec */
export function validateReplicaSetSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  return [
    ...validateNonnegative(s.replicas, "spec.replicas"),
    ...validateNonnegative(s.minReadySeconds, "spec.minReadySeconds"),
    ...validateControllerSelector(s.selector, "spec.selector", "deployment"),
    ...validateTemplateForController(s.selector, s.template, "spec.template", "ReplicaSet"),
  ];
}

export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Desired", "integer", groupDocs["ReplicaSetSpec.replicas"]),
    column("Current", "integer", groupDocs["ReplicaSetStatus.replicas"]),
    column("Ready", "integer", groupDocs["ReplicaSetStatus.readyReplicas"]),
    ageColumn,
    containersColumn,
    imagesColumn,
    column("Selector", "string", groupDocs["ReplicaSetSpec.selector"], 1),
  ],
  cells(obj, now) {
    const [names, images] = templateContainers(obj);
    return [
      obj.metadata.name ?? "",
      num(getPath(obj, "spec.replicas")),
      num(getPath(obj, "status.replicas")),
      num(getPath(obj, "status.readyReplicas")),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(getPath(obj, "spec.selector")),
    ];
  },
};

export const replicasets: ResourceDefinition = {
  group: "apps",
  version: "v1",
  resource: "replicasets",
  singular: "replicaset",
  kind: "ReplicaSet",
  listKind: "ReplicaSetList",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("apps", "v1", "ReplicaSet"), scaleSubresource],
  storageResource: "replicasets",
  statusSubresource: true,
  defaults: defaultReplicaSet,
  prepareForCreate(obj) {
    resetStatusForCreate(obj, { replicas: 0 });
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(obj)];
  },
  validateUpdate(obj, old) {
    const sel = getPath(obj, "spec.selector");
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateReplicaSetSpec(obj),
      ...validateImmutable(sel, getPath(old, "spec.selector"), "spec.selector", goLabelSelector(sel)),
    ];
  },
  printer: replicaSetPrinter,
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" },
};
