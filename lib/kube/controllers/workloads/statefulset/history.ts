/** StatefulSet revisions (stateful_set_control.go getStatefulSetRevisions, truncateHistory). */
import type { KubeObject } from "../../../api/types";
import type { ControllerEnv } from "../common/base";
import { bumpRevision, cleanupRevisions, createRevision, hashRevisionData, ownedRevisions, revisionNumber, sameData, templatePatch, type ControllerRevision } from "../common/history";
import { newControllerRef } from "../common/refs";
import type { PodTemplate } from "../common/types";
import { podRevision, type StatefulSet } from "./pods";

export const HASH_LABEL = "controller.kubernetes.io/hash";

/** ApplyRevision: the template a revision recorded */
export function revisionTemplate(cr: ControllerRevision): PodTemplate {
  const t = { ...(((cr.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template ?? {}) as Record<string, unknown>) };
  delete t.$patch;
  return t as PodTemplate;
}

export interface Revisions {
  current: ControllerRevision;
  update: ControllerRevision;
  all: ControllerRevision[];
  collisionCount: number;
}

export async function getRevisions(env: ControllerEnv, key: string, set: StatefulSet, crs: KubeObject[]): Promise<Revisions> {
  let all = ownedRevisions(crs, set);
  let collisionCount = set.status?.collisionCount ?? 0;
  const data = templatePatch(set.spec.template);
  const next = Math.max(0, ...all.map(revisionNumber)) + 1;
  const equal = all.filter((cr) => sameData(cr, data));
  const last = all[all.length - 1];
  let update: ControllerRevision;
  if (equal.length && last && equal[equal.length - 1] === last) update = last;
  else if (equal.length) {
    update = await bumpRevision(env, equal[equal.length - 1]!, next, key);
    all = [...all.filter((cr) => cr.metadata.name !== update.metadata.name), update];
  } else {
    for (;;) {
      const hash = hashRevisionData(data, collisionCount);
      const cr: ControllerRevision = {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: {
          name: `${set.metadata.name}-${hash}`,
          namespace: set.metadata.namespace,
          labels: { ...(set.spec.template?.metadata?.labels ?? {}), [HASH_LABEL]: hash },
          ownerReferences: [newControllerRef(set, "apps/v1", "StatefulSet")],
        },
        data,
        revision: next,
      };
      const out = await createRevision(env, cr, key);
      if (out !== "collision") {
        update = out;
        break;
      }
      collisionCount++;
    }
    all = [...all, update];
  }
  const current = all.find((cr) => cr.metadata.name === set.status?.currentRevision) ?? update;
  return { current, update, all, collisionCount };
}

/** truncateHistory: keeps revisions live pods use plus current and update, and revisionHistoryLimit more */
export async function truncateHistory(env: ControllerEnv, key: string, set: StatefulSet, pods: KubeObject[], r: Revisions): Promise<void> {
  const inUse = new Set(pods.map(podRevision));
  inUse.add(r.current.metadata.name!);
  inUse.add(r.update.metadata.name!);
  await cleanupRevisions(env, r.all, inUse, set.spec.revisionHistoryLimit ?? 10, key);
}
