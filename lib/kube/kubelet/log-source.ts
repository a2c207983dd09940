/**
 * `GET pods/x/log` served from the nodes' container logs: the kubelet's
 * validateContainerLogStatus picks the container instance (current, or `--previous`) from the
 * pod status and fails with upstream's messages; then the lines are filtered (`sinceSeconds`,
 * `sinceTime`, `tailLines`), formatted (`timestamps`), cut at `limitBytes`, and with `follow`
 * new lines stream until the container stops.
 */
import { errors, StatusError } from "../api/errors";
import type { KubeObject, StatusReason } from "../api/types";
import type { LogOptions, LogSink, LogSource } from "../apiserver/types";
import type { Clock } from "../clock";
import { logTimestamp, type LogLine, type LogStore } from "../runtime";

interface CStatus {
  name: string;
  containerID?: string;
  state?: { running?: unknown; terminated?: { containerID?: string }; waiting?: { reason?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

const idOf = (cid: string | undefined) => (cid ? cid.replace(/^[a-z]+:\/\//, "") : "");

/** validateContainerLogStatus: the container id to read, or the kubelet's error */
export function containerIdForLogs(pod: KubeObject, container: string, previous: boolean): string {
  const status = (pod.status ?? {}) as { containerStatuses?: CStatus[]; initContainerStatuses?: CStatus[]; ephemeralContainerStatuses?: CStatus[] };
  const podName = pod.metadata.name ?? "";
  const cs = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])].find((s) => s.name === container);
  if (!cs) throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);
  const lastTerminated = cs.lastState?.terminated;
  if (previous) {
    if (!lastTerminated?.containerID) throw errors.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return idOf(lastTerminated.containerID);
  }
  const st = cs.state ?? {};
  if (st.running) return idOf(cs.containerID);
  if (st.terminated) {
    if (st.terminated.containerID) return idOf(st.terminated.containerID);
    if (lastTerminated?.containerID) return idOf(lastTerminated.containerID);
    throw errors.badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (lastTerminated) {
    if (!lastTerminated.containerID) throw errors.badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return idOf(lastTerminated.containerID);
  }
  if (st.waiting) {
    const reason = st.waiting.reason ?? "";
    if (reason === "ErrImagePull") throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (reason === "ImagePullBackOff") throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  throw errors.badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** A LogSource over one cluster's log store. */
export function createLogSource(logs: LogStore, clock: () => Clock | undefined, kubelet: (node: string) => { running: boolean; ip: string } = () => ({ running: true, ip: "" })): LogSource {
  return {
    open(pod: KubeObject, opts: LogOptions, sink: LogSink) {
      const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
      const k = kubelet(node);
      if (!k.running) {
        // the API server can't reach a stopped kubelet: a plain (reason-less) 500, as upstream
        const url = `https://${k.ip}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${opts.container}`;
        throw new StatusError(500, "" as StatusReason, `Get "${url}": dial tcp ${k.ip}:10250: connect: connection refused`);
      }
      const id = containerIdForLogs(pod, opts.container, opts.previous);
      const now = clock()?.now() ?? Date.now();
      let since = -Infinity;
      if (opts.sinceSeconds !== undefined) since = now - opts.sinceSeconds * 1000;
      if (opts.sinceTime) {
        const t = Date.parse(opts.sinceTime);
        if (!Number.isNaN(t)) since = Math.max(since, t);
      }
      let budget = opts.limitBytes ?? Infinity;
      let done = false;
      const fmt = (l: LogLine) => (opts.timestamps ? `${logTimestamp(l)} ${l.text}\n` : `${l.text}\n`);
      const emit = (l: LogLine): boolean => {
        if (done) return false;
        let s = fmt(l);
        if (Buffer.byteLength(s) >= budget) {
          s = Buffer.from(s).subarray(0, budget).toString();
          budget = 0;
        } else budget -= Buffer.byteLength(s);
        if (s) sink.write(s);
        return budget > 0;
      };
      let lines = logs.lines(id).filter((l) => l.t >= since);
      if (opts.tailLines !== undefined) lines = opts.tailLines <= 0 ? [] : lines.slice(-opts.tailLines);
      for (const l of lines) if (!emit(l)) break;
      const finish = () => {
        if (done) return;
        done = true;
        sink.end();
      };
      if (!opts.follow || budget <= 0 || opts.previous || logs.ended(id)) {
        finish();
        return { stop() {} };
      }
      const unsubscribe = logs.follow(id, {
        line: (l) => {
          if (!emit(l)) {
            unsubscribe();
            finish();
          }
        },
        end: finish,
      });
      return {
        stop() {
          unsubscribe();
          done = true;
        },
      };
    },
  };
}
