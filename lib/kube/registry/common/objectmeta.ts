/**
 * ObjectMeta validation as k8s.io/apimachinery/pkg/api/validation (ValidateObjectMeta,
 * ValidateObjectMetaUpdate) and meta/v1/validation (labels, label selectors).
 * Every function returns all problems found, with upstream's field paths and details.
 */
import type { ObjectMeta, OwnerReference } from "../../api/types";
import { parseApiVersion } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import { type NameValidator, isQualifiedName, isValidLabelValue, validateNamespaceName } from "./names";

export const FIELD_IMMUTABLE = "field is immutable";
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Go's len(): UTF-8 bytes */
const byteLen = (s: string) => Buffer.byteLength(s, "utf8");

export function validateLabelName(key: string, path: string): FieldError[] {
  return isQualifiedName(key).map((m) => fieldError.invalid(path, key, m));
}

/** ValidateLabels: keys must be qualified names, values valid label values */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, path));
    for (const m of isValidLabelValue(v)) errs.push(fieldError.invalid(path, v, m));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (case-insensitive), total size at most 256 KiB */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldError.invalid(path, k, m));
    total += byteLen(k) + byteLen(v);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push({ type: "FieldValueTooLong", field: path, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  return errs;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** metav1validation.ValidateLabelSelector (selector may be undefined: nothing to check) */
export function validateLabelSelector(sel: LabelSelector | undefined | null, path: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const n = expr.values?.length ?? 0;
    switch (expr.operator) {
      case "In":
      case "NotIn":
        if (n === 0) errs.push(fieldError.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (n > 0) errs.push(fieldError.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldError.invalid(`${p}.operator`, expr.operator, "not a valid selector operator"));
    }
    errs.push(...validateLabelName(expr.key, `${p}.key`));
  });
  return errs;
}

/** ValidateNonnegativeField */
export function validateNonnegativeField(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [fieldError.invalid(path, value, "must be greater than or equal to 0")] : [];
}

/** JSON-semantic deep equality (undefined and missing keys are equal) */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** ValidateImmutableField: `<path>: Invalid value: <new>: field is immutable` */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  return semanticEqual(newVal, oldVal) ? [] : [fieldError.invalid(path, newVal ?? "", FIELD_IMMUTABLE)];
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    const gv = parseApiVersion(ref.apiVersion ?? "");
    if (!gv.version) errs.push(fieldError.invalid(`${path}.apiVersion`, ref.apiVersion ?? "", "version must not be empty"));
    if (!ref.kind) errs.push(fieldError.invalid(`${path}.kind`, ref.kind ?? "", "must not be empty"));
    if (!ref.name) errs.push(fieldError.invalid(`${path}.name`, ref.name ?? "", "must not be empty"));
    if (!ref.uid) errs.push(fieldError.invalid(`${path}.uid`, ref.uid ?? "", "must not be empty"));
    if (gv.group === "" && gv.version === "v1" && ref.kind === "Event")
      errs.push(fieldError.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          fieldError.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`),
        );
      else firstController = cur;
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  for (const f of list) for (const m of isQualifiedName(f)) errs.push(fieldError.invalid(path, f, m));
  if (list.includes("orphan") && list.includes("foregroundDeletion"))
    errs.push(fieldError.invalid(path, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  return errs;
}

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/** validateKubeFinalizerName (pkg/apis/core/validation): names without a '/' must be standard */
export function validateKubeFinalizerName(name: string, path: string): FieldError[] {
  return !name.includes("/") && !standardFinalizers.has(name)
    ? [fieldError.invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified")]
    : [];
}

function validateMetaCommon(meta: ObjectMeta, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (namespaced) {
    if (!meta.namespace) errs.push(fieldError.required(`${path}.namespace`));
    else for (const m of validateNamespaceName(meta.namespace, false)) errs.push(fieldError.invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(fieldError.forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  errs.push(...validateNonnegativeField(meta.generation, `${path}.generation`));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  for (const f of meta.finalizers ?? []) errs.push(...validateKubeFinalizerName(f, `${path}.finalizers`));
  return errs;
}

/**
 * ValidateObjectMeta (pkg/apis/core/validation's, which adds the kube finalizer-name rule): name required (`name or generateName is required`) and checked with `nameFn`,
 * generateName checked as a prefix, namespace required/forbidden per scope, labels, annotations,
 * ownerReferences and finalizers.
 */
export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, nameFn: NameValidator, path = "metadata"): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) for (const m of nameFn(meta.generateName, true)) errs.push(fieldError.invalid(`${path}.generateName`, meta.generateName, m));
  if (!meta.name) errs.push(fieldError.required(`${path}.name`, "name or generateName is required"));
  else for (const m of nameFn(meta.name, false)) errs.push(fieldError.invalid(`${path}.name`, meta.name, m));
  return [...errs, ...validateMetaCommon(meta, namespaced, path)];
}

/**
 * ValidateObjectMetaUpdate: name, namespace, uid, creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds are immutable; generation may not decrease; no new finalizers while
 * deleting; labels/annotations/ownerReferences/finalizers re-validated. (The resourceVersion check
 * is left to the API server, which fills it for unconditional updates as upstream does first.)
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = "metadata"): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const extra = [...new Set(meta.finalizers ?? [])].filter((f) => !(old.finalizers ?? []).includes(f)).sort();
    if (extra.length)
      errs.push(
        fieldError.forbidden(
          `${path}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(", ")}}`,
        ),
      );
  }
  if ((meta.generation ?? 0) < (old.generation ?? 0)) errs.push(fieldError.invalid(`${path}.generation`, meta.generation ?? 0, "must not be decremented"));
  errs.push(...validateImmutableField(meta.name ?? "", old.name ?? "", `${path}.name`));
  errs.push(...validateImmutableField(meta.namespace ?? "", old.namespace ?? "", `${path}.namespace`));
  errs.push(...validateImmutableField(meta.uid ?? "", old.uid ?? "", `${path}.uid`));
  errs.push(...validateImmutableField(meta.creationTimestamp, old.creationTimestamp, `${path}.creationTimestamp`));
  errs.push(...validateImmutableField(meta.deletionTimestamp, old.deletionTimestamp, `${path}.deletionTimestamp`));
  errs.push(...validateImmutableField(meta.deletionGracePeriodSeconds, old.deletionGracePeriodSeconds, `${path}.deletionGracePeriodSeconds`));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  for (const f of meta.finalizers ?? []) errs.push(...validateKubeFinalizerName(f, `${path}.finalizers`));
  return errs;
}
