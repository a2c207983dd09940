/**
 * kube-scheduler for the embedded cluster (upstream pkg/scheduler): watches pending pods and
 * nodes through shared informers, runs the framework for one pod at a time, assumes the pod in
 * its cache and binds it through `pods/binding`, asynchronously like upstream's binding cycle.
 *
 * Guarantees:
 * - only pods with schedulerName "default-scheduler" (or none), no nodeName, not terminating;
 * - an unschedulable pod gets PodScheduled=False/Unschedulable with upstream's message (patched
 *   only when it changes) and a `FailedScheduling` Warning event; a bound pod a `Scheduled` event;
 * - every cycle is traced ("filter", "score", "bind"/"unschedulable") and the last N cycles'
 *   filter/score tables are available from `cycles()`;
 * - idle means idle: no clock timers unless pods wait in backoff or unschedulable, no polling.
 */
import type { KubeObject } from "../api/types";
import type { Clock } from "../clock";
import type { Trace } from "../trace";
import { LabelSelector, labelSelectorAsSelector, selectorFromSet, type MetaLabelSelector } from "../api/selectors";
import { createEventRecorder, type Component, type ComponentContext, type EventRecorder, type Informer, type ResourceRef, type KubeClient, type WorkTracker } from "../client";
import { DEFAULT_SCHEDULER_NAME, podSpec } from "./framework/api";
import { podInfoOf, type PodInfo } from "./framework/pod-info";
import { Framework, type ScheduleResult } from "./framework/runtime";
import type { ClusterEvent, FrameworkHandle, PluginConfig, PluginFactory } from "./framework/types";
import { fitErrorMessage } from "./framework/fit-error";
import { SchedulerCache } from "./cache";
import { SchedulingQueue, type QueueOptions, type QueuedPodInfo } from "./queue";
import { CycleHistory, cycleRecord, type CycleRecord } from "./history";
import { DEFAULT_PLUGINS, inTreeRegistry } from "./plugins/registry";
import { filterDetail, scoreDetail } from "./trace-format";
import { nodeEvents, pendingPodUpdated, podChanged } from "./events";

export const SCHEDULER_COMPONENT = "kube-scheduler";
export const SCHEDULER_EVENT_SOURCE = "default-scheduler";
export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

const core = (resource: string): ResourceRef => ({ group: "", version: "v1", resource });
const apps = (resource: string): ResourceRef => ({ group: "apps", version: "v1", resource });
const PODS = core("pods");

export interface SchedulerOptions {
  /** enabled plugins in order, with score weights (default: upstream's default profile) */
  plugins?: readonly PluginConfig[];
  registry?: Readonly<Record<string, PluginFactory>>;
  /** percentageOfNodesToScore; 0 = adaptive (upstream default) */
  percentageOfNodesToScore?: number;
  queue?: QueueOptions;
  /** scheduling cycles kept for `cycles()` (default 50) */
  historySize?: number;
  /** clusters up to this many nodes record every filter's verdict per node (default 16) */
  allVerdictsUpTo?: number;
  /** emit Events (default true; benchmarks may turn them off) */
  events?: boolean;
}

export class KubeScheduler implements Component {
  readonly name = SCHEDULER_COMPONENT;
  private ctx!: ComponentContext;
  private client!: KubeClient;
  private clock!: Clock;
  private trace!: Trace;
  private tracker!: WorkTracker;
  private recorder: EventRecorder | undefined;
  private pods!: Informer;
  private nodesInf!: Informer;
  private namespaces!: Informer;
  private owners: Record<string, Informer> = {};
  private readonly cache = new SchedulerCache();
  private framework!: Framework;
  private queue!: SchedulingQueue;
  private readonly history: CycleHistory;
  private pumpScheduled = false;
  private stopped = false;
  private cycleSeq = 0;

  constructor(private readonly opts: SchedulerOptions = {}) {
    this.history = new CycleHistory(opts.historySize ?? 50);
  }

