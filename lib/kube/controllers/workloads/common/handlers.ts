/**
 * The informer handlers every pod-owning controller shares (addPod/updatePod/deletePod in
 * replica_set.go, daemon_controller.go, stateful_set.go, job_controller.go): they only resolve
 * the pod's controller (or, for orphans, the owners whose selector matches), record observed
 * expectations and enqueue keys.
 */
import type { KubeObject } from "../../../api/types";
import { labelSelectorAsSelector, type MetaLabelSelector } from "../../../api/selectors";
import type { Informer } from "../../../client";
import type { ControllerEnv } from "./base";
import type { Expectations } from "./expectations";
import { controllerOf } from "./refs";

export interface OwnedHandlersOptions {
  /** the owner kind, e.g. "ReplicaSet" */
  kind: string;
  owners: Informer;
  expectations?: Expectations;
  /** called after a pod update was routed to its owner key (e.g. readiness changes) */
  onUpdate?(oldObj: KubeObject, newObj: KubeObject, ownerKey: string): void;
  /** adopt orphans: default true */
  adoptOrphans?: boolean;
}

export function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ""}/${obj.metadata.name ?? ""}`;
}

/** the owner key of `obj`'s controller of this kind, if that owner exists with the same uid */
export function resolveOwner(obj: KubeObject, kind: string, owners: Informer): string | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  const key = `${obj.metadata.namespace ?? ""}/${ref.name}`;
  const owner = owners.get(key);
  return owner && owner.metadata.uid === ref.uid ? key : undefined;
}

/** owners in the pod's namespace whose selector matches it (getPodReplicaSets & co.) */
export function matchingOwners(obj: KubeObject, owners: Informer): string[] {
  const out: string[] = [];
  for (const o of owners.list(obj.metadata.namespace)) {
    const sel = (o.spec as { selector?: MetaLabelSelector } | undefined)?.selector;
    try {
      const s = labelSelectorAsSelector(sel);
      if (!s.empty() && s.matches(obj.metadata.labels)) out.push(keyOf(o));
    } catch {
      // an invalid selector selects nothing
    }
  }
  return out;
}

export function watchOwned(env: ControllerEnv, source: Informer, o: OwnedHandlersOptions): void {
  const adopt = o.adoptOrphans ?? true;
  const orphans = (obj: KubeObject) => {
    if (!adopt || obj.metadata.deletionTimestamp) return;
    for (const k of matchingOwners(obj, o.owners)) env.enqueue(k);
  };
  source.addEventHandler({
    onAdd(obj) {
      if (obj.metadata.deletionTimestamp) return this.onDelete?.(obj);
      const key = resolveOwner(obj, o.kind, o.owners);
      if (key) {
        o.expectations?.creationObserved(key);
        env.enqueue(key);
      } else if (!controllerOf(obj)) orphans(obj);
    },
    onUpdate(oldObj, newObj) {
      const oldKey = resolveOwner(oldObj, o.kind, o.owners);
      const key = resolveOwner(newObj, o.kind, o.owners);
      if (newObj.metadata.deletionTimestamp && !oldObj.metadata.deletionTimestamp && key) o.expectations?.deletionObserved(key, newObj.metadata.uid ?? "");
      if (oldKey && oldKey !== key) env.enqueue(oldKey);
      if (key) {
        env.enqueue(key);
        o.onUpdate?.(oldObj, newObj, key);
      } else if (!controllerOf(newObj)) {
        const labelsChanged = JSON.stringify(oldObj.metadata.labels ?? {}) !== JSON.stringify(newObj.metadata.labels ?? {});
        if (labelsChanged || controllerOf(oldObj)) orphans(newObj);
      }
    },
    onDelete(obj) {
      const key = resolveOwner(obj, o.kind, o.owners);
      if (!key) return;
      o.expectations?.deletionObserved(key, obj.metadata.uid ?? "");
      env.enqueue(key);
    },
  });
}

/** owner add/update/delete: enqueue the owner's own key */
export function watchSelf(env: ControllerEnv, inf: Informer, onDelete?: (key: string) => void): void {
  inf.addEventHandler({
    onAdd: (obj) => env.enqueue(keyOf(obj)),
    onUpdate: (_o, obj) => env.enqueue(keyOf(obj)),
    onDelete: (obj) => {
      onDelete?.(keyOf(obj));
      env.enqueue(keyOf(obj));
    },
  });
}
