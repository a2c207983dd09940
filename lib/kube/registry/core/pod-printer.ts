/**
 * printPod of pkg/printers/internalversion/printers.go: NAME READY STATUS RESTARTS AGE and, at
 * priority 1, IP NODE NOMINATED NODE READINESS GATES. The server always fills every column.
 */
import type { KubeObject } from "../../api/types";
import type { TableCell, TablePrinter } from "../types";
import { NONE, ageColumn, asArray, asRecord, column, nameColumn, parseTime, swaggerDoc, translateTimestampSince } from "../common";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const present = (v: unknown) => v !== undefined && v !== null;

export const podColumns = [
  nameColumn,
  column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
  column("Status", "string", "The aggregate status of the containers in this pod."),
  column("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
  ageColumn,
  column("IP", "string", swaggerDoc["PodStatus.podIP"], 1),
  column("Node", "string", swaggerDoc["PodSpec.nodeName"], 1),
  column("Nominated Node", "string", swaggerDoc["PodStatus.nominatedNodeName"], 1),
  column("Readiness Gates", "string", swaggerDoc["PodSpec.readinessGates"], 1),
];

const isRestartableInit = (c: Obj | undefined) => c?.restartPolicy === "Always";

function conditionTrue(conditions: Obj[], type: string): boolean {
  return conditions.some((c) => c.type === type && c.status === "True");
}

/** the latest `lastState.terminated.finishedAt` seen so far (ms), or the previous value */
function laterFinish(current: number | undefined, status: Obj): number | undefined {
  const t = parseTime(str(asRecord(asRecord(status.lastState).terminated).finishedAt));
  if (t === undefined) return current;
  return current === undefined || current < t ? t : current;
}

export function printPodCells(pod: KubeObject, now: number): TableCell[] {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const conditions = recs(status.conditions);
  const containers = recs(spec.containers);
  const initSpecs = recs(spec.initContainers);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = containers.length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of conditions) if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";

  const initByName = new Map<string, Obj>();
  for (const c of initSpecs) {
    initByName.set(str(c.name), c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = recs(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const state = asRecord(cs.state);
    const terminated = present(state.terminated) ? asRecord(state.terminated) : undefined;
    const waiting = present(state.waiting) ? asRecord(state.waiting) : undefined;
    const restartable = isRestartableInit(initByName.get(str(cs.name)));
    restarts += num(cs.restartCount);
    lastRestart = laterFinish(lastRestart, cs);
    if (restartable) {
      restartableInitRestarts += num(cs.restartCount);
      lastRestartableInitRestart = laterFinish(lastRestartableInitRestart, cs);
    }
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!str(terminated.reason)) reason = num(terminated.signal) !== 0 ? `Init:Signal:${num(terminated.signal)}` : `Init:ExitCode:${num(terminated.exitCode)}`;
      else reason = `Init:${str(terminated.reason)}`;
    } else if (waiting && str(waiting.reason) && waiting.reason !== "PodInitializing") {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, "Initialized")) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = recs(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      const state = asRecord(cs.state);
      const terminated = present(state.terminated) ? asRecord(state.terminated) : undefined;
      const waiting = present(state.waiting) ? asRecord(state.waiting) : undefined;
      restarts += num(cs.restartCount);
      lastRestart = laterFinish(lastRestart, cs);
      if (waiting && str(waiting.reason)) reason = str(waiting.reason);
      else if (terminated && str(terminated.reason)) reason = str(terminated.reason);
      else if (terminated) reason = num(terminated.signal) !== 0 ? `Signal:${num(terminated.signal)}` : `ExitCode:${num(terminated.exitCode)}`;
      else if (cs.ready === true && present(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === "Completed" && hasRunning) reason = conditionTrue(conditions, "Ready") ? "Running" : "NotReady";
  }

  const deleting = present(pod.metadata.deletionTimestamp);
  if (deleting && status.reason === "NodeLost") reason = "Unknown";
  else if (deleting && phase !== "Failed" && phase !== "Succeeded") reason = "Terminating";

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), now)} ago)`;

  const podIPs = recs(status.podIPs);
  const podIP = str(podIPs[0]?.ip) || str(status.podIP) || NONE;
  const nodeName = str(spec.nodeName) || NONE;
  const nominated = str(status.nominatedNodeName) || NONE;
  let gates = NONE;
  const readinessGates = recs(spec.readinessGates);
  if (readinessGates.length > 0) {
    let trueConditions = 0;
    for (const g of readinessGates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      if (c && c.status === "True") trueConditions++;
    }
    gates = `${trueConditions}/${readinessGates.length}`;
  }

  return [
    pod.metadata.name ?? "",
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(pod.metadata.creationTimestamp, now),
    podIP,
    nodeName,
    nominated,
    gates,
  ];
}

export const podPrinter: TablePrinter = { columns: podColumns, cells: printPodCells };
