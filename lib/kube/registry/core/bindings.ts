/**
 * core/v1 bindings: create-only (POST /namespaces/{ns}/bindings, as the scheduler's legacy path);
 * nothing is stored under "bindings" — the API server applies a Binding to the named pod, like
 * pods/binding. Validation is ValidatePodBinding.
 */
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { asRecord, defaultTablePrinter } from "../common";

export const bindings: ResourceDefinition = {
  group: "",
  version: "v1",
  resource: "bindings",
  singular: "binding",
  kind: "Binding",
  listKind: "BindingList",
  namespaced: true,
  verbs: ["create"],
  storageResource: "bindings",
  statusSubresource: false,
  validateCreate(b) {
    const errs: FieldError[] = [];
    const target = asRecord(b.target);
    const kind = typeof target.kind === "string" ? target.kind : "";
    if (kind && kind !== "Node") errs.push(fieldError.notSupported("target.kind", kind, ["Node", "<empty>"]));
    if (!target.name) errs.push(fieldError.required("target.name"));
    return errs;
  },
  printer: defaultTablePrinter,
};
