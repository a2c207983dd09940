/**
 * batch/v1 cronjobs: pkg/registry/batch/cronjob with SetDefaults_CronJob and
 * ValidateCronJobCreate / ValidateCronJobUpdate (schedule syntax as robfig/cron's ParseStandard).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import {
  ageColumn,
  ageOf,
  column,
  defaultPodTemplateSpec,
  nameColumn,
  nameIsDNSSubdomain,
  translateTimestampSince,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../common";
import { groupDocs } from "./descriptions";
import { formatLabelSelector, goLabelSelector } from "./selector";
import { cronScheduleError, isKnownTimeZone } from "./cron";
import { asArray, asObject, child, getPath, setDefault, spec, specOf, statusOf, validateNonnegative } from "./util";
import { STANDARD_VERBS, containersColumn, imagesColumn, keepStatus, resetStatusForCreate, statusSubresource, templateContainers } from "./workload";
import { validateJobSpecFields } from "./job-validation";

export function defaultCronJob(obj: KubeObject): void {
  const s = spec(obj);
  if (!s.concurrencyPolicy) s.concurrencyPolicy = "Allow";
  setDefault(s, "suspend", false);
  setDefault(s, "successfulJobsHistoryLimit", 3);
  setDefault(s, "failedJobsHistoryLimit", 1);
  defaultPodTemplateSpec(child(child(child(s, "jobTemplate"), "spec"), "template"));
}

function validateScheduleFormat(schedule: string, allowTZ: boolean, timeZone: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const parseErr = cronScheduleError(schedule);
  if (parseErr !== undefined) errs.push(fieldError.invalid("spec.schedule", schedule, parseErr));
  if (allowTZ && schedule.includes("TZ") && timeZone != null)
    errs.push(fieldError.invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  else if (!allowTZ && schedule.includes("TZ"))
    errs.push(fieldError.invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  return errs;
}

const tzPart = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const path = "spec.timeZone";
  const z = String(tz);
  if (z.length === 0) return [fieldError.invalid(path, z, "timeZone must be nil or non-empty string")];
  for (const part of z.split("/"))
    if (part === "." || part === ".." || part.startsWith("-") || !tzPart.test(part)) return [fieldError.invalid(path, z, `unknown time zone ${z}`)];
  const errs: FieldError[] = [];
  if (z.toLowerCase() === "local") errs.push(fieldError.invalid(path, z, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  if (z !== "Local" && !isKnownTimeZone(z)) errs.push(fieldError.invalid(path, z, `unknown time zone ${z}`));
  return errs;
}

/** validateCronJobSpec; `old` is the stored spec on update */
export function validateCronJobSpec(obj: KubeObject, old?: KubeObject): FieldError[] {
  const s = specOf(obj);
  const o = old ? specOf(old) : undefined;
  const errs: FieldError[] = [];
  const schedule = typeof s.schedule === "string" ? s.schedule : "";
  if (schedule.length === 0) errs.push(fieldError.required("spec.schedule", ""));
  else errs.push(...validateScheduleFormat(schedule, typeof o?.schedule === "string" && o.schedule.includes("TZ"), s.timeZone));
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, "spec.startingDeadlineSeconds"));
  if (!o || o.timeZone !== s.timeZone) errs.push(...validateTimeZone(s.timeZone));
  const cp = s.concurrencyPolicy;
  if (cp === undefined || cp === null || cp === "") errs.push(fieldError.required("spec.concurrencyPolicy", ""));
  else if (cp !== "Allow" && cp !== "Forbid" && cp !== "Replace") errs.push(fieldError.notSupported("spec.concurrencyPolicy", cp, ["Allow", "Forbid", "Replace"]));
  const jobSpec = asObject(getPath(s, "jobTemplate.spec")) ?? {};
  errs.push(...validateJobSpecFields(jobSpec, "spec.jobTemplate.spec"));
  if (jobSpec.selector != null) errs.push(fieldError.invalid("spec.jobTemplate.spec.selector", goLabelSelector(jobSpec.selector), "`selector` will be auto-generated"));
  if (jobSpec.manualSelector === true) errs.push(fieldError.notSupported("spec.jobTemplate.spec.manualSelector", true, ["nil", "false"]));
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit"));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, "spec.failedJobsHistoryLimit"));
  return errs;
}

function printBoolPtr(v: unknown): string {
  return typeof v === "boolean" ? (v ? "True" : "False") : "<unset>";
}

export const cronJobPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Schedule", "string", groupDocs["CronJobSpec.schedule"]),
    column("Timezone", "string", groupDocs["CronJobSpec.timeZone"]),
    column("Suspend", "boolean", groupDocs["CronJobSpec.suspend"]),
    column("Active", "integer", groupDocs["CronJobStatus.active"]),
    column("Last Schedule", "string", groupDocs["CronJobStatus.lastScheduleTime"]),
    ageColumn,
    containersColumn,
    imagesColumn,
    column("Selector", "string", groupDocs["JobSpec.selector"], 1),
  ],
  cells(obj, now) {
    const s = specOf(obj);
    const last = statusOf(obj).lastScheduleTime;
    const [names, images] = templateContainers(obj, "spec.jobTemplate.spec.template");
    return [
      obj.metadata.name ?? "",
      typeof s.schedule === "string" ? s.schedule : "",
      typeof s.timeZone === "string" ? s.timeZone : "<none>",
      printBoolPtr(s.suspend),
      asArray(statusOf(obj).active).length,
      typeof last === "string" ? translateTimestampSince(last, now) : "<none>",
      ageOf(obj, now),
      names,
      images,
      formatLabelSelector(getPath(obj, "spec.jobTemplate.spec.selector")),
    ];
  },
};

export const cronjobs: ResourceDefinition = {
  group: "batch",
  version: "v1",
  resource: "cronjobs",
  singular: "cronjob",
  kind: "CronJob",
  listKind: "CronJobList",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  verbs: STANDARD_VERBS,
  subresources: [statusSubresource("batch", "v1", "CronJob")],
  storageResource: "cronjobs",
  statusSubresource: true,
  defaults: defaultCronJob,
  prepareForCreate(obj) {
    resetStatusForCreate(obj);
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validateCreate(obj) {
    const errs = [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateCronJobSpec(obj)];
    const name = obj.metadata.name ?? "";
    if (name.length > 52) errs.push(fieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
    return errs;
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateCronJobSpec(obj, old)];
  },
  printer: cronJobPrinter,
};
