/**
 * The eviction subresource's PodDisruptionBudget check (pkg/registry/core/pod/storage/eviction.go):
 * pods that are not running (Pending, terminal, or already being deleted) ignore budgets; a
 * running pod covered by one budget may go only while it allows a disruption, which the eviction
 * uses up (status.disruptionsAllowed-1, the pod recorded in status.disruptedPods).
 */
import { errors, StatusError } from "../../api/errors";
import type { KubeObject } from "../../api/types";
import { labelSelectorAsSelector, type MetaLabelSelector } from "../../api/selectors";
import { rfc3339, traceStage } from "../meta";
import { storeError } from "../rest/common";
import type { OpContext, ServerCore } from "../types";

const TOO_MANY = "Cannot evict pod as it would violate the pod's disruption budget.";

function disruptionError(retryAfterSeconds: number, cause: string): StatusError {
  const err = errors.tooManyRequests(TOO_MANY, retryAfterSeconds);
  if (retryAfterSeconds === 0) delete err.status.details!.retryAfterSeconds;
  err.status.details = { ...err.status.details, causes: [{ reason: "DisruptionBudget", message: cause }] };
  return err;
}

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
}

/** Throws when the budget forbids evicting `pod`; otherwise records the disruption (unless dry-run). */
export function checkDisruptionBudgets(core: ServerCore, op: OpContext, pod: KubeObject): void {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !phase || pod.metadata.deletionTimestamp) return;
  const ns = pod.metadata.namespace ?? "";
  const prefix = `/registry/poddisruptionbudgets/${ns}/`;
  if (core.store.count(prefix) === 0) return;
  const pdbs = core.store
    .list(prefix)
    .items.filter((p) => {
      const sel = labelSelectorAsSelector((p.spec as { selector?: MetaLabelSelector } | undefined)?.selector);
      return !sel.empty() && sel.matches(pod.metadata.labels);
    });
  if (pdbs.length === 0) return;
  if (pdbs.length > 1) throw errors.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  const pdb = pdbs[0]!;
  const st = (pdb.status ?? {}) as PdbStatus;
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    throw disruptionError(10, `The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
  }
  const allowed = st.disruptionsAllowed ?? 0;
  if (allowed < 0) throw errors.forbidden({ group: "policy", resource: "poddisruptionbudgets" }, pdb.metadata.name ?? "", "pdb disruptions allowed is negative");
  if (allowed === 0) {
    throw disruptionError(0, `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  }
  if (op.dryRun) return;
  const next = structuredClone(pdb) as KubeObject;
  next.status = { ...st, disruptionsAllowed: allowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [pod.metadata.name ?? ""]: rfc3339(core.clock.now()) } };
  try {
    const stored = core.store.update(`${prefix}${pdb.metadata.name}`, next, { expectedRevision: Number(pdb.metadata.resourceVersion) });
    traceStage(core, op, "storage", "written", { object: stored, resourceVersion: stored.metadata.resourceVersion, detail: "disruption recorded by eviction" });
  } catch (e) {
    const def = core.resolve("policy", "poddisruptionbudgets");
    throw def ? storeError(def, pdb.metadata.name ?? "", e) : e;
  }
}
