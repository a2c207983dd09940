/**
 * One typed error for the whole API: `StatusError` carries a metav1.Status. Constructors mirror
 * k8s.io/apimachinery/pkg/api/errors so messages read exactly as a real cluster's. The API server
 * maps any thrown StatusError to its Status response in one place; anything else becomes 500.
 */
import type { GroupResource, Status, StatusCause, StatusReason } from "./types";
import { groupResourceString } from "./types";
import { type FieldError, aggregateFieldErrors, formatFieldError } from "./field-errors";

export class StatusError extends Error {
  readonly status: Status;
  constructor(code: number, reason: StatusReason, message: string, details?: Status["details"]) {
    super(message);
    this.name = "StatusError";
    this.status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
    if (details) this.status.details = details;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? "";
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

export const errors = {
  notFound(gr: GroupResource, name: string): StatusError {
    return new StatusError(404, "NotFound", `${groupResourceString(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  alreadyExists(gr: GroupResource, name: string): StatusError {
    return new StatusError(409, "AlreadyExists", `${groupResourceString(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
  },
  conflict(gr: GroupResource, name: string, why: string): StatusError {
    return new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${groupResourceString(gr)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  /** 422 Invalid. `kind` is the Kind ("Deployment"), `group` its group ("apps"). */
  invalid(group: string, kind: string, name: string, errs: FieldError[]): StatusError {
    const qualified = group ? `${kind}.${group}` : kind;
    const causes: StatusCause[] = errs.map((e) => ({
      reason: e.type,
      message: formatFieldError(e).slice(e.field.length + 2),
      field: e.field,
    }));
    return new StatusError(422, "Invalid", `${qualified} "${name}" is invalid: ${aggregateFieldErrors(errs)}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    });
  },
  badRequest(message: string): StatusError {
    return new StatusError(400, "BadRequest", message);
  },
  methodNotSupported(gr: GroupResource, action: string): StatusError {
    return new StatusError(405, "MethodNotAllowed", `${action} is not supported on resources of kind "${groupResourceString(gr)}"`, {
      group: gr.group || undefined,
      kind: gr.resource,
    });
  },
  expired(message: string): StatusError {
    return new StatusError(410, "Expired", message);
  },
  gone(message: string): StatusError {
    return new StatusError(410, "Gone", message);
  },
  forbidden(gr: GroupResource, name: string, why: string): StatusError {
    const subject = name ? `${groupResourceString(gr)} "${name}"` : groupResourceString(gr);
    return new StatusError(403, "Forbidden", `${subject} is forbidden: ${why}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource });
  },
  unauthorized(message = "Unauthorized"): StatusError {
    return new StatusError(401, "Unauthorized", message);
  },
  tooManyRequests(message: string, retryAfterSeconds = 1): StatusError {
    return new StatusError(429, "TooManyRequests", message, { retryAfterSeconds });
  },
  tooLarge(message: string): StatusError {
    return new StatusError(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);
  },
  unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
    return new StatusError(
      415,
      "UnsupportedMediaType",
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
      { causes: [{ reason: "UnsupportedMediaType", message: contentType }] },
    );
  },
  notAcceptable(accepted: string[]): StatusError {
    return new StatusError(406, "NotAcceptable", `only the following media types are accepted: ${accepted.join(", ")}`);
  },
  internal(err: unknown): StatusError {
    const msg = err instanceof Error ? err.message : String(err);
    return new StatusError(500, "InternalError", `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
  },
  serviceUnavailable(message: string): StatusError {
    return new StatusError(503, "ServiceUnavailable", message);
  },
};

/** Turns anything thrown into the Status to send. */
export function toStatus(e: unknown): Status {
  return (isStatusError(e) ? e : errors.internal(e)).status;
}
