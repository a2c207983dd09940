/**
 * garbage-collector-controller (pkg/controller/garbagecollector): deletes objects whose owners
 * are gone, by ownerReferences uid.
 * - Background: once no owner remains, the dependent is deleted (itself with the propagation its
 *   finalizers ask for).
 * - Foreground: an owner marked with the `foregroundDeletion` finalizer stays until no dependent
 *   with `blockOwnerDeletion: true` exists; its dependents are deleted meanwhile; then the
 *   finalizer is removed and the API server deletes it.
 * - Orphan: an owner marked with the `orphan` finalizer has its ownerReference removed from
 *   every dependent, then the finalizer removed.
 * Dependents that still have a live owner only lose their dangling references.
 */
import type { KubeObject, OwnerReference } from "../../../api/types";
import type { DeleteOptions, ResourceRef } from "../../../client";
import { getResourceForKind } from "../../../registry";
import type { ResourceDefinition } from "../../../registry/types";
import { defineController, type ClusterComponent, type ControllerEnv } from "../common/base";
import { isNotFound } from "../common/util";
import {
  collectableResources,
  FOREGROUND_FINALIZER,
  Graph,
  isDeletingDependents,
  isOrphaning,
  ORPHAN_FINALIZER,
  parseItemKey,
  refOf,
  type GraphNode,
} from "./graph";

export { ORPHAN_FINALIZER, FOREGROUND_FINALIZER } from "./graph";
export const GARBAGE_COLLECTOR = "garbage-collector-controller";

export function garbageCollector(): ClusterComponent {
  return defineController(GARBAGE_COLLECTOR, (env) => {
    const graph = new Graph(env.enqueue);
    const defs = new Map<string, ResourceDefinition>();
    for (const def of collectableResources()) {
      defs.set(`${def.group}/${def.resource}`, def);
      graph.watch(def, env.informer(refOf(def)));
    }
    const gc = new Collector(env, graph);
    return async (key) => {
      const { gr, namespace, name } = parseItemKey(key);
      const def = defs.get(gr);
      if (!def) return;
      const obj = env.informer(refOf(def)).get(namespace ? `${namespace}/${name}` : name);
      if (!obj) return;
      const node: GraphNode = { uid: obj.metadata.uid ?? "", def, key, obj };
      if (isOrphaning(obj)) return gc.orphanDependents(node);
      if (isDeletingDependents(obj)) return gc.processDeletingDependents(node);
      if (obj.metadata.deletionTimestamp) return;
      if ((obj.metadata.ownerReferences ?? []).length) return gc.attemptToDelete(node);
    };
  });
}

type OwnerState = "solid" | "dangling" | "waiting";

class Collector {
  constructor(
    private readonly env: ControllerEnv,
    private readonly graph: Graph,
  ) {}

  private get client() {
    return this.env.ctx.client;
  }

