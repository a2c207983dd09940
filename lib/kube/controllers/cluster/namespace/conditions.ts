/**
 * The namespace deleter's status conditions (pkg/controller/namespace/deletion/
 * status_condition_utils.go): all five are always present, each either an error/"remaining"
 * variant or its "ok" variant, with upstream's reasons and messages.
 */
import type { Condition } from "../common/util";

export const CONDITION_TYPES = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;

const OK: Record<(typeof CONDITION_TYPES)[number], [string, string]> = {
  NamespaceDeletionDiscoveryFailure: ["ResourcesDiscovered", "All resources successfully discovered"],
  NamespaceDeletionGroupVersionParsingFailure: ["ParsedGroupVersions", "All legacy kube types successfully parsed"],
  NamespaceDeletionContentFailure: ["ContentDeleted", "All content successfully deleted, may be waiting on finalization"],
  NamespaceContentRemaining: ["ContentRemoved", "All content successfully removed"],
  NamespaceFinalizersRemaining: ["ContentRemoved", "All content successfully removed"],
};

export interface ContentTotals {
  /** "<resource>.<group>" → instances remaining */
  remaining: Map<string, number>;
  /** finalizer → instances carrying it */
  finalizers: Map<string, number>;
  /** delete errors, one per resource that failed */
  errors: string[];
}

/** ProcessContentTotals + ProcessDeleteContentErr: the non-ok conditions for these totals */
export function contentConditions(t: ContentTotals, now: string): Condition[] {
  const out: Condition[] = [];
  const remaining = [...t.remaining]
    .filter(([, n]) => n > 0)
    .map(([gr, n]) => `${gr} has ${n} resource instances`)
    .sort();
  if (remaining.length)
    out.push({
      type: "NamespaceContentRemaining",
      status: "True",
      lastTransitionTime: now,
      reason: "SomeResourcesRemain",
      message: `Some resources are remaining: ${remaining.join(", ")}`,
    });
  const fins = [...t.finalizers]
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${f} in ${n} resource instances`)
    .sort();
  if (fins.length)
    out.push({
      type: "NamespaceFinalizersRemaining",
      status: "True",
      lastTransitionTime: now,
      reason: "SomeFinalizerRemain",
      message: `Some finalizers are remaining: ${fins.join(", ")}`,
    });
  if (t.errors.length) {
    const msgs = [...t.errors].sort();
    out.push({
      type: "NamespaceDeletionContentFailure",
      status: "True",
      lastTransitionTime: now,
      reason: "ContentDeletionFailed",
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(", ")}`,
    });
  }
  return out;
}

/** updateConditions: every maintained type gets the new or the ok variant; returns the list and whether it changed */
export function mergeConditions(current: Condition[], fresh: Condition[], now: string): { conditions: Condition[]; changed: boolean } {
  const conditions = current.map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const want = fresh.find((c) => c.type === type) ?? {
      type,
      status: "False",
      lastTransitionTime: now,
      reason: OK[type][0],
      message: OK[type][1],
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(want);
      changed = true;
    } else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      if (old.status !== want.status) old.lastTransitionTime = now;
      old.status = want.status;
      old.reason = want.reason;
      old.message = want.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
