/**
 * The pod status the kubelet writes (generateAPIPodStatus + the status manager): phase,
 * conditions with lastTransitionTime kept while unchanged, container statuses from the
 * runtime's instances overlaid with the kubelet's last failure reasons (its "reason cache":
 * ErrImagePull, CrashLoopBackOff …), pod and host IPs, start time and QoS class.
 */
import type { KubeObject } from "../api/types";
import type { ContainerRecord, NodeRuntime } from "../runtime";
import { podSpec, qosClass, rfc3339, type ContainerSpec } from "./pod-spec";
import type { PodState } from "./pod-state";

type Json = Record<string, unknown>;

function terminated(c: ContainerRecord): Json {
  return {
    terminated: {
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? "Error",
      ...(c.message ? { message: c.message } : {}),
      startedAt: c.startedAt !== undefined && c.reason !== "StartError" ? rfc3339(c.startedAt) : null,
      finishedAt: rfc3339(c.finishedAt ?? 0),
      containerID: `containerd://${c.id}`,
    },
  };
}

function containerStatus(spec: ContainerSpec, st: PodState, rt: NodeRuntime, defaultWaiting: string): Json {
  const [cur, prev] = rt.containersOf(st.uid, spec.name);
  const waiting = st.waiting.get(spec.name);
  let state: Json;
  let last: Json = {};
  if (cur?.state === "running") {
    state = { running: { startedAt: rfc3339(cur.startedAt ?? 0) } };
    if (prev?.state === "exited") last = terminated(prev);
  } else if (waiting) {
    state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
    if (cur?.state === "exited") last = terminated(cur);
  } else if (cur?.state === "exited") {
    state = terminated(cur);
    if (prev?.state === "exited") last = terminated(prev);
  } else state = { waiting: { reason: defaultWaiting } };
  const running = cur?.state === "running";
  return {
    containerID: cur ? `containerd://${cur.id}` : undefined,
    image: cur ? cur.image.name : spec.image,
    imageID: cur ? cur.image.imageID : "",
    lastState: last,
    name: spec.name,
    ready: running && !!cur && st.ready.get(cur.id) === true,
    restartCount: cur?.attempt ?? 0,
    started: running && !!cur && st.started.get(cur.id) === true,
    state,
  };
}

export interface ContainerCounts {
  /** init containers all completed (sidecars started) */
  initialized: boolean;
  /** names of init containers not completed */
  pendingInit: string[];
  phase: "Pending" | "Running" | "Succeeded" | "Failed";
}

/** kubelet's getPhase */
export function podPhase(pod: KubeObject, st: PodState, rt: NodeRuntime, terminal: boolean): ContainerCounts {
  const spec = podSpec(pod);
  const policy = terminal ? "Never" : (spec.restartPolicy ?? "Always");
  const pendingInit: string[] = [];
  let initFailed = false;
  for (const c of spec.initContainers ?? []) {
    const cur = rt.containersOf(st.uid, c.name)[0];
    if (c.restartPolicy === "Always") {
      if (cur?.state !== "running" && !terminal) pendingInit.push(c.name);
      continue;
    }
    if (cur?.state === "exited" && cur.exitCode === 0) continue;
    pendingInit.push(c.name);
    if (cur?.state === "exited" && policy === "Never") initFailed = true;
  }
  if (initFailed) return { initialized: false, pendingInit, phase: "Failed" };
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.containers) {
    const recs = rt.containersOf(st.uid, c.name);
    const cur = recs[0];
    if (cur?.state === "running") running++;
    else if (cur?.state === "exited") {
      stopped++;
      if (cur.exitCode === 0) succeeded++;
    } else waiting++;
  }
  const initialized = pendingInit.length === 0;
  let phase: ContainerCounts["phase"];
  if (!initialized && !terminal) phase = "Pending";
  else if (waiting > 0 && !terminal) phase = "Pending";
  else if (running > 0) phase = "Running";
  else if (stopped > 0 || terminal) {
    if (policy === "Always") phase = "Running";
    else if (policy === "OnFailure") phase = stopped === succeeded ? "Succeeded" : "Running";
    else phase = stopped === succeeded && waiting === 0 ? "Succeeded" : "Failed";
  } else phase = "Pending";
  return { initialized, pendingInit, phase };
}

/**
 * The status to write; `hostIP` is the node's InternalIP. Transition times come from what the
 * kubelet wrote last (`own`); conditions other components own come from the API object.
 */
export function generateStatus(pod: KubeObject, st: PodState, rt: NodeRuntime, now: number, hostIP: string, own?: Json): Json {
  const spec = podSpec(pod);
  const api = (pod.status ?? {}) as Json & { conditions?: Json[] };
  const old = (own ?? api) as Json & { conditions?: Json[] };
  const counts = podPhase(pod, st, rt, !!st.terminating && st.allStopped);
  const phase = counts.phase;
  const hasInit = (spec.initContainers ?? []).length > 0;
  const initStatuses = (spec.initContainers ?? []).map((c) => containerStatus(c, st, rt, "PodInitializing"));
  const statuses = spec.containers.map((c) => containerStatus(c, st, rt, hasInit && !counts.initialized ? "PodInitializing" : "ContainerCreating"));
  const done = phase === "Succeeded" || phase === "Failed";
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name as string);
  const cond = (type: string, ok: boolean, reason?: string, message?: string): Json => {
    const prev = old.conditions?.find((c) => c.type === type);
    const status = ok ? "True" : "False";
    const keep = prev && prev.status === status;
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: keep ? prev.lastTransitionTime : rfc3339(now),
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    };
  };
  const gates = (spec.readinessGates ?? []).map((g) => g.conditionType);
  const missingGate = gates.find((g) => api.conditions?.find((c) => c.type === g)?.status !== "True");
  const containersReady = !done && unready.length === 0;
  const conditions: Json[] = [
    cond("PodReadyToStartContainers", !!st.sandbox && !st.sandboxGone),
    counts.initialized || (done && !hasInit) ? cond("Initialized", true) : done ? cond("Initialized", false, "PodCompleted") : cond("Initialized", false, "ContainersNotInitialized", `containers with incomplete status: [${counts.pendingInit.join(" ")}]`),
    done
      ? cond("Ready", false, "PodCompleted")
      : !containersReady
        ? cond("Ready", false, "ContainersNotReady", `containers with unready status: [${unready.join(" ")}]`)
        : missingGate
          ? cond("Ready", false, "ReadinessGatesNotReady", `corresponding condition of pod readiness gate "${missingGate}" does not exist.`)
          : cond("Ready", true),
    done ? cond("ContainersReady", false, "PodCompleted") : containersReady ? cond("ContainersReady", true) : cond("ContainersReady", false, "ContainersNotReady", `containers with unready status: [${unready.join(" ")}]`),
    cond("PodScheduled", true),
  ];
  // conditions other components own (DisruptionTarget, readiness gates) are kept
  for (const c of api.conditions ?? []) if (!conditions.some((k) => k.type === c.type)) conditions.push(c);
  const ip = st.sandbox?.ip;
  const out: Json = {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    startTime: rfc3339(st.startTime),
    ...(hasInit ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses: statuses,
    qosClass: (api.qosClass as string | undefined) ?? qosClass(spec),
  };
  if (st.rejected) {
    return { phase: "Failed", reason: st.rejected.reason, message: `Pod was rejected: ${st.rejected.message}`, startTime: rfc3339(st.startTime), qosClass: out.qosClass, ...(api.conditions ? { conditions: api.conditions } : {}) };
  }
  return JSON.parse(JSON.stringify(out)) as Json;
}
