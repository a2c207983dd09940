/** Query options shared by write handlers: dryRun, fieldManager. */
import { errors } from "../../api/errors";
import { fieldError } from "../../api/field-errors";
import type { IncomingMessage } from "node:http";

export function parseDryRun(query: URLSearchParams, optionsKind: string): boolean {
  const values = query.getAll("dryRun");
  if (values.length === 0) return false;
  for (const v of values) {
    if (v !== "All") throw errors.invalid("meta.k8s.io", optionsKind, "", [fieldError.notSupported("dryRun", v, ["All"])]);
  }
  return true;
}

/** the fieldManager parameter, or the User-Agent's product ("kubectl/v1.33.1 …" -> "kubectl") */
export function parseFieldManager(query: URLSearchParams, req: IncomingMessage, optionsKind: string): string {
  const fm = query.get("fieldManager");
  if (fm !== null) {
    if (fm.length > 128) throw errors.invalid("meta.k8s.io", optionsKind, "", [fieldError.tooLong("fieldManager", fm, 128)]);
    return fm;
  }
  const ua = req.headers["user-agent"] ?? "";
  return (ua.split("/")[0] ?? "").slice(0, 128) || "unknown";
}
