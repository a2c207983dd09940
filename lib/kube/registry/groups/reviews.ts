/**
 * The create-only review resources of authorization.k8s.io/v1 and authentication.k8s.io/v1.
 *
 * NOT STORED: upstream implements them as plain `rest.Creater`s that answer a POST with the
 * same object plus a computed `status` and persist nothing. Their only verb is "create"; the
 * API server must answer them itself (authorizer / authenticator decision) and must not write
 * them to the store. `storageResource` is set only because the contract requires one.
 * Use `isCreateOnlyReview(def)` to tell them apart.
 *
 * Validation follows pkg/apis/authorization/validation (spec shape only; the "metadata must
 * be empty" rule is left out because the embedded API server fills metadata generically).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { defaultTablePrinter } from "../common";
import { asObject, specOf } from "./util";

/** exactly one of resourceAttributes / nonResourceAttributes */
function validateAttributes(s: Record<string, unknown>): FieldError[] {
  const ra = s.resourceAttributes;
  const nra = s.nonResourceAttributes;
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(ra) && has(nra)) return [fieldError.invalid("spec.nonResourceAttributes", nra, "cannot be specified in combination with resourceAttributes")];
  if (!has(ra) && !has(nra)) return [fieldError.invalid("spec.resourceAttributes", null, "exactly one of nonResourceAttributes or resourceAttributes must be specified")];
  return [];
}

/** ValidateSubjectAccessReviewSpec: attributes plus a user or group */
function validateSubjectSpec(s: Record<string, unknown>): FieldError[] {
  const errs = validateAttributes(s);
  const user = typeof s.user === "string" ? s.user : "";
  if (user === "" && (!Array.isArray(s.groups) || s.groups.length === 0)) errs.push(fieldError.invalid("spec.user", user, "at least one of user or group must be specified"));
  return errs;
}

function review(group: string, resource: string, kind: string, namespaced: boolean, validate?: (obj: KubeObject) => FieldError[]): ResourceDefinition {
  return {
    group,
    version: "v1",
    resource,
    singular: resource.replace(/s$/, ""),
    kind,
    listKind: `${kind}List`,
    namespaced,
    verbs: ["create"],
    storageResource: resource,
    statusSubresource: false,
    validateCreate: validate,
    printer: defaultTablePrinter,
  };
}

export const selfsubjectaccessreviews = review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, (o) => validateAttributes(specOf(o)));
export const selfsubjectrulesreviews = review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false);
export const subjectaccessreviews = review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false, (o) => validateSubjectSpec(specOf(o)));
export const localsubjectaccessreviews = review("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, (o) => {
  const errs = validateSubjectSpec(specOf(o));
  const ra = asObject(specOf(o).resourceAttributes);
  const ns = o.metadata.namespace ?? "";
  const raNs = ra && typeof ra.namespace === "string" ? ra.namespace : "";
  if (ra && raNs !== ns) errs.push(fieldError.invalid("spec.resourceAttributes.namespace", raNs, "must match metadata.namespace"));
  if (asObject(specOf(o).nonResourceAttributes))
    errs.push(fieldError.invalid("spec.nonResourceAttributes", specOf(o).nonResourceAttributes, "disallowed on this kind of request"));
  return errs;
});
export const tokenreviews = review("authentication.k8s.io", "tokenreviews", "TokenReview", false);
export const selfsubjectreviews = review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false);

export const reviewResources: ResourceDefinition[] = [
  selfsubjectaccessreviews,
  selfsubjectrulesreviews,
  subjectaccessreviews,
  localsubjectaccessreviews,
  tokenreviews,
  selfsubjectreviews,
];

/** true for the create-only, never-stored review resources above */
export function isCreateOnlyReview(def: ResourceDefinition): boolean {
  return reviewResources.includes(def);
}