  start(ctx: ComponentContext): void {
    this.ctx = ctx;
    this.client = ctx.client;
    this.clock = ctx.clock;
    this.trace = ctx.trace;
    this.tracker = ctx.tracker;
    this.stopped = false;
    if (this.opts.events !== false) this.recorder = createEventRecorder(ctx.client, ctx.clock, { component: SCHEDULER_EVENT_SOURCE });
    const inf = ctx.informers;
    this.pods = inf.informerFor(PODS);
    this.nodesInf = inf.informerFor(core("nodes"));
    this.namespaces = inf.informerFor(core("namespaces"));
    this.owners = {
      services: inf.informerFor(core("services")),
      replicationcontrollers: inf.informerFor(core("replicationcontrollers")),
      replicasets: inf.informerFor(apps("replicasets")),
      statefulsets: inf.informerFor(apps("statefulsets")),
    };
    const handle: FrameworkHandle = {
      nodes: () => this.cache.nodeList(),
      affinityPods: () => this.cache.affinityPods(),
      namespaceLabels: (ns) => this.namespaces.get(ns)?.metadata.labels ?? {},
      ownerSelectors: (p) => this.defaultSelector(p),
    };
    this.framework = new Framework(this.opts.registry ?? inTreeRegistry, this.opts.plugins ?? DEFAULT_PLUGINS, handle, this.opts.percentageOfNodesToScore ?? 0, this.opts.allVerdictsUpTo ?? 16);
    const pluginEvents = new Map(this.framework.plugins.map((p) => [p.name, new Set(p.events)] as const));
    this.queue = new SchedulingQueue(ctx.clock, pluginEvents, () => this.schedulePump(), this.opts.queue);

    this.nodesInf.addEventHandler({
      onAdd: (n) => {
        this.cache.addOrUpdateNode(n);
        this.queue.onEvent("NodeAdd");
      },
      onUpdate: (old, n) => {
        this.cache.addOrUpdateNode(n);
        for (const e of nodeEvents(old, n)) this.queue.onEvent(e);
      },
      onDelete: (n) => {
        this.cache.removeNode(n.metadata.name ?? "");
        this.queue.onEvent("NodeDelete");
      },
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.onPod(undefined, p),
      onUpdate: (old, p) => this.onPod(old, p),
      onDelete: (p) => this.onPodGone(p),
    });
    this.namespaces.addEventHandler({
      onAdd: () => this.queue.onEvent("NamespaceChange"),
      onUpdate: (old, n) => {
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(n.metadata.labels ?? {})) this.queue.onEvent("NamespaceChange");
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.queue?.close();
  }

  /** the last scheduling cycles, oldest first: filter verdicts and score tables per node */
  cycles(): CycleRecord[] {
    return this.history.list();
  }

  /** the most recent cycle kept for a pod (why it went where it did, or why it is pending) */
  cycleFor(namespace: string, name: string): CycleRecord | undefined {
    const all = this.history.list();
    for (let i = all.length - 1; i >= 0; i--) if (all[i]!.pod.namespace === namespace && all[i]!.pod.name === name) return all[i];
    return undefined;
  }

  /** pending pods per sub-queue */
  queueStats(): ReturnType<SchedulingQueue["stats"]> {
    return this.queue.stats();
  }

  /** resolves once recorded events are written (tests) */
  async flushEvents(): Promise<void> {
    await this.recorder?.flush();
  }

  /** deleted, or terminal: upstream's pod informer excludes Succeeded/Failed pods */
  private onPodGone(p: KubeObject): void {
    const key = objectKeyOf(p);
    const accounted = this.cache.has(key);
    this.queue.delete(key);
    this.cache.removePod(key);
    if (accounted) this.queue.onEvent("AssignedPodDelete");
  }

  private onPod(old: KubeObject | undefined, pod: KubeObject): void {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === "Succeeded" || phase === "Failed") return this.onPodGone(pod);
    const info = podInfoOf(pod, old);
    if (nodeNameOf(pod)) {
      const wasAssigned = !!old && !!nodeNameOf(old);
      this.cache.addOrUpdatePod(pod, info);
      if (!wasAssigned) {
        this.queue.delete(info.key);
        this.queue.onEvent("AssignedPodAdd");
      } else if (old && podChanged(old, pod)) this.queue.onEvent("AssignedPodUpdate");
      return;
    }
    if (!responsibleFor(pod)) return;
    if (pod.metadata.deletionTimestamp) {
      this.queue.delete(info.key);
      return;
    }
    if (old) this.queue.update(info, pendingPodUpdated(old, pod));
    else this.queue.add(info);
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    this.tracker.begin();
    setImmediate(() => {
      this.pumpScheduled = false;
      try {
        this.pump();
      } finally {
        this.tracker.end();
      }
    });
  }

  /** schedules pods until the active queue is empty, yielding to I/O every ~10 ms */
  private pump(): void {
    const deadline = performance.now() + 10;
    let n = 0;
    while (!this.stopped && this.queue.activeLen() > 0) {
      this.scheduleOne();
      if (++n % 32 === 0 && performance.now() > deadline) break;
    }
    if (!this.stopped && this.queue.activeLen() > 0) this.schedulePump();
  }

  /** one scheduling cycle (schedule_one.go) */
  private scheduleOne(): void {
    const q = this.queue.pop();
    if (!q) return;
    const podCycle = this.queue.cycle();
    const current = this.pods.get(q.key);
    if (!current || nodeNameOf(current) || current.metadata.deletionTimestamp || this.cache.isAssumed(q.key)) {
      this.queue.done(q.key);
      return;
    }
    if (current !== q.info.pod) q.info = podInfoOf(current);
    const info = q.info;
    const nodes = this.cache.nodeList();
    const r = this.framework.schedule(info, nodes, this.ctx.random);
    const seq = ++this.cycleSeq;
    const ref = { kind: "Pod", namespace: info.namespace, name: info.name };
    const cause = `attempt ${q.attempts}`;
    if (nodes.length) this.trace.record({ component: SCHEDULER_COMPONENT, action: "filter", object: ref, cause, verdict: `${r.feasible.length}/${r.numEvaluated || nodes.length} feasible`, detail: filterDetail(r) });
    if (!r.node) {
      const message = nodes.length === 0 ? ERR_NO_NODES_AVAILABLE : fitErrorMessage(r.numAllNodes, r.diagnosis);
      this.history.push(cycleRecord(seq, this.clock.now(), podRef(info), q.attempts, r, message));
      this.handleFailure(q, podCycle, r, message);
      return;
    }
    const host = r.node.name;
    this.history.push(cycleRecord(seq, this.clock.now(), podRef(info), q.attempts, r));
    this.trace.record({ component: SCHEDULER_COMPONENT, action: "score", object: ref, cause, verdict: `selected ${host}`, detail: r.totals.length ? scoreDetail(r) : "only one feasible node: scoring skipped" });
    this.cache.assume(info, host);
    this.queue.done(q.key);
    void this.bind(q, host);
  }

  private handleFailure(q: QueuedPodInfo, podCycle: number, r: ScheduleResult, message: string): void {
    const info = q.info;
    this.trace.record({
      component: SCHEDULER_COMPONENT,
      action: "unschedulable",
      object: { kind: "Pod", namespace: info.namespace, name: info.name },
      cause: `attempt ${q.attempts}`,
      verdict: "Unschedulable",
      detail: r.preemptionCandidate ? `${message} (preemption could free ${r.preemptionCandidate}; not performed)` : message,
    });
    q.unschedulablePlugins = new Set(r.diagnosis.unschedulablePlugins);
    this.queue.addUnschedulable(q, podCycle);
    this.reportFailure(info.pod, "Unschedulable", message);
  }

  /** PodScheduled=False (patched only when it changes) and a FailedScheduling event */
  private reportFailure(pod: KubeObject, reason: string, message: string): void {
    this.recorder?.event(pod, "Warning", "FailedScheduling", truncateMessage(message));
    const conds = ((pod.status as { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] } | undefined)?.conditions ?? []);
    const cur = conds.find((c) => c.type === "PodScheduled");
    if (cur && cur.status === "False" && cur.reason === reason && cur.message === message) return;
    const now = new Date(Math.floor(this.clock.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
    const cond = { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: cur?.status === "False" && cur.lastTransitionTime ? cur.lastTransitionTime : now, reason, message };
    this.tracker.begin();
    this.client
      .patch(PODS, pod.metadata.namespace, pod.metadata.name ?? "", "strategic", { status: { conditions: [cond] } }, { subresource: "status", fieldManager: "kube-scheduler" })
      .catch(() => undefined)
      .finally(() => this.tracker.end());
  }

  /** the binding cycle (DefaultBinder), asynchronous like upstream's goroutine */
  private async bind(q: QueuedPodInfo, host: string): Promise<void> {
    const info = q.info;
    const ref = { kind: "Pod", namespace: info.namespace, name: info.name };
    this.tracker.begin();
    try {
      await this.client.createSubresource(PODS, info.namespace, info.name, "binding", {
        apiVersion: "v1",
        kind: "Binding",
        metadata: { name: info.name, namespace: info.namespace, ...(info.pod.metadata.uid ? { uid: info.pod.metadata.uid } : {}) },
        target: { apiVersion: "v1", kind: "Node", name: host },
      } as KubeObject);
      this.trace.record({ component: SCHEDULER_COMPONENT, action: "bind", object: ref, verdict: "bound", detail: `to node ${host}` });
      this.recorder?.event(info.pod, "Normal", "Scheduled", `Successfully assigned ${info.namespace}/${info.name} to ${host}`);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.trace.record({ component: SCHEDULER_COMPONENT, action: "bind", object: ref, verdict: "failed", detail: msg });
      this.cache.forget(info.key);
      this.queue.onEvent("AssignedPodDelete");
      const cur = this.pods.get(info.key);
      if (!this.stopped && cur && !nodeNameOf(cur) && !cur.metadata.deletionTimestamp) {
        q.unschedulablePlugins = new Set();
        this.queue.addUnschedulable(q, this.queue.cycle());
        this.reportFailure(cur, "SchedulerError", msg);
      }
    } finally {
      this.tracker.end();
    }
  }

  /** helper.DefaultSelector: the Services, RC, ReplicaSet or StatefulSet selecting the pod */
  private defaultSelector(p: PodInfo): LabelSelector | undefined {
    const set: Record<string, string> = {};
    for (const svc of this.owners.services!.list(p.namespace)) {
      const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
      if (sel && Object.keys(sel).length && selectorFromSet(sel).matches(p.labels)) Object.assign(set, sel);
    }
    let selector = selectorFromSet(set);
    const owner = p.pod.metadata.ownerReferences?.find((o) => o.controller);
    if (!owner) return selector;
    const key = `${p.namespace}/${owner.name}`;
    try {
      if (owner.kind === "ReplicationController" && owner.apiVersion === "v1") {
        const rc = this.owners.replicationcontrollers!.get(key);
        const sel = (rc?.spec as { selector?: Record<string, string> } | undefined)?.selector;
        if (sel) selector = selectorFromSet({ ...set, ...sel });
      } else if ((owner.kind === "ReplicaSet" || owner.kind === "StatefulSet") && owner.apiVersion === "apps/v1") {
        const obj = (owner.kind === "ReplicaSet" ? this.owners.replicasets : this.owners.statefulsets)!.get(key);
        const sel = (obj?.spec as { selector?: MetaLabelSelector } | undefined)?.selector;
        if (sel) selector = selector.add(...labelSelectorAsSelector(sel).requirements);
      }
    } catch {
      return selector;
    }
    return selector;
  }
}

/** truncateMessage: event notes are limited to 1024 bytes (validation.NoteLengthLimit) */
export function truncateMessage(message: string, max = 1024): string {
  return message.length <= max ? message : `${message.slice(0, max - 4)} ...`;
}

const objectKeyOf = (p: KubeObject) => `${p.metadata.namespace ?? "default"}/${p.metadata.name ?? ""}`;
const nodeNameOf = (p: KubeObject): string | undefined => podSpec(p).nodeName || undefined;
const responsibleFor = (p: KubeObject): boolean => (podSpec(p).schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME;
const podRef = (i: PodInfo) => ({ namespace: i.namespace, name: i.name, ...(i.pod.metadata.uid ? { uid: i.pod.metadata.uid } : {}) });

/** the kube-scheduler component; start it with the cluster's ComponentContext */
export function createScheduler(opts: SchedulerOptions = {}): KubeScheduler {
  return new KubeScheduler(opts);
}

export type { ClusterEvent };