  /** attemptToDeleteItem: classify owners, then drop dangling references or delete the item */
  async attemptToDelete(item: GraphNode): Promise<void> {
    const refs = item.obj.metadata.ownerReferences ?? [];
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const r of refs) {
      const st = await this.ownerState(item, r);
      if (st === "solid") solid.push(r);
      else if (st === "dangling") dangling.push(r);
      else waiting.push(r);
    }
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      await this.mutate(
        item,
        (o) => {
          o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
        },
        "remove-owner-references",
        `owner(s) ${[...dangling, ...waiting].map(describeRef).join(", ")} no longer own it; ${solid.map(describeRef).join(", ")} still do`,
      );
      return;
    }
    const dependents = this.graph.dependentsOf(item.uid);
    if (waiting.length > 0 && dependents.length > 0) {
      // it is deleted in the foreground too; a dependent already deleting its own dependents may
      // form a cycle, so then its owner references stop blocking (upstream's cycle guard)
      if (dependents.some((d) => isDeletingDependents(d.obj))) {
        await this.mutate(
          item,
          (o) => {
            o.metadata.ownerReferences = (o.metadata.ownerReferences ?? []).map((r) =>
              r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r,
            );
          },
          "unblock-owner-references",
          "a dependent is also deleting dependents in the foreground",
        );
      }
      await this.delete(item, "Foreground", `owner ${waiting.map(describeRef).join(", ")} is deleting dependents in the foreground`);
      return;
    }
    const fin = item.obj.metadata.finalizers ?? [];
    const policy = fin.includes(ORPHAN_FINALIZER) ? "Orphan" : fin.includes(FOREGROUND_FINALIZER) ? "Foreground" : "Background";
    const why = waiting.length
      ? `owner ${waiting.map(describeRef).join(", ")} is deleting dependents in the foreground`
      : `all owners are gone: ${dangling.map(describeRef).join(", ")}`;
    await this.delete(item, policy, why);
  }

  /** processDeletingDependentsItem: remove foregroundDeletion once no blocking dependent is left */
  async processDeletingDependents(item: GraphNode): Promise<void> {
    const blocking = this.graph
      .dependentsOf(item.uid)
      .filter((d) => (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === item.uid && r.blockOwnerDeletion));
    if (blocking.length === 0) {
      await this.removeFinalizer(item, FOREGROUND_FINALIZER, "no dependents block its deletion");
      return;
    }
    // every dependent not yet being deleted is deleted now (attemptToDelete sees its owner waiting)
    for (const d of this.graph.dependentsOf(item.uid)) if (!d.obj.metadata.deletionTimestamp) this.env.enqueue(d.key);
  }

  /** orphanDependents: remove the owner's reference from every dependent, then the `orphan` finalizer */
  async orphanDependents(item: GraphNode): Promise<void> {
    for (const d of this.graph.dependentsOf(item.uid)) {
      await this.mutate(
        d,
        (o) => {
          const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== item.uid);
          if (refs.length) o.metadata.ownerReferences = refs;
          else delete o.metadata.ownerReferences;
        },
        "orphan-dependent",
        `owner ${item.obj.kind} ${item.obj.metadata.name} is deleted with propagationPolicy=Orphan`,
      );
    }
    await this.removeFinalizer(item, ORPHAN_FINALIZER, "dependents orphaned");
  }

  /** existence by uid (a live GET confirms what the cache does not know) */
  private async ownerState(item: GraphNode, r: OwnerReference): Promise<OwnerState> {
    const cached = this.graph.node(r.uid);
    let owner: KubeObject | undefined = cached?.obj;
    if (!owner) {
      const def = ownerDef(r);
      if (!def) return "solid"; // unknown kind: never collect on a guess (upstream retries its RESTMapping)
      if (def.namespaced && !item.obj.metadata.namespace) return "solid";
      try {
        const live = await this.client.get(refOf(def), def.namespaced ? item.obj.metadata.namespace : undefined, r.name);
        owner = live.metadata.uid === r.uid ? live : undefined;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    if (!owner) return "dangling";
    return isDeletingDependents(owner) ? "waiting" : "solid";
  }

  private async delete(item: GraphNode, policy: NonNullable<DeleteOptions["propagationPolicy"]>, why: string): Promise<void> {
    const m = item.obj.metadata;
    try {
      await this.client.delete(refOf(item.def), m.namespace, m.name!, { propagationPolicy: policy, preconditions: { uid: item.uid } });
      this.env.trace("delete", item.obj, item.key, "deleted", `propagationPolicy=${policy}: ${why}`);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** read-modify-write on the live object (a conflict throws and the key is retried) */
  private async mutate(item: GraphNode, change: (o: KubeObject) => void, action: string, detail: string): Promise<void> {
    const m = item.obj.metadata;
    const ref: ResourceRef = refOf(item.def);
    let live: KubeObject;
    try {
      live = await this.client.get(ref, m.namespace, m.name!);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (live.metadata.uid !== item.uid) return;
    const next = structuredClone(live) as KubeObject;
    change(next);
    try {
      const updated = await this.client.update(ref, m.namespace, next);
      this.env.trace(action, updated, item.key, "updated", detail);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private removeFinalizer(item: GraphNode, finalizer: string, why: string): Promise<void> {
    return this.mutate(
      item,
      (o) => {
        const f = (o.metadata.finalizers ?? []).filter((x) => x !== finalizer);
        if (f.length) o.metadata.finalizers = f;
        else delete o.metadata.finalizers;
      },
      "remove-finalizer",
      `${finalizer}: ${why}`,
    );
  }
}

function ownerDef(r: OwnerReference): ResourceDefinition | undefined {
  const i = r.apiVersion.indexOf("/");
  const group = i < 0 ? "" : r.apiVersion.slice(0, i);
  return getResourceForKind(group, r.kind);
}

function describeRef(r: OwnerReference): string {
  return `${r.kind}/${r.name} (uid ${r.uid})`;
}
