/**
 * The errors the patch handlers of kube-apiserver return, built as `StatusError`s so the API
 * server maps them in its one place. Wording and codes follow
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go.
 */
import { StatusError, errors, fieldError } from "../api";

/**
 * `errors.NewGenericServerResponse(422, "", GroupResource{}, "", msg, 0, false)`: what a failed
 * JSON patch operation (and a list-of-lists SMP) turns into. The server message is dropped;
 * kubectl prints `The request is invalid: the server rejected our request due to an error in our request`.
 * The underlying reason stays available as `error.cause` for traces and lessons.
 */
export function rejectedRequest(why: string): StatusError {
  const e = new StatusError(422, "Invalid", "the server rejected our request due to an error in our request", {});
  e.cause = new Error(why);
  return e;
}

/**
 * A plain Go error that reached `scope.err` without being a Status: 500 with no reason and the
 * raw message (kubectl prints `Error from server: <message>`), as upstream does for SMP errors
 * such as `map: map[image:x] does not contain declared merge key: name`.
 */
export function plainError(message: string): StatusError {
  const e = new StatusError(500, "InternalError", message);
  delete (e.status as { reason?: unknown }).reason;
  return e;
}

/** `errors.NewInvalid(schema.GroupKind{}, "", [field.Invalid("patch", value, detail)])`. */
export function invalidPatch(value: string, detail: string): StatusError {
  return errors.invalid("", "", "", [fieldError.invalid("patch", value, detail)]);
}

export const badRequest = errors.badRequest;

/** Thrown inside the engines; `index.ts` converts it to the status upstream would send. */
export class PatchEngineError extends Error {
  constructor(
    message: string,
    readonly kind: "bad-request" | "unprocessable" | "plain",
  ) {
    super(message);
    this.name = "PatchEngineError";
  }
  toStatusError(): StatusError {
    if (this.kind === "bad-request") return errors.badRequest(this.message);
    if (this.kind === "unprocessable") return rejectedRequest(this.message);
    return plainError(this.message);
  }
}
