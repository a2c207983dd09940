/**
 * namespace-controller (pkg/controller/namespace): once a namespace is being deleted (phase
 * Terminating, `kubernetes` in spec.finalizers), deletes everything in it through the API,
 * resource by resource as discovery lists them (background propagation), records progress in
 * the namespace's conditions, and when nothing is left removes the `kubernetes` finalizer
 * through the namespaces/finalize subresource; the namespace is then deleted.
 *
 * Level-based without polling: deletions and finalizer changes of anything in a terminating
 * namespace re-enqueue it, so it waits for graceful pod termination and for other finalizers
 * without timers.
 */
import type { KubeObject } from "../../../api/types";
import type { ResourceRef } from "../../../client";
import { resources } from "../../../registry";
import type { ResourceDefinition } from "../../../registry/types";
import { defineController, type ClusterComponent } from "../common/base";
import { NAMESPACES, conditionsOf, errMessage, isNotFound, rfc3339, type Condition } from "../common/util";
import { contentConditions, mergeConditions, type ContentTotals } from "./conditions";

export const NAMESPACE_CONTROLLER = "namespace-controller";
export const KUBERNETES_FINALIZER = "kubernetes";

/** discovery: namespaced resources supporting list and delete, one per storage (events are served twice) */
export function namespacedResources(): ResourceDefinition[] {
  const seen = new Set<string>();
  return resources.filter((d) => {
    if (!d.namespaced || !d.verbs.includes("delete") || !d.verbs.includes("list")) return false;
    if (seen.has(d.storageResource)) return false;
    seen.add(d.storageResource);
    return true;
  });
}

const refOf = (d: ResourceDefinition): ResourceRef => ({ group: d.group, version: d.version, resource: d.resource });

export function namespaceController(): ClusterComponent {
  return defineController(NAMESPACE_CONTROLLER, (env) => {
    const namespaces = env.informer(NAMESPACES);
    namespaces.addEventHandler({
      onAdd: (ns) => ns.metadata.deletionTimestamp && env.enqueue(ns.metadata.name!),
      onUpdate: (_o, ns) => ns.metadata.deletionTimestamp && env.enqueue(ns.metadata.name!),
    });
    const defs = namespacedResources();
    const inTerminating = (o: KubeObject) => {
      const ns = o.metadata.namespace;
      if (ns && namespaces.get(ns)?.metadata.deletionTimestamp) env.enqueue(ns);
    };
    for (const d of defs) env.informer(refOf(d)).addEventHandler({ onUpdate: (_o, n) => inTerminating(n), onDelete: inTerminating });

    return async (name) => {
      const ns = namespaces.get(name);
      if (!ns?.metadata.deletionTimestamp) return;
      const specFinalizers = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      if (!specFinalizers.includes(KUBERNETES_FINALIZER)) return;
      const client = env.ctx.client;
      const now = env.now();
      const deletedAt = Date.parse(ns.metadata.deletionTimestamp);
      const totals: ContentTotals = { remaining: new Map(), finalizers: new Map(), errors: [] };
      let deleted = 0;
      let podEstimate = 0;
      for (const def of defs) {
        const ref = refOf(def);
        const gr = `${def.resource}.${def.group}`;
        try {
          const items = (await client.list(ref, { namespace: name })).items;
          for (const o of items) {
            if (o.metadata.deletionTimestamp) continue;
            try {
              await client.delete(ref, name, o.metadata.name!, { propagationPolicy: "Background" });
              deleted++;
            } catch (e) {
              if (!isNotFound(e)) throw e;
            }
          }
          const left = (await client.list(ref, { namespace: name })).items;
          if (left.length) totals.remaining.set(gr, left.length);
          for (const o of left) for (const f of o.metadata.finalizers ?? []) totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + 1);
          if (def.group === "" && def.resource === "pods") podEstimate = estimatePods(left, deletedAt, now);
        } catch (e) {
          totals.errors.push(`${gr}: ${errMessage(e)}`);
        }
      }
      if (deleted) env.trace("delete-content", ns, name, "deleting", `${deleted} object(s) deleted`);
      const { conditions, changed } = mergeConditions(conditionsOf(ns), contentConditions(totals, rfc3339(now)), rfc3339(now));
      const latest = changed ? await writeConditions(ns, conditions) : ns;
      if (totals.errors.length) throw new Error(`namespace ${name}: ${totals.errors.join(", ")}`);
      const remaining = [...totals.remaining.values()].reduce((a, b) => a + b, 0);
      if (remaining > 0) {
        env.trace("wait-for-content", ns, name, "waiting", [...totals.remaining].map(([gr, n]) => `${gr}: ${n}`).join(", "));
        // graceful pod deletion ends with the pods' deletion events; the estimate is a backstop
        return podEstimate > 0 ? { requeueAfterMs: podEstimate * 1000 } : undefined;
      }
      // finalize: drop our token through namespaces/finalize, then delete the namespace
      try {
        const next: KubeObject = {
          ...latest,
          spec: { ...(latest.spec as object), finalizers: specFinalizers.filter((f) => f !== KUBERNETES_FINALIZER) },
        };
        const finalized = await client.update(NAMESPACES, undefined, next, { subresource: "finalize" as "status" });
        env.trace("finalize", finalized, name, "finalized", "removed finalizer kubernetes");
        if (
          ((finalized.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length === 0 &&
          !(finalized.metadata.finalizers ?? []).length
        ) {
          await client.delete(NAMESPACES, undefined, name);
          env.trace("delete", finalized, name, "deleted");
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return undefined;

      async function writeConditions(obj: KubeObject, conds: Condition[]): Promise<KubeObject> {
        try {
          const updated = await client.update(
            NAMESPACES,
            undefined,
            { ...obj, status: { ...(obj.status as object), conditions: conds } },
            { subresource: "status" },
          );
          env.trace(
            "update-conditions",
            updated,
            name,
            "updated",
            conds
              .filter((c) => c.status === "True")
              .map((c) => c.type)
              .join(", ") || "all ok",
          );
          return updated;
        } catch (e) {
          if (isNotFound(e)) return obj;
          throw e;
        }
      }
    };
  });
}

/** estimateGracefulTerminationForPods: the longest grace period of a non-terminal pod, minus the time already spent */
function estimatePods(pods: KubeObject[], deletedAt: number, now: number): number {
  let estimate = 0;
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    const grace = (p.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds ?? 0;
    estimate = Math.max(estimate, grace);
  }
  return (now - deletedAt) / 1000 >= estimate ? 0 : estimate;
}
