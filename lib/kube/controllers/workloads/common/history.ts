/**
 * ControllerRevisions (pkg/controller/history): immutable snapshots of a DaemonSet's or
 * StatefulSet's pod template, `data` = `{"spec":{"template":{...,"$patch":"replace"}}}`,
 * numbered by `revision`, owned through a controller reference.
 */
import type { KubeObject } from "../../../api/types";
import type { ControllerEnv } from "./base";
import { canonicalJSON, safeEncodeString, semanticJSON } from "./hash";
import { CONTROLLER_REVISIONS, controllerOf, isAlreadyExists, isNotFound } from "./refs";

export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision?: number;
}

/** getPatch: the template to restore, as a strategic-merge patch that replaces it */
export function templatePatch(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...((template as Record<string, unknown>) ?? {}), $patch: "replace" } } };
}

/**
 * HashControllerRevision: FNV-32 (FNV-1, not 1a) of the data's JSON (keys sorted, as Go marshals
 * maps), then the collision count in decimal, SafeEncodeString'd.
 */
export function hashRevisionData(data: unknown, collisionCount?: number): string {
  let h = fnv32(new TextEncoder().encode(canonicalJSON(data)));
  if (collisionCount !== undefined && collisionCount !== null) h = fnv32(new TextEncoder().encode(String(collisionCount)), h);
  return safeEncodeString(String(h));
}

function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

export function ownedRevisions(all: KubeObject[], owner: KubeObject): ControllerRevision[] {
  return all.filter((cr) => controllerOf(cr)?.uid === owner.metadata.uid).sort((a, b) => revisionNumber(a) - revisionNumber(b) || ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
}

export const revisionNumber = (cr: KubeObject): number => (cr as ControllerRevision).revision ?? 0;

export const sameData = (cr: ControllerRevision, data: unknown) => semanticJSON(cr.data) === semanticJSON(data);

/** creates `cr`; an existing revision of the same name with the same data is reused */
export async function createRevision(env: ControllerEnv, cr: ControllerRevision, cause: string): Promise<ControllerRevision | "collision"> {
  try {
    const out = (await env.ctx.client.create(CONTROLLER_REVISIONS, cr.metadata.namespace, cr)) as ControllerRevision;
    env.trace("create controllerrevision", out, cause, "created", `revision ${cr.revision}`);
    return out;
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const existing = (await env.ctx.client.get(CONTROLLER_REVISIONS, cr.metadata.namespace, cr.metadata.name!)) as ControllerRevision;
    return sameData(existing, cr.data) && controllerOf(existing)?.uid === controllerOf(cr)?.uid ? existing : "collision";
  }
}

/** a rollback to an old template: the matching revision gets the next number */
export async function bumpRevision(env: ControllerEnv, cr: ControllerRevision, revision: number, cause: string): Promise<ControllerRevision> {
  const out = (await env.ctx.client.patch(CONTROLLER_REVISIONS, cr.metadata.namespace, cr.metadata.name!, "merge", { revision })) as ControllerRevision;
  env.trace("update controllerrevision", out, cause, "written", `revision ${cr.revision} -> ${revision}`);
  return out;
}

/** cleanupHistory: deletes the oldest revisions no live pod uses, beyond revisionHistoryLimit */
export async function cleanupRevisions(env: ControllerEnv, revisions: ControllerRevision[], inUse: Set<string>, limit: number, cause: string): Promise<void> {
  const removable = revisions.filter((cr) => !inUse.has(cr.metadata.name!));
  for (let i = 0; i < removable.length - limit; i++) {
    const cr = removable[i]!;
    try {
      await env.ctx.client.delete(CONTROLLER_REVISIONS, cr.metadata.namespace, cr.metadata.name!);
      env.trace("delete controllerrevision", cr, cause, "deleted", "revisionHistoryLimit");
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}
