/**
 * batch/v1 jobs: pkg/registry/batch/job with SetDefaults_Job and pkg/apis/batch/validation.
 *
 * Selector generation (PrepareForCreate, manualSelector unset/false) labels the pod template
 * with `batch.kubernetes.io/controller-uid`, `controller-uid`, `batch.kubernetes.io/job-name`
 * and `job-name`, and selects on the controller uid. It needs `metadata.uid`, which the API
 * server must assign before calling `prepareForCreate` (upstream fills it in BeforeCreate).
 */
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, humanDuration, nameColumn, nameIsDNSSubdomain, parseTime, validateObjectMeta, validateObjectMetaUpdate } from "../common";
import { groupDocs } from "./descriptions";
import { formatLabelSelector } from "./selector";
import { asArray, asObject, asStringMap, child, getPath, num, setDefault, spec, specOf, statusOf } from "./util";
import { STANDARD_VERBS, containersColumn, defaultTemplate, imagesColumn, keepStatus, resetStatusForCreate, statusSubresource, templateContainers } from "./workload";
import {
  CONTROLLER_UID,
  JOB_NAME,
  LEGACY_CONTROLLER_UID,
  LEGACY_JOB_NAME,
  validateGeneratedSelector,
  validateIndexedJobName,
  validateJobSpec,
  validateJobSpecUpdate,
} from "./job-validation";

/** SetDefaults_Job (JobPodReplacementPolicy on, as in 1.33) plus the pod template defaults */
export function defaultJob(obj: KubeObject): void {
  const s = spec(obj);
  if (s.completions == null && s.parallelism == null) {
    s.completions = 1;
    s.parallelism = 1;
  }
  setDefault(s, "parallelism", 1);
  if (s.backoffLimit == null) s.backoffLimit = s.backoffLimitPerIndex != null ? 2147483647 : 6;
  const tplLabels = asStringMap(getPath(s.template, "metadata.labels"));
  if (tplLabels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...tplLabels };
  setDefault(s, "completionMode", "NonIndexed");
  setDefault(s, "suspend", false);
  const pfp = asObject(s.podFailurePolicy);
  for (const rule of asArray(pfp?.rules))
    for (const pattern of asArray(asObject(rule)?.onPodConditions)) {
      const p = asObject(pattern);
      if (p && !p.status) p.status = "True";
    }
  setDefault(s, "podReplacementPolicy", pfp ? "Failed" : "TerminatingOrFailed");
  setDefault(s, "manualSelector", false);
  defaultTemplate(obj);
}

/** generateSelector: labels the template and selects on the job's uid */
export function generateSelector(obj: KubeObject): void {
  const s = spec(obj);
  const meta = child(child(s, "template"), "metadata");
  const labels = (asStringMap(meta.labels) ?? {}) as Record<string, string>;
  const uid = obj.metadata.uid ?? "";
  const name = obj.metadata.name ?? "";
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) if (!(key in labels)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (!(key in labels)) labels[key] = uid;
  meta.labels = labels;
  const sel = child(s, "selector");
  const matchLabels = (asStringMap(sel.matchLabels) ?? {}) as Record<string, string>;
  if (!(CONTROLLER_UID in matchLabels)) matchLabels[CONTROLLER_UID] = uid;
  sel.matchLabels = matchLabels;
}

/** hasJobCondition: the first condition of that type decides */
function hasCondition(obj: KubeObject, type: string): boolean {
  const c = asArray(statusOf(obj).conditions)
    .map((x) => asObject(x) ?? {})
    .find((x) => x.type === type);
  return c?.status === "True";
}

export function jobStatusText(obj: KubeObject): string {
  if (hasCondition(obj, "Complete")) return "Complete";
  if (hasCondition(obj, "Failed")) return "Failed";
  if (obj.metadata.deletionTimestamp) return "Terminating";
  if (hasCondition(obj, "Suspended")) return "Suspended";
  if (hasCondition(obj, "FailureTarget")) return "FailureTarget";
  return "Running";
}

export function jobCompletions(obj: KubeObject): string {
  const s = specOf(obj);
  const succeeded = num(statusOf(obj).succeeded);
  if (typeof s.completions === "number") return `${succeeded}/${s.completions}`;
  const parallelism = num(s.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(obj: KubeObject, now: number): string {
  const start = parseTime(statusOf(obj).startTime as string | undefined);
  if (start === undefined) return "";
  const end = parseTime(statusOf(obj).completionTime as string | undefined);
  return humanDuration((end ?? now) - start);
}

export const jobPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Status", "string", "Status of the job."),
    column("Completions", "string", groupDocs["JobStatus.succeeded"]),
    column("Duration", "string", "Time required to complete the job."),
    ageColumn,
    containersColumn,
    imagesColumn,
    column("Selector", "string", groupDocs["JobSpec.selector"], 1),
  ],
  cells(obj, now) {
    const [names, images] = templateContainers(obj);
    return [
      obj.metadata.name ?? "",
      jobStatusText(obj),
      jobCompletions(obj),
      jobDuration(obj, now),
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(getPath(obj, "spec.selector")),
    ];
  },
};

function hasBatchLabels(obj: KubeObject): boolean {
  const labels = asStringMap(getPath(obj, "spec.template.metadata.labels")) ?? {};
  return CONTROLLER_UID in labels && JOB_NAME in labels;
}

export const jobs: ResourceDefinition = {
  group: "batch",
  version: "v1",
  resource: "jobs",
  singular: "job",
  kind: "Job",
  listKind: "JobList",
  namespaced: true,
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("batch", "v1", "Job")],
  storageResource: "jobs",
  statusSubresource: true,
  defaults: defaultJob,
  prepareForCreate(obj) {
    if (specOf(obj).manualSelector !== true) generateSelector(obj);
    resetStatusForCreate(obj);
    // upstream re-runs SetDefaults_Job when reading the object back, which copies the now
    // generated template labels onto an unlabelled Job; do it once here so reads match
    const tplLabels = asStringMap(getPath(obj, "spec.template.metadata.labels"));
    if (tplLabels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...tplLabels };
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validateCreate(obj) {
    return [
      ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain),
      ...validateGeneratedSelector(obj, true),
      ...validateJobSpec(specOf(obj), "spec"),
      ...validateIndexedJobName(obj),
    ];
  },
  validateUpdate(obj, old) {
    return [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateGeneratedSelector(obj, hasBatchLabels(old)),
      ...validateJobSpec(specOf(obj), "spec"),
      ...validateIndexedJobName(obj),
      ...validateJobSpecUpdate(obj, old),
    ];
  },
  printer: jobPrinter,
  fieldSelectors: { "status.successful": (obj) => String(num(statusOf(obj).succeeded)) },
};
