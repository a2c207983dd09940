/**
 * A compact way to declare a ResourceDefinition whose validation is "ObjectMeta + the type's own
 * rules", as most upstream strategies are: `validateCreate` runs ValidateObjectMeta with the given
 * name rule then `validate`; `validateUpdate` runs ValidateObjectMetaUpdate, `validate` and
 * `validateUpdateExtra` (immutable fields and the like).
 */
import type { KubeObject } from "../../api/types";
import type { FieldError } from "../../api/field-errors";
import type { RegistryContext, ResourceDefinition, Verb } from "../types";
import { type NameValidator, nameIsDNSSubdomain } from "./names";
import { validateObjectMeta, validateObjectMetaUpdate } from "./objectmeta";

export const ALL_VERBS: Verb[] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export interface SimpleDefinitionInput
  extends Omit<ResourceDefinition, "listKind" | "verbs" | "storageResource" | "statusSubresource" | "validateCreate" | "validateUpdate"> {
  listKind?: string;
  verbs?: Verb[];
  storageResource?: string;
  statusSubresource?: boolean;
  /** rule for metadata.name (default: DNS-1123 subdomain) */
  nameValidator?: NameValidator;
  /** the type's own validation, on create and update */
  validate?(obj: KubeObject, ctx: RegistryContext): FieldError[];
  /** update-only rules (immutable fields, ...) */
  validateUpdateExtra?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): FieldError[];
}

export function simpleDefinition(input: SimpleDefinitionInput): ResourceDefinition {
  const { nameValidator = nameIsDNSSubdomain, validate, validateUpdateExtra, ...rest } = input;
  return {
    ...rest,
    listKind: input.listKind ?? `${input.kind}List`,
    verbs: input.verbs ?? ALL_VERBS,
    storageResource: input.storageResource ?? input.resource,
    statusSubresource: input.statusSubresource ?? false,
    validateCreate(obj, ctx) {
      return [...validateObjectMeta(obj.metadata, input.namespaced, nameValidator), ...(validate?.(obj, ctx) ?? [])];
    },
    validateUpdate(obj, old, ctx) {
      return [
        ...validateObjectMetaUpdate(obj.metadata, old.metadata),
        ...(validate?.(obj, ctx) ?? []),
        ...(validateUpdateExtra?.(obj, old, ctx) ?? []),
      ];
    },
  };
}
