/**
 * coordination.k8s.io/v1 leases: pkg/registry/coordination/lease with ValidateLease
 * (CoordinatedLeaderElection is alpha in 1.33, so strategy/preferredHolder are not used).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, simpleDefinition } from "../common";
import { groupDocs } from "./descriptions";
import { specOf, validateNonnegative } from "./util";

export function validateLeaseSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  if (typeof s.leaseDurationSeconds === "number" && s.leaseDurationSeconds <= 0)
    errs.push(fieldError.invalid("spec.leaseDurationSeconds", s.leaseDurationSeconds, "must be greater than 0"));
  errs.push(...validateNonnegative(s.leaseTransitions, "spec.leaseTransitions"));
  return errs;
}

export const leasePrinter: TablePrinter = {
  columns: [nameColumn, column("Holder", "string", groupDocs["LeaseSpec.holderIdentity"]), ageColumn],
  cells(obj, now) {
    const holder = specOf(obj).holderIdentity;
    return [obj.metadata.name ?? "", typeof holder === "string" ? holder : "", ageOf(obj, now)];
  },
};

export const leases: ResourceDefinition = simpleDefinition({
  group: "coordination.k8s.io",
  version: "v1",
  resource: "leases",
  singular: "lease",
  kind: "Lease",
  namespaced: true,
  validate: validateLeaseSpec,
  printer: leasePrinter,
});
