/**
 * field.Error from k8s.io/apimachinery/pkg/util/validation/field, with upstream's wording,
 * so `The Deployment "web" is invalid: spec.replicas: Invalid value: -1: ...` reads the same.
 */

export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueNotFound"
  | "InternalError"
  | "FieldValueTypeInvalid";

export interface FieldError {
  type: FieldErrorType;
  /** dotted path with indices, e.g. `spec.template.spec.containers[0].image` */
  field: string;
  /** the offending value; omitted for Required/Forbidden/TooMany */
  value?: unknown;
  detail?: string;
}

const typeWords: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueNotFound: "Not found",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/**
 * A bad value already printed the way Go's `%#v` prints it (maps, structs such as
 * `v1.LabelSelector{...}`); `formatFieldError` shows its text verbatim.
 */
export class GoValue {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** Go's %#v-ish rendering used by field.Error.Error() for scalar values. */
function renderValue(value: unknown): string {
  if (value instanceof GoValue) return value.text;
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Exactly field.Error.Error(): `<field>: <Type words>[: <value>][: <detail>]`. */
export function formatFieldError(e: FieldError): string {
  const parts = [`${e.field}: ${typeWords[e.type]}`];
  const omitValue = e.type === "FieldValueRequired" || e.type === "FieldValueForbidden" || e.type === "FieldValueTooMany" || e.type === "InternalError";
  if (!omitValue && e.value !== undefined) parts.push(renderValue(e.value));
  if (e.detail) parts.push(e.detail);
  return parts.join(": ");
}

/** utilerrors.NewAggregate(...).Error(): one error bare, several as `[a, b]`. */
export function aggregateFieldErrors(errs: FieldError[]): string {
  const msgs = [...new Set(errs.map(formatFieldError))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(", ")}]`;
}

export const fieldError = {
  required: (field: string, detail = ""): FieldError => ({ type: "FieldValueRequired", field, detail }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ type: "FieldValueInvalid", field, value, detail }),
  notSupported: (field: string, value: unknown, valid: string[]): FieldError => ({
    type: "FieldValueNotSupported",
    field,
    value,
    detail: valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(", ")}` : "",
  }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: "FieldValueDuplicate", field, value }),
  forbidden: (field: string, detail: string): FieldError => ({ type: "FieldValueForbidden", field, detail }),
  tooLong: (field: string, value: unknown, max: number): FieldError => ({ type: "FieldValueTooLong", field, value, detail: `must have at most ${max} bytes` }),
};
