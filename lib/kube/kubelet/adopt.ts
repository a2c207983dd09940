/**
 * Adoption after a restore (hibernation): the store says a pod runs on this node, its status
 * names sandbox IP and container IDs, but this runtime has never seen it. Like a kubelet
 * finding containerd's containers after a restart, we rebuild the sandbox with the same IP and
 * the containers with the same IDs, restart count and start time, and resume their processes
 * quietly (their start-up output is muted; restored logs keep the earlier lines), so the pod
 * keeps its status and `kubectl logs` keeps working — no restart, no new events.
 */
import { containerMounts, managedFiles, setUpVolumes } from "./volumes";
import type { KubeObject } from "../api/types";
import { imageEnv, resolveImage, type ResolvedImage } from "../runtime";
import { containerEnv } from "./env";
import { commandLine, memoryLimit, podSpec, type ContainerSpec } from "./pod-spec";
import type { PodState } from "./pod-state";
import type { KubeletCore } from "./types";

interface Terminated {
  containerID?: string;
  exitCode?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

interface CStatus {
  name: string;
  containerID?: string;
  restartCount?: number;
  ready?: boolean;
  started?: boolean;
  state?: { running?: { startedAt?: string }; terminated?: Terminated };
  lastState?: { terminated?: Terminated };
}

const idOf = (cid?: string) => (cid ?? "").replace(/^[a-z]+:\/\//, "");
const time = (s?: string) => (s ? Date.parse(s) : 0);

/** true when the pod was adopted (its sandbox now exists) */
export async function adoptPod(k: KubeletCore, st: PodState, pod: KubeObject, hostIP: string, reserveIp: (ip: string) => void): Promise<boolean> {
  const status = (pod.status ?? {}) as { podIP?: string; startTime?: string; phase?: string; containerStatuses?: CStatus[]; initContainerStatuses?: CStatus[] };
  if (!status.podIP || k.rt.sandboxes.has(st.uid)) return false;
  const all = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  if (!all.some((c) => c.containerID)) return false;
  const spec = podSpec(pod);
  const specs = new Map<string, ContainerSpec>([...(spec.initContainers ?? []), ...spec.containers].map((c) => [c.name, c]));
  reserveIp(status.podIP);
  const sb = k.rt.runSandbox(st.uid, spec.hostname ?? pod.metadata.name ?? "", status.podIP);
  st.sandbox = sb;
  st.admitted = true;
  if (status.startTime) st.startTime = time(status.startTime);
  await setUpVolumes(k.client, pod, sb).catch(() => undefined);
  for (const cs of all) {
    const c = specs.get(cs.name);
    const img = c && resolveImage(c.image);
    if (!c || !img || "error" in img) continue;
    const attempt = cs.restartCount ?? 0;
    const restoreExited = (t: Terminated, n: number) =>
      t.containerID && k.rt.restoreExited(sb, c.name, img as ResolvedImage, n, { id: idOf(t.containerID), exitCode: t.exitCode ?? 0, ...(t.reason ? { reason: t.reason } : {}), ...(t.message ? { message: t.message } : {}), startedAt: time(t.startedAt), finishedAt: time(t.finishedAt) });
    if (cs.lastState?.terminated) restoreExited(cs.lastState.terminated, Math.max(0, attempt - 1));
    if (cs.state?.terminated) restoreExited(cs.state.terminated, attempt);
    if (cs.state?.running && cs.containerID) {
      const env = await containerEnv(k.client, pod, c, imageEnv(img), hostIP, sb.ip).catch(() => imageEnv(img));
      const mounts = containerMounts(pod, c);
      const limit = memoryLimit(c);
      const startedAt = time(cs.state.running.startedAt);
      const rec = k.rt.createContainer(sb, { name: c.name, specImage: c.image, argv: commandLine(c, img, env), env, mounts, files: managedFiles(pod, sb.ip), ...(c.stdin ? { stdin: true } : {}), ...(c.tty ? { tty: true } : {}), ...(limit ? { memoryLimit: limit } : {}) }, img, attempt, { id: idOf(cs.containerID), createdAt: startedAt });
      k.rt.startContainer(rec.id, { startedAt, muteMs: 2000 });
      st.started.set(rec.id, cs.started ?? true);
      st.ready.set(rec.id, cs.ready ?? false);
    }
  }
  st.lastStatus = undefined;
  st.lastStatusObj = status as Record<string, unknown>;
  k.trace("adopt", pod, `sandbox ${sb.ip} and ${all.length} container(s) restored`);
  return true;
}
