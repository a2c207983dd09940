/**
 * The admission chain, in kube-apiserver's default order for the plugins we model:
 * mutating NamespaceLifecycle, LimitRanger, ServiceAccount, DefaultTolerationSeconds;
 * validating LimitRanger, ResourceQuota. Each plugin's verdict is recorded in the cluster trace.
 */
import { isStatusError } from "../../api/errors";
import { traceStage } from "../meta";
import type { ServerCore } from "../types";
import { defaultTolerationSeconds } from "./default-toleration-seconds";
import { limitRanger, limitRangerValidate } from "./limit-ranger";
import { namespaceLifecycle } from "./namespace-lifecycle";
import { resourceQuota } from "./resource-quota";
import { serviceAccount } from "./service-account";
import type { AdmissionAttributes, AdmissionPlugin } from "./types";

export type { AdmissionAttributes, AdmissionPlugin, AdmissionOperation } from "./types";

export const DEFAULT_PLUGINS: readonly AdmissionPlugin[] = [namespaceLifecycle, limitRanger, serviceAccount, defaultTolerationSeconds, limitRangerValidate, resourceQuota];

/** Runs every plugin of `phase` in order; the first refusal (a thrown StatusError) stops the request. */
export function runAdmission(core: ServerCore, plugins: readonly AdmissionPlugin[], phase: "mutating" | "validating", attrs: AdmissionAttributes): void {
  const ran: string[] = [];
  for (const p of plugins) {
    if (p.phase !== phase) continue;
    ran.push(p.name);
    let changed: boolean | void;
    try {
      changed = p.admit(attrs, core);
    } catch (e) {
      traceStage(core, attrs.ctx, `admission:${p.name}`, "denied", { object: attrs.object, detail: isStatusError(e) ? e.message : String(e) });
      throw e;
    }
    if (changed) traceStage(core, attrs.ctx, `admission:${p.name}`, "mutated", { object: attrs.object });
  }
  traceStage(core, attrs.ctx, `${phase} admission`, "allowed", { object: attrs.object ?? attrs.oldObject, detail: ran.join(", ") });
}
