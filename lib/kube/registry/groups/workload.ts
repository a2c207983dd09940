/**
 * Pieces the workload controllers (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
 * CronJob) share: discovery data, the Containers/Images columns, selector and pod-template
 * validation as pkg/apis/apps/validation does it, and the common strategy steps.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { SubresourceDefinition, TableColumnDefinition, Verb } from "../types";
import { column, defaultPodTemplateSpec, validateLabelSelector, validatePodTemplateSpec, type LabelSelector } from "../common";
import { asObject, asStringMap, child, containerCells, getPath, num, spec } from "./util";
import { goLabelSelector, goStringMap, selectorEmpty, selectorMatches, selectorValid } from "./selector";

/** the verbs of an ordinary stored resource, as discovery lists them */
export const STANDARD_VERBS: Verb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/** the `/status` subresource of `kind` */
export function statusSubresource(group: string, version: string, kind: string): SubresourceDefinition {
  return { name: "status", responseKind: { group, version, kind }, verbs: ["get", "patch", "update"] };
}

/** the `/scale` subresource (autoscaling/v1 Scale) */
export const scaleSubresource: SubresourceDefinition = {
  name: "scale",
  responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
  verbs: ["get", "patch", "update"],
};

export const containersColumn: TableColumnDefinition = column("Containers", "string", "Names of each container in the template.", 1);
export const imagesColumn: TableColumnDefinition = column("Images", "string", "Images referenced by each container in the template.", 1);

/** [names, images] of spec.template (or of any object with a pod template at `path`) */
export function templateContainers(obj: KubeObject, path = "spec.template"): [string, string] {
  return containerCells(getPath(obj, path));
}

/** pod template defaults for the template at spec.template (created when missing) */
export function defaultTemplate(obj: KubeObject): void {
  defaultPodTemplateSpec(child(spec(obj), "template"));
}

/**
 * PrepareForCreate's common part: status cleared, generation 1. `zero` holds the status
 * fields Go serializes even at their zero value (no omitempty), so a new object reads back
 * as a real server returns it (e.g. a ReplicaSet's `status: {replicas: 0}`).
 */
export function resetStatusForCreate(obj: KubeObject, zero: Record<string, unknown> = {}): void {
  obj.status = { ...zero };
  obj.metadata.generation = 1;
}

/** PrepareForUpdate's common part: the stored status wins over the one sent */
export function keepStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
}

/** spec.selector of a controller: Required / ValidateLabelSelector / "empty selector is invalid for <what>" */
export function validateControllerSelector(sel: unknown, path: string, what: string): FieldError[] {
  if (sel === undefined || sel === null) return [fieldError.required(path, "")];
  const errs = validateLabelSelector(sel as LabelSelector, path);
  const s = asObject(sel) ?? {};
  const n = Object.keys(asObject(s.matchLabels) ?? {}).length + (Array.isArray(s.matchExpressions) ? s.matchExpressions.length : 0);
  if (n === 0) errs.push(fieldError.invalid(path, goLabelSelector(sel), `empty selector is invalid for ${what}`));
  return errs;
}

/** the `selector` does not match template `labels` check (skipped for an empty selector) */
export function validateSelectorMatchesTemplate(sel: unknown, template: unknown, labelsPath: string): FieldError[] {
  if (!selectorValid(sel) || selectorEmpty(sel)) return [];
  const labels = asStringMap(getPath(template, "metadata.labels"));
  return selectorMatches(sel, labels) ? [] : [fieldError.invalid(labelsPath, goStringMap(getPath(template, "metadata.labels")), "`selector` does not match template `labels`")];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (also used by Deployment and, with its own wording,
 * DaemonSet): labels must match the selector, the template must be a valid pod template,
 * restartPolicy must be Always and activeDeadlineSeconds is not allowed.
 */
export function validateTemplateForController(sel: unknown, template: unknown, path: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!selectorValid(sel)) {
    errs.push(fieldError.invalid(path.replace(/\.template$/, ".selector"), goLabelSelector(sel), "invalid label selector"));
    return errs;
  }
  errs.push(...validateSelectorMatchesTemplate(sel, template, `${path}.metadata.labels`));
  errs.push(...validatePodTemplateSpec(asObject(template) ?? {}, path));
  errs.push(...validateAlwaysRestart(template, path, kind));
  return errs;
}

/** restartPolicy must be Always; activeDeadlineSeconds is forbidden (long-running controllers) */
export function validateAlwaysRestart(template: unknown, path: string, kind: string): FieldError[] {
  const errs: FieldError[] = [];
  const restart = getPath(template, "spec.restartPolicy");
  if (restart !== "Always") errs.push(fieldError.notSupported(`${path}.spec.restartPolicy`, restart ?? "", ["Always"]));
  if (getPath(template, "spec.activeDeadlineSeconds") !== undefined && getPath(template, "spec.activeDeadlineSeconds") !== null)
    errs.push(fieldError.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`));
  return errs;
}

/** "r/d" as printed for READY: status.readyReplicas / spec.replicas */
export function readyOfDesired(obj: KubeObject): string {
  return `${num(getPath(obj, "status.readyReplicas"))}/${num(getPath(obj, "spec.replicas"))}`;
}
