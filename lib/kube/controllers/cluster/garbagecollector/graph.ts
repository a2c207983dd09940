/**
 * The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go and
 * graph_builder.go): every object of every watched resource by uid, and for every uid the
 * uids of the objects naming it in ownerReferences. The handlers keep the graph in step with
 * the shared informers and enqueue the items whose state may now call for action:
 * - an object with owners that are unknown, or being deleted (it may be garbage or block them);
 * - an object being deleted with the `orphan` or `foregroundDeletion` finalizer;
 * - the dependents of an object that is gone;
 * - the foreground-deleting owners of an object that changed or is gone.
 */
import type { KubeObject, OwnerReference } from "../../../api/types";
import type { Informer, ResourceRef } from "../../../client";
import { resources } from "../../../registry";
import type { ResourceDefinition } from "../../../registry/types";

export const ORPHAN_FINALIZER = "orphan";
export const FOREGROUND_FINALIZER = "foregroundDeletion";

/** upstream's DefaultIgnoredResources: events never own anything and churn a lot */
const IGNORED = new Set(["/events", "events.k8s.io/events"]);

/** resources the collector watches: every listable, watchable, deletable stored resource */
export function collectableResources(): ResourceDefinition[] {
  return resources.filter(
    (d) => !IGNORED.has(`${d.group}/${d.resource}`) && ["list", "watch", "delete"].every((v) => d.verbs.includes(v as never)),
  );
}

export const refOf = (d: ResourceDefinition): ResourceRef => ({ group: d.group, version: d.version, resource: d.resource });

export interface GraphNode {
  uid: string;
  def: ResourceDefinition;
  /** the work-queue key: "<group>/<resource>|<namespace>/<name>" */
  key: string;
  obj: KubeObject;
}

export function itemKey(def: ResourceDefinition, namespace: string | undefined, name: string): string {
  return `${def.group}/${def.resource}|${namespace ?? ""}/${name}`;
}

export function parseItemKey(key: string): { gr: string; namespace: string | undefined; name: string } {
  const [gr, rest] = key.split("|") as [string, string];
  const i = rest.indexOf("/");
  const ns = rest.slice(0, i);
  return { gr, namespace: ns || undefined, name: rest.slice(i + 1) };
}

export const isDeletingDependents = (o: KubeObject) =>
  !!o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
export const isOrphaning = (o: KubeObject) => !!o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(ORPHAN_FINALIZER);

export class Graph {
  readonly nodes = new Map<string, GraphNode>();
  private readonly dependents = new Map<string, Set<string>>();

  constructor(private readonly enqueue: (key: string) => void) {}

  /** registers handlers on the informer of `def` */
  watch(def: ResourceDefinition, informer: Informer): void {
    informer.addEventHandler({
      onAdd: (o) => this.upsert(def, undefined, o),
      onUpdate: (old, o) => this.upsert(def, old, o),
      onDelete: (o) => this.remove(o),
    });
  }

  node(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** the objects naming `uid` as an owner, as the graph knows them now */
  dependentsOf(uid: string): GraphNode[] {
    return [...(this.dependents.get(uid) ?? [])].map((u) => this.nodes.get(u)).filter((n): n is GraphNode => !!n);
  }

  private upsert(def: ResourceDefinition, old: KubeObject | undefined, o: KubeObject): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    const node: GraphNode = { uid, def, key: itemKey(def, o.metadata.namespace, o.metadata.name ?? ""), obj: o };
    this.nodes.set(uid, node);
    const oldRefs = old?.metadata.ownerReferences ?? [];
    const refs = o.metadata.ownerReferences ?? [];
    for (const r of oldRefs) if (!refs.some((x) => x.uid === r.uid)) this.unlink(r.uid, uid);
    for (const r of refs) {
      let s = this.dependents.get(r.uid);
      if (!s) this.dependents.set(r.uid, (s = new Set()));
      s.add(uid);
    }
    if (isOrphaning(o) || isDeletingDependents(o)) this.enqueue(node.key);
    if (refs.some((r) => this.ownerNeedsLook(r))) this.enqueue(node.key);
    this.wakeForegroundOwners([...oldRefs, ...refs]);
  }

  private remove(o: KubeObject): void {
    const uid = o.metadata.uid;
    if (!uid) return;
    this.nodes.delete(uid);
    for (const r of o.metadata.ownerReferences ?? []) this.unlink(r.uid, uid);
    for (const d of this.dependentsOf(uid)) this.enqueue(d.key);
    this.wakeForegroundOwners(o.metadata.ownerReferences ?? []);
  }

  private unlink(owner: string, dep: string): void {
    const s = this.dependents.get(owner);
    s?.delete(dep);
    if (s && s.size === 0) this.dependents.delete(owner);
  }

  private ownerNeedsLook(r: OwnerReference): boolean {
    const owner = this.nodes.get(r.uid);
    return !owner || !!owner.obj.metadata.deletionTimestamp;
  }

  private wakeForegroundOwners(refs: OwnerReference[]): void {
    for (const r of refs) {
      const owner = this.nodes.get(r.uid);
      if (owner && isDeletingDependents(owner.obj)) this.enqueue(owner.key);
    }
  }
}
