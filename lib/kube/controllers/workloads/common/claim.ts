/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go): an owner adopts orphans its
 * selector matches and releases objects it owns that no longer match; objects owned by another
 * controller are never touched. A deleting owner neither adopts nor releases.
 */
import type { KubeObject, OwnerReference } from "../../../api/types";
import type { LabelSelector } from "../../../api/selectors";
import type { ResourceRef } from "../../../client";
import type { ControllerEnv } from "./base";
import { controllerOf, isNotFound, newControllerRef } from "./refs";

export interface ClaimOptions {
  owner: KubeObject;
  apiVersion: string;
  kind: string;
  selector: LabelSelector;
  resource: ResourceRef;
  /** the key being reconciled (trace cause) */
  cause: string;
  /** extra filter for adoption (e.g. DaemonSet pods only) */
  canAdopt?: (obj: KubeObject) => boolean;
}

/** claims `candidates` (same namespace): returns the objects the owner controls afterwards */
export async function claimObjects(env: ControllerEnv, candidates: KubeObject[], o: ClaimOptions): Promise<KubeObject[]> {
  const uid = o.owner.metadata.uid;
  const ownerDeleting = !!o.owner.metadata.deletionTimestamp;
  const claimed: KubeObject[] = [];
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = o.selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches || ownerDeleting) {
        claimed.push(obj);
        continue;
      }
      if (obj.metadata.deletionTimestamp) continue;
      await patchOwners(env, o, obj, (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid), "release");
      continue;
    }
    if (!matches || ownerDeleting || obj.metadata.deletionTimestamp || (o.canAdopt && !o.canAdopt(obj))) continue;
    const owners: OwnerReference[] = [...(obj.metadata.ownerReferences ?? []), newControllerRef(o.owner, o.apiVersion, o.kind)];
    const adopted = await patchOwners(env, o, obj, owners, "adopt");
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function patchOwners(env: ControllerEnv, o: ClaimOptions, obj: KubeObject, owners: OwnerReference[], what: "adopt" | "release"): Promise<KubeObject | undefined> {
  try {
    const out = await env.ctx.client.patch(o.resource, obj.metadata.namespace, obj.metadata.name ?? "", "merge", {
      metadata: { ownerReferences: owners.length ? owners : null, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
    });
    env.trace(`${what} ${obj.kind.toLowerCase()}`, out, o.cause, "written");
    return out;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
