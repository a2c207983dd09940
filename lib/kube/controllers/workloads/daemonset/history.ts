/** DaemonSet ControllerRevisions (daemon/update.go constructHistory, snapshot, cleanupHistory). */
import type { KubeObject } from "../../../api/types";
import type { ControllerEnv } from "../common/base";
import { computeHash } from "../common/hash";
import { bumpRevision, cleanupRevisions, createRevision, ownedRevisions, revisionNumber, sameData, templatePatch, type ControllerRevision } from "../common/history";
import { DAEMONSETS, newControllerRef } from "../common/refs";
import { REVISION_HASH_LABEL, type DaemonSet } from "./util";

export async function constructHistory(env: ControllerEnv, key: string, ds: DaemonSet, all: KubeObject[]): Promise<{ cur: ControllerRevision; old: ControllerRevision[] }> {
  const histories = ownedRevisions(all, ds);
  const data = templatePatch(ds.spec.template);
  const matching = histories.filter((h) => sameData(h, data));
  const old = histories.filter((h) => !matching.includes(h));
  const next = Math.max(0, ...old.map(revisionNumber)) + 1;
  let cur = matching[matching.length - 1];
  if (!cur) {
    const cc = (ds.status as { collisionCount?: number } | undefined)?.collisionCount;
    const hash = computeHash(ds.spec.template, cc);
    const cr: ControllerRevision = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
        ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
        ownerReferences: [newControllerRef(ds, "apps/v1", "DaemonSet")],
      },
      data,
      revision: next,
    };
    const out = await createRevision(env, cr, key);
    if (out === "collision") {
      await env.ctx.client.update(DAEMONSETS, ds.metadata.namespace, { ...ds, status: { ...(ds.status ?? {}), collisionCount: (cc ?? 0) + 1 } }, { subresource: "status" });
      throw new Error(`found a hash collision for DaemonSet "${ds.metadata.name}"`);
    }
    cur = out;
  } else if (revisionNumber(cur) < next) cur = await bumpRevision(env, cur, next, key);
  return { cur, old };
}

export async function cleanupHistory(env: ControllerEnv, key: string, ds: DaemonSet, old: ControllerRevision[], pods: KubeObject[]): Promise<void> {
  const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]).filter(Boolean));
  const inUse = new Set(old.filter((cr) => live.has(cr.metadata.labels?.[REVISION_HASH_LABEL])).map((cr) => cr.metadata.name!));
  await cleanupRevisions(env, old, inUse, ds.spec.revisionHistoryLimit ?? 10, key);
}
