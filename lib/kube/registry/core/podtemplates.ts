/**
 * core/v1 podtemplates and replicationcontrollers (rc, category all, scale subresource): pod
 * template defaulting/validation from common/, SetDefaults_ReplicationController, and their printers.
 * (No controller acts on ReplicationControllers here; they are served for completeness.)
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import {
  ALL_VERBS,
  ageColumn,
  asRecord,
  column,
  defaultPodTemplateSpec,
  formatLabels,
  layoutContainerCells,
  nameColumn,
  simpleDefinition,
  swaggerDoc,
  translateTimestampSince,
  validateLabels,
  validateNonnegativeField,
  validatePodTemplateSpec,
} from "../common";

type Obj = Record<string, unknown>;
const containersOf = (tpl: unknown) => (asRecord(asRecord(tpl).spec).containers ?? []) as { name?: string; image?: string }[];

export const podtemplates: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "podtemplates",
  singular: "podtemplate",
  kind: "PodTemplate",
  namespaced: true,
  verbs: ALL_VERBS,
  defaults(pt) {
    if (!pt.template || typeof pt.template !== "object") pt.template = {};
    defaultPodTemplateSpec(pt.template as Obj);
  },
  validate: (pt) => validatePodTemplateSpec(pt.template, "template"),
  printer: {
    columns: [
      nameColumn,
      column("Containers", "string", "Names of each container in the template."),
      column("Images", "string", "Images referenced by each container in the template."),
      column("Pod Labels", "string", "The labels for the pod template."),
    ],
    cells(pt) {
      const [names, images] = layoutContainerCells(containersOf(pt.template));
      return [pt.metadata.name ?? "", names, images, formatLabels(asRecord(asRecord(asRecord(pt.template).metadata).labels) as Record<string, string>)];
    },
  },
});

/** SetDefaults_ReplicationController (+ replicas 1 and template defaults) */
export function defaultReplicationController(rc: KubeObject): void {
  if (!rc.spec || typeof rc.spec !== "object") rc.spec = {};
  const spec = rc.spec as Obj;
  const template = spec.template && typeof spec.template === "object" ? (spec.template as Obj) : undefined;
  const labels = template ? (asRecord(template.metadata).labels as Record<string, string> | undefined) : undefined;
  if (labels) {
    if (Object.keys(asRecord(spec.selector)).length === 0) spec.selector = { ...labels };
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (template) defaultPodTemplateSpec(template);
}

function validateRCSpec(rc: KubeObject): FieldError[] {
  const spec = asRecord(rc.spec);
  const errs = validateNonnegativeField(typeof spec.replicas === "number" ? spec.replicas : 0, "spec.replicas");
  const selector = asRecord(spec.selector) as Record<string, string>;
  if (Object.keys(selector).length === 0) errs.push(fieldError.required("spec.selector"));
  else errs.push(...validateLabels(selector, "spec.selector"));
  if (!spec.template) {
    errs.push(fieldError.required("spec.template"));
    return errs;
  }
  const labels = (asRecord(asRecord(spec.template).metadata).labels ?? {}) as Record<string, string>;
  if (Object.keys(selector).length > 0 && !Object.entries(selector).every(([k, v]) => labels[k] === v))
    errs.push(fieldError.invalid("spec.template.metadata.labels", labels, "`selector` does not match template `labels`"));
  errs.push(...validatePodTemplateSpec(spec.template, "spec.template"));
  const rp = asRecord(asRecord(spec.template).spec).restartPolicy;
  if (rp !== "Always") errs.push(fieldError.notSupported("spec.template.spec.restartPolicy", rp, ["Always"]));
  return errs;
}

export const replicationcontrollers: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "replicationcontrollers",
  singular: "replicationcontroller",
  kind: "ReplicationController",
  namespaced: true,
  shortNames: ["rc"],
  categories: ["all"],
  verbs: ALL_VERBS,
  subresources: [
    { name: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] },
    { name: "status", responseKind: { group: "", version: "v1", kind: "ReplicationController" }, verbs: ["get", "patch", "update"] },
  ],
  statusSubresource: true,
  defaults: defaultReplicationController,
  prepareForCreate(rc) {
    rc.status = { replicas: 0 };
  },
  validate: validateRCSpec,
  printer: {
    columns: [
      nameColumn,
      column("Desired", "integer", swaggerDoc["ReplicationControllerSpec.replicas"]),
      column("Current", "integer", swaggerDoc["ReplicationControllerStatus.replicas"]),
      column("Ready", "integer", swaggerDoc["ReplicationControllerStatus.readyReplicas"]),
      ageColumn,
      column("Containers", "string", "Names of each container in the template.", 1),
      column("Images", "string", "Images referenced by each container in the template.", 1),
      column("Selector", "string", swaggerDoc["ReplicationControllerSpec.selector"], 1),
    ],
    cells(rc, now) {
      const spec = asRecord(rc.spec);
      const status = asRecord(rc.status);
      const n = (v: unknown) => (typeof v === "number" ? v : 0);
      const [names, images] = layoutContainerCells(containersOf(spec.template));
      return [rc.metadata.name ?? "", n(spec.replicas), n(status.replicas), n(status.readyReplicas), translateTimestampSince(rc.metadata.creationTimestamp, now), names, images, formatLabels(asRecord(spec.selector) as Record<string, string>)];
    },
  },
  scale: { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" },
});
