import { errors, type StatusError } from "../../api/errors";
import type { AdmissionAttributes } from "./types";

/** admission.NewForbidden: names the object, or its generateName, or "Unknown" before naming */
export function forbidden(a: AdmissionAttributes, why: string): StatusError {
  const name = a.object?.metadata.name || a.object?.metadata.generateName || a.name || "Unknown";
  return errors.forbidden({ group: a.def.group, resource: a.def.resource }, name, why);
}

export function isPods(a: AdmissionAttributes): boolean {
  return a.def.group === "" && a.def.resource === "pods" && a.subresource === "";
}
