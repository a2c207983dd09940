/**
 * apps/v1 controllerrevisions: pkg/registry/apps/controllerrevision (no status, no defaults)
 * with ValidateControllerRevision / ValidateControllerRevisionUpdate.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, simpleDefinition } from "../common";
import { parseApiVersion } from "../../api/types";
import { groupDocs } from "./descriptions";
import { validateImmutable, validateNonnegative } from "./util";

export function validateControllerRevision(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.data === undefined || obj.data === null) errs.push(fieldError.required("data", "data is mandatory"));
  errs.push(...validateNonnegative(obj.revision, "revision"));
  return errs;
}

/** the controller owner as printers.go's formatResourceName prints it: "statefulset.apps/web" */
export function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return "<none>";
  const { group } = parseApiVersion(ref.apiVersion);
  const gk = group ? `${ref.kind}.${group}` : ref.kind;
  return gk ? `${gk.toLowerCase()}/${ref.name}` : ref.name;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [nameColumn, column("Controller", "string", "Controller of the object"), column("Revision", "string", groupDocs["ControllerRevision.revision"]), ageColumn],
  cells(obj, now) {
    return [obj.metadata.name ?? "", controllerName(obj), typeof obj.revision === "number" ? obj.revision : 0, ageOf(obj, now)];
  },
};

export const controllerrevisions: ResourceDefinition = simpleDefinition({
  group: "apps",
  version: "v1",
  resource: "controllerrevisions",
  singular: "controllerrevision",
  kind: "ControllerRevision",
  namespaced: true,
  validate: validateControllerRevision,
  validateUpdateExtra: (obj, old) => validateImmutable(obj.data, old.data, "data"),
  printer: controllerRevisionPrinter,
});
