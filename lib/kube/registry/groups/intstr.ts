/**
 * intstr.IntOrString fields (maxSurge, maxUnavailable, minAvailable): upstream's
 * int-or-percent validators and their Go `%#v` rendering in error messages.
 */
import { type FieldError, GoValue, fieldError } from "../../api/field-errors";
import { validateNonnegative } from "./util";

/** Go `%#v` of an intstr.IntOrString, as field.Invalid prints one */
export function goIntOrString(v: unknown): GoValue {
  return typeof v === "number"
    ? new GoValue(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`)
    : new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(String(v ?? ""))}}`);
}

const percentError =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function isPercent(s: string): boolean {
  return /^[0-9]+%$/.test(s);
}

/** appsvalidation.ValidatePositiveIntOrPercent */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isPercent(v) ? [] : [fieldError.invalid(path, goIntOrString(v), percentError)];
  if (typeof v === "number") return validateNonnegative(v, path);
  return [];
}

/** getIntOrPercentValue: "25%" -> 25, 3 -> 3, anything else -> 0 */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && isPercent(v)) return Number(v.slice(0, -1));
  return 0;
}

/** appsvalidation.IsNotMoreThan100Percent */
export function validateNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== "string" || !isPercent(v)) return [];
  return Number(v.slice(0, -1)) > 100 ? [fieldError.invalid(path, goIntOrString(v), "must not be greater than 100%")] : [];
}

/** intstr.IntOrString.String(): "25%" or "3" */
export function intOrStringText(v: unknown): string {
  return typeof v === "number" ? String(v) : typeof v === "string" ? v : "";
}
