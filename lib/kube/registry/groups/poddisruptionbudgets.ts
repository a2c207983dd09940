/**
 * policy/v1 poddisruptionbudgets: pkg/registry/policy/poddisruptionbudget with
 * ValidatePodDisruptionBudgetSpec. The status' non-omitempty counters start at 0, as a real
 * server serializes a new PDB.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, nameColumn, simpleDefinition, validateLabelSelector, type LabelSelector } from "../common";
import { intOrStringText, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from "./intstr";
import { keepStatus, statusSubresource } from "./workload";
import { num, specOf, statusOf } from "./util";

const EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

export function validatePdbSpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  const has = (v: unknown) => v !== undefined && v !== null;
  // upstream prints the whole spec struct (with pointer addresses) here; we abbreviate it
  if (has(s.minAvailable) && has(s.maxUnavailable))
    errs.push(fieldError.invalid("spec", new GoValue("policy.PodDisruptionBudgetSpec{...}"), "minAvailable and maxUnavailable cannot be both set"));
  for (const f of ["minAvailable", "maxUnavailable"])
    if (has(s[f])) errs.push(...validatePositiveIntOrPercent(s[f], `spec.${f}`), ...validateNotMoreThan100Percent(s[f], `spec.${f}`));
  if (has(s.selector)) errs.push(...validateLabelSelector(s.selector as LabelSelector, "spec.selector"));
  if (has(s.unhealthyPodEvictionPolicy) && !EVICTION_POLICIES.includes(String(s.unhealthyPodEvictionPolicy)))
    errs.push(fieldError.notSupported("spec.unhealthyPodEvictionPolicy", s.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  return errs;
}

export const pdbPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Min Available", "string", "The minimum number of pods that must be available."),
    column("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
    column("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
    ageColumn,
  ],
  cells(obj, now) {
    const s = specOf(obj);
    const text = (v: unknown) => (v === undefined || v === null ? "N/A" : intOrStringText(v));
    return [obj.metadata.name ?? "", text(s.minAvailable), text(s.maxUnavailable), num(statusOf(obj).disruptionsAllowed), ageOf(obj, now)];
  },
};

export const poddisruptionbudgets: ResourceDefinition = simpleDefinition({
  group: "policy",
  version: "v1",
  resource: "poddisruptionbudgets",
  singular: "poddisruptionbudget",
  kind: "PodDisruptionBudget",
  namespaced: true,
  shortNames: ["pdb"],
  subresources: [statusSubresource("policy", "v1", "PodDisruptionBudget")],
  statusSubresource: true,
  prepareForCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    keepStatus(obj, old);
  },
  validate: validatePdbSpec,
  printer: pdbPrinter,
});
