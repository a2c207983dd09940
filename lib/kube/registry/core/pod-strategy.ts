/**
 * The pod strategy (pkg/registry/core/pod/strategy.go) and ValidatePodCreate/ValidatePodUpdate
 * (pkg/apis/core/validation): defaults, status on create (Pending + QoS class, SchedulingGated
 * condition), and the update rule that only images, activeDeadlineSeconds, added tolerations and
 * terminationGracePeriodSeconds (negative -> 1) may change.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import {
  asArray,
  asRecord,
  defaultPod,
  nameIsDNSSubdomain,
  semanticEqual,
  validateAnnotations,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePodSpec,
} from "../common";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const present = (v: unknown) => v !== undefined && v !== null;

export function defaultPodObject(obj: KubeObject): void {
  defaultPod(obj as unknown as Obj);
}

/** qos.GetPodQOS: BestEffort without requests/limits, Guaranteed when cpu+memory limits equal requests everywhere */
export function podQOSClass(pod: KubeObject): "BestEffort" | "Burstable" | "Guaranteed" {
  const spec = asRecord(pod.spec);
  const all = [...recs(spec.containers), ...recs(spec.initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const res = asRecord(c.resources);
    const req = asRecord(res.requests);
    const lim = asRecord(res.limits);
    for (const k of ["cpu", "memory"]) {
      if (present(req[k]) || present(lim[k])) any = true;
      if (!present(lim[k]) || (present(req[k]) && String(req[k]) !== String(lim[k]))) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function prepareForCreatePod(obj: KubeObject): void {
  const status: Obj = { phase: "Pending", qosClass: podQOSClass(obj) };
  if (asArray(asRecord(obj.spec).schedulingGates).length > 0)
    status.conditions = [{ type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates" }];
  obj.status = status;
}

export function validatePodCreate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpec(obj.spec, "spec"));
  const eph = recs(asRecord(obj.spec).ephemeralContainers);
  if (eph.length > 0) errs.push(fieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  return errs;
}

export const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

function sameToleration(a: Obj, b: Obj): boolean {
  return (a.key ?? "") === (b.key ?? "") && (a.operator ?? "") === (b.operator ?? "") && (a.value ?? "") === (b.value ?? "") && (a.effect ?? "") === (b.effect ?? "");
}

/** validateOnlyAddedTolerations */
function validateOnlyAddedTolerations(newT: Obj[], oldT: Obj[], path: string): FieldError[] {
  for (const old of oldT) {
    const found = newT.some((n) => sameToleration(n, old) && (old.tolerationSeconds === n.tolerationSeconds || (old.effect === "NoExecute" && present(n.tolerationSeconds))));
    if (!found) return [fieldError.forbidden(path, "existing toleration can not be modified except its tolerationSeconds")];
  }
  return [];
}

function validateContainerUpdates(newC: Obj[], oldC: Obj[], path: string): { errs: FieldError[]; stop: boolean } {
  if (newC.length !== oldC.length) return { errs: [fieldError.forbidden(path, "pod updates may not add or remove containers")], stop: true };
  const errs: FieldError[] = [];
  newC.forEach((c, i) => {
    if (!c.image) errs.push(fieldError.required(`${path}[${i}].image`));
  });
  return { errs, stop: false };
}

/** a compact stand-in for upstream's cmp.Diff of the two PodSpecs */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ["  core.PodSpec{"];
  for (const k of keys) {
    if (semanticEqual(oldSpec[k], newSpec[k])) continue;
    if (present(oldSpec[k])) lines.push(`- \t${k}: ${JSON.stringify(oldSpec[k])},`);
    if (present(newSpec[k])) lines.push(`+ \t${k}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push("  }");
  return lines.join("\n");
}

export function validatePodUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  errs.push(...validateAnnotations(obj.metadata.annotations, "metadata.annotations"));
  errs.push(...validatePodSpec(obj.spec, "spec"));
  const spec = asRecord(obj.spec);
  const oldSpec = asRecord(old.spec);
  const c = validateContainerUpdates(recs(spec.containers), recs(oldSpec.containers), "spec.containers");
  errs.push(...c.errs);
  const ic = validateContainerUpdates(recs(spec.initContainers), recs(oldSpec.initContainers), "spec.initContainers");
  errs.push(...ic.errs);
  if (c.stop || ic.stop) return errs;

  const ads = spec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (typeof oldAds === "number") {
    if (!present(ads)) errs.push(fieldError.invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
    else if (typeof ads === "number" && ads > oldAds)
      errs.push(fieldError.invalid("spec.activeDeadlineSeconds", ads, "must be less than or equal to previous value"));
  }

  // munge the fields that may change, then the rest must be equal
  const munged: Obj = structuredClone(spec);
  const withOldImages = (list: Obj[], oldList: Obj[]) => list.map((x, i) => ({ ...x, image: oldList[i]?.image }));
  if (Array.isArray(munged.containers)) munged.containers = withOldImages(recs(munged.containers), recs(oldSpec.containers));
  if (Array.isArray(munged.initContainers)) munged.initContainers = withOldImages(recs(munged.initContainers), recs(oldSpec.initContainers));
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  errs.push(...validateOnlyAddedTolerations(recs(spec.tolerations), recs(oldSpec.tolerations), "spec.tolerations"));
  munged.tolerations = oldSpec.tolerations;
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === "number" && oldGrace < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  const newGates = recs(spec.schedulingGates);
  if (newGates.every((g) => recs(oldSpec.schedulingGates).some((o) => o.name === g.name))) munged.schedulingGates = oldSpec.schedulingGates;
  if (!semanticEqual(munged, oldSpec)) errs.push(fieldError.forbidden("spec", `${POD_UPDATE_FORBIDDEN}\n${specDiff(oldSpec, munged)}`));
  return errs;
}
