/**
 * pkg/apis/batch/validation for Job specs, shared by Jobs and CronJob job templates:
 * validateJobSpec, ValidateJobSpec (selector), validateGeneratedSelector and the update rules.
 * podFailurePolicy rules are checked only for the restartPolicy/podReplacementPolicy interplay.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import { isDNS1123Label, validateLabelSelector, validatePodTemplateSpec, type LabelSelector } from "../common";
import { goLabelSelector, goStringMap, selectorMatches, selectorValid } from "./selector";
import { asObject, asStringMap, deepEqual, getPath, specOf, validateImmutable, validateNonnegative } from "./util";

export const LEGACY_CONTROLLER_UID = "controller-uid";
export const LEGACY_JOB_NAME = "job-name";
export const CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
export const JOB_NAME = "batch.kubernetes.io/job-name";

const present = (v: unknown) => v !== undefined && v !== null;

/** validateJobSpec: the checks shared with CronJob's jobTemplate (path = ".../spec") */
export function validateJobSpecFields(s: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex"])
    errs.push(...validateNonnegative(s[f], `${path}.${f}`));
  if (present(s.maxFailedIndexes)) {
    errs.push(...validateNonnegative(s.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (!present(s.backoffLimitPerIndex)) errs.push(fieldError.required(`${path}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
  }
  const mode = s.completionMode;
  if (present(mode)) {
    if (mode !== "NonIndexed" && mode !== "Indexed") errs.push(fieldError.notSupported(`${path}.completionMode`, mode, ["NonIndexed", "Indexed"]));
    if (mode === "Indexed") {
      if (!present(s.completions)) errs.push(fieldError.required(`${path}.completions`, "when completion mode is Indexed"));
      if (typeof s.parallelism === "number" && s.parallelism > 100000)
        errs.push(fieldError.invalid(`${path}.parallelism`, s.parallelism, "must be less than or equal to 100000 when completion mode is Indexed"));
      if (typeof s.completions === "number" && typeof s.maxFailedIndexes === "number" && s.maxFailedIndexes > s.completions)
        errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, "must be less than or equal to completions"));
    }
  }
  if (!present(mode) || mode === "NonIndexed") {
    if (present(s.backoffLimitPerIndex)) errs.push(fieldError.invalid(`${path}.backoffLimitPerIndex`, s.backoffLimitPerIndex, "requires indexed completion mode"));
    if (present(s.maxFailedIndexes)) errs.push(fieldError.invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, "requires indexed completion mode"));
  }
  const hasPFP = present(s.podFailurePolicy);
  if (present(s.podReplacementPolicy)) {
    if (hasPFP) {
      if (s.podReplacementPolicy !== "Failed") errs.push(fieldError.notSupported(`${path}.podReplacementPolicy`, s.podReplacementPolicy, ["Failed"]));
    } else if (s.podReplacementPolicy !== "Failed" && s.podReplacementPolicy !== "TerminatingOrFailed") {
      errs.push(fieldError.notSupported(`${path}.podReplacementPolicy`, s.podReplacementPolicy, ["Failed", "TerminatingOrFailed"]));
    }
  }
  errs.push(...validatePodTemplateSpec(asObject(s.template) ?? {}, `${path}.template`));
  const rp = getPath(s.template, "spec.restartPolicy");
  const rpPath = `${path}.template.spec.restartPolicy`;
  if (rp === "Always" || rp === undefined || rp === null || rp === "") errs.push(fieldError.required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== "OnFailure" && rp !== "Never") errs.push(fieldError.notSupported(rpPath, rp, ["OnFailure", "Never"]));
  else if (hasPFP && rp !== "Never") errs.push(fieldError.invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: validateJobSpec + selector required, valid, and matching the template */
export function validateJobSpec(s: Record<string, unknown>, path: string): FieldError[] {
  const errs = validateJobSpecFields(s, path);
  if (!present(s.selector)) errs.push(fieldError.required(`${path}.selector`, ""));
  else errs.push(...validateLabelSelector(s.selector as LabelSelector, `${path}.selector`));
  const labels = getPath(s.template, "metadata.labels");
  if (selectorValid(s.selector) && !selectorMatches(s.selector, asStringMap(labels)))
    errs.push(fieldError.invalid(`${path}.template.metadata.labels`, goStringMap(labels), "`selector` does not match template `labels`"));
  return errs;
}

/** apivalidation.ValidateHasLabel for the template labels */
function validateHasLabel(labels: Record<string, string> | undefined, key: string, expected: string): FieldError[] {
  const path = `spec.template.metadata.labels[${key}]`;
  if (!labels || !(key in labels)) return [fieldError.required(path, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [fieldError.invalid(path, goStringMap(labels), `must be '${expected}'`)];
}

/** validateGeneratedSelector: the generated labels and selector are intact */
export function validateGeneratedSelector(job: KubeObject, batchLabels: boolean): FieldError[] {
  const s = specOf(job);
  if (s.manualSelector === true || !present(s.selector)) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  if (!uid) errs.push(fieldError.required("metadata.uid", ""));
  const labels = asStringMap(getPath(s.template, "metadata.labels"));
  errs.push(...validateHasLabel(labels, LEGACY_CONTROLLER_UID, uid), ...validateHasLabel(labels, LEGACY_JOB_NAME, name));
  const expected: Record<string, string> = { [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  if (batchLabels) {
    errs.push(...validateHasLabel(labels, CONTROLLER_UID, uid), ...validateHasLabel(labels, JOB_NAME, name));
    expected[CONTROLLER_UID] = uid;
    expected[JOB_NAME] = name;
  }
  if (selectorValid(s.selector) && !selectorMatches(s.selector, expected))
    errs.push(fieldError.invalid("spec.selector", goLabelSelector(s.selector), "`selector` not auto-generated"));
  return errs;
}

/** ValidateJob's Indexed-name rule: "<name>-<completions-1>" must be a DNS label */
export function validateIndexedJobName(job: KubeObject): FieldError[] {
  const s = specOf(job);
  if (s.completionMode !== "Indexed" || typeof s.completions !== "number" || s.completions <= 0) return [];
  const host = `${job.metadata.name ?? ""}-${s.completions - 1}`;
  return isDNS1123Label(host).length > 0
    ? [fieldError.invalid("metadata.name", job.metadata.name ?? "", `will not able to create pod with invalid DNS label: ${host}`)]
    : [];
}

/** the scheduling directives that may change while a job is suspended and never started */
function withSchedulingDirectivesFrom(oldTpl: unknown, newTpl: unknown): unknown {
  const o = structuredClone(asObject(oldTpl) ?? {});
  const n = asObject(newTpl) ?? {};
  const om = (o.metadata = { ...(asObject(o.metadata) ?? {}) });
  const nm = asObject(n.metadata) ?? {};
  om.labels = nm.labels;
  om.annotations = nm.annotations;
  const os = (o.spec = { ...(asObject(o.spec) ?? {}) });
  const ns = asObject(n.spec) ?? {};
  os.nodeSelector = ns.nodeSelector;
  os.tolerations = ns.tolerations;
  os.schedulingGates = ns.schedulingGates;
  const oa = asObject(os.affinity);
  const na = asObject(ns.affinity);
  if (!na && oa) {
    const rest = { ...oa };
    delete rest.nodeAffinity;
    os.affinity = Object.keys(rest).length ? rest : undefined;
  } else if (na) {
    os.affinity = { ...(oa ?? {}), nodeAffinity: na.nodeAffinity };
  }
  return o;
}

/** ValidateJobSpecUpdate's immutability rules (ElasticIndexedJob on, as in 1.33) */
export function validateJobSpecUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const s = specOf(job);
  const o = specOf(old);
  const errs: FieldError[] = [];
  if (s.completionMode !== "Indexed") errs.push(...validateImmutable(s.completions, o.completions, "spec.completions"));
  else if (!deepEqual(s.completions, o.completions) && present(s.completions) && s.completions !== s.parallelism)
    errs.push(fieldError.invalid("spec.completions", s.completions, "can only be modified in tandem with spec.parallelism"));
  errs.push(...validateImmutable(s.selector, o.selector, "spec.selector", goLabelSelector(s.selector)));
  const mutableScheduling = o.suspend === true && !present(getPath(old, "status.startTime"));
  const oldTpl = mutableScheduling ? withSchedulingDirectivesFrom(o.template, s.template) : o.template;
  // upstream prints the whole core.PodTemplateSpec with %#v here; we abbreviate it
  errs.push(...validateImmutable(s.template, oldTpl, "spec.template", new GoValue("core.PodTemplateSpec{...}")));
  errs.push(...validateImmutable(s.completionMode, o.completionMode, "spec.completionMode"));
  errs.push(...validateImmutable(s.podFailurePolicy, o.podFailurePolicy, "spec.podFailurePolicy", new GoValue("batch.PodFailurePolicy{...}")));
  errs.push(...validateImmutable(s.backoffLimitPerIndex, o.backoffLimitPerIndex, "spec.backoffLimitPerIndex"));
  return errs;
}
