/** pkg/controller/daemon/update.go rollingUpdate (maxSurge 0): old pods to delete within maxUnavailable. */
import type { KubeObject } from "../../../api/types";
import { isPodAvailable } from "../common/pods";
import { scaledValue } from "../deployment/util";
import { isPodUpdated, type DaemonSet } from "./util";
import { nodeShouldRunDaemonPod } from "./predicates";

export function rollingUpdate(ds: DaemonSet, nodes: KubeObject[], byNode: Map<string, KubeObject[]>, hash: string, now: number): KubeObject[] {
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds.spec.template)[0]).length;
  const ru = ds.spec.updateStrategy?.rollingUpdate ?? {};
  let maxUnavailable = scaledValue(ru.maxUnavailable ?? 1, desired, true);
  const maxSurge = scaledValue(ru.maxSurge ?? 0, desired, true);
  if (maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const mrs = ds.spec.minReadySeconds ?? 0;
  let unavailable = 0;
  const replace: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const [node] of [...byNode].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pods = byNode.get(node)!.filter((p) => !p.metadata.deletionTimestamp);
    const fresh = pods.filter((p) => isPodUpdated(p, hash, ds));
    const old = pods.filter((p) => !isPodUpdated(p, hash, ds));
    if (fresh.length > 1 || old.length > 1 || (fresh.length === 0 && old.length === 0) || (fresh.length && old.length)) {
      unavailable++;
      continue;
    }
    if (fresh.length) {
      if (!isPodAvailable(fresh[0]!, mrs, now)) unavailable++;
      continue;
    }
    const o = old[0]!;
    if (!isPodAvailable(o, mrs, now)) replace.push(o);
    else if (unavailable < maxUnavailable) candidates.push(o);
  }
  const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  return [...replace, ...candidates.slice(0, room)];
}
