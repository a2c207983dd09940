/**
 * All kubelets of one cluster: one `Kubelet` component per node, their runtimes on a shared pod
 * network and log store, ONE clock timer for every node's heartbeat (idle clusters hold one
 * timer, not one per node), the cluster's LogSource, and the "stopped kubelet" fault.
 */
import type { KubeObject } from "../api/types";
import type { LogSource } from "../apiserver/types";
import type { Component, ComponentContext } from "../client";
import { onClockResume, type Clock, type TimerHandle } from "../clock";
import { LogStore, NodeRuntime, PodNetwork, type LogLimits, type LogSnapshot } from "../runtime";
import { Kubelet } from "./kubelet";
import { createLogSource } from "./log-source";
import { NodeHeartbeat } from "./node-status";
import { nodeObject } from "../cluster/bootstrap";
import type { StreamSource } from "../apiserver/types";
import { createStreamSource } from "./streams";
import type { Network } from "../network/datapath";
import { networkDataPath } from "./datapath";
import { DEFAULT_TIMINGS, nodesRef, type KubeletTimings } from "./types";

export interface KubeletFleetOptions {
  timings?: Partial<KubeletTimings>;
  logLimits?: LogLimits;
  /** images every node has at start (default: the sandbox image registry.k8s.io/pause:3.10) */
  preloadedImages?: string[];
}

export class KubeletFleet {
  readonly logs: LogStore;
  readonly network = new PodNetwork();
  readonly logSource: LogSource;
  /** exec/attach sessions in the nodes' runtimes (pass to the API server) */
  readonly streamSource: StreamSource;
  readonly timings: KubeletTimings;
  private readonly kubelets = new Map<string, Kubelet>();
  private readonly beats = new Map<string, NodeHeartbeat>();
  private clock: Clock | undefined;
  private timer: TimerHandle | undefined;
  private readonly preload: string[];
  /** heartbeat period; null while paused (see setHeartbeatInterval) */
  private interval: number | null;

  constructor(opts: KubeletFleetOptions = {}) {
    this.timings = { ...DEFAULT_TIMINGS, ...(opts.timings ?? {}) };
    this.logs = new LogStore(opts.logLimits);
    this.logSource = createLogSource(
      this.logs,
      () => this.clock,
      (node) => {
        const k = this.kubelets.get(node);
        return { running: !k || k.running, ip: k?.hostIP() ?? "" };
      },
    );
    this.streamSource = createStreamSource({
      runtime: (node) => this.runtime(node),
      isRunning: (node) => this.isRunning(node),
      hostIP: (node) => this.kubelets.get(node)?.hostIP() ?? "",
    });
    this.preload = opts.preloadedImages ?? ["registry.k8s.io/pause:3.10"];
    this.interval = this.timings.leaseRenewMs;
  }

  /**
   * Changes how often every node heartbeats (default leaseRenewMs, 10 s); `null` pauses
   * heartbeats so an unobserved idle cluster holds no timer at all. Resuming beats at once.
   * Beware: without heartbeats for longer than the node monitor grace period (40 s), the node
   * lifecycle controller marks the nodes NotReady — pause it too, or keep the interval below.
   */
  setHeartbeatInterval(ms: number | null): void {
    const resumed = this.interval === null && ms !== null;
    this.interval = ms;
    this.timer?.cancel();
    this.timer = undefined;
    this.reschedule();
    if (resumed) void this.heartbeatNow();
  }

  /** the kubelet components for `nodeNames` (start them with the cluster's context) */
  components(nodeNames: string[]): Component[] {
    return nodeNames.map((n) => this.kubelet(n));
  }

  kubelet(node: string): Kubelet {
    let k = this.kubelets.get(node);
    if (!k) {
      k = new Kubelet(node, (ctx) => this.runtimeFor(node, ctx), this.timings, {
        started: (kl) => this.onStarted(kl),
        halted: () => this.reschedule(),
      });
      this.kubelets.set(node, k);
    }
    return k;
  }

  /** a node's runtime (for `kubectl exec` later); undefined before its kubelet started */
  runtime(node: string): NodeRuntime | undefined {
    return this.kubelets.get(node)?.rt;
  }

  /** containers' network tools (curl, wget, nslookup, ping) go through the cluster data path from now on */
  useNetwork(network: Network): void {
    this.network.dataPath = networkDataPath(network, this.network);
  }

  /** fault: the node's kubelet process stops (no heartbeats, no pod updates; containers keep running) */
  stopKubelet(node: string): void {
    this.kubelets.get(node)?.halt();
  }

  /** the kubelet process starts again: "Starting kubelet.", heartbeat now, resync of its pods */
  startKubelet(node: string): void {
    const k = this.kubelets.get(node);
    if (!k || k.running || !k.context) return;
    this.beats.get(node)?.reset();
    k.resume();
    k.recorder?.event({ apiVersion: "v1", kind: "Node", metadata: { name: node, uid: node } } as KubeObject, "Normal", "Starting", "Starting kubelet.");
    void this.beat(k);
  }

  isRunning(node: string): boolean {
    return !!this.kubelets.get(node)?.running;
  }

  /** runs every running kubelet's heartbeat now (tests, benches); resolves when written */
  async heartbeatNow(): Promise<void> {
    await Promise.all([...this.kubelets.values()].filter((k) => k.running).map((k) => this.beat(k)));
  }

  snapshotLogs(): LogSnapshot {
    return this.logs.snapshot();
  }

  restoreLogs(s: LogSnapshot): void {
    this.logs.restore(s);
  }

  private runtimeFor(node: string, ctx: ComponentContext): NodeRuntime {
    const index = [...this.kubelets.keys()].indexOf(node);
    const rt = new NodeRuntime({
      node,
      clock: ctx.clock,
      random: ctx.random,
      logs: this.logs,
      network: this.network,
      gateway: `10.244.${Math.max(0, index)}.1`,
      kubeletVersion: "1.33",
    });
    for (const img of this.preload) rt.preload(img);
    return rt;
  }

  private onStarted(k: Kubelet): void {
    const ctx = k.context!;
    if (!this.clock) {
      this.clock = ctx.clock;
      onClockResume(this.clock, () => this.onResumed());
    }
    if (!this.beats.has(k.node)) this.beats.set(k.node, new NodeHeartbeat(k.node, ctx.client, k.rt, this.timings));
    this.reschedule();
  }

  /**
   * The cluster resumed from a park (its clock held every timer): as a starting kubelet does,
   * every running kubelet renews its Lease and reports its node status at once, and the next
   * heartbeat is a full interval later (the heartbeat that came due is replaced, not doubled).
   */
  private onResumed(): void {
    if (this.interval === null) return;
    for (const [node, hb] of this.beats) if (this.kubelets.get(node)?.running) hb.reportNow();
    this.timer?.cancel();
    this.timer = undefined;
    this.reschedule();
    void this.heartbeatNow();
  }

  /** one timer per cluster while any kubelet runs */
  private reschedule(): void {
    const anyRunning = [...this.kubelets.values()].some((k) => k.running);
    if (!anyRunning) {
      this.timer?.cancel();
      this.timer = undefined;
      return;
    }
    if (this.timer || !this.clock || this.interval === null) return;
    this.timer = this.clock.setTimer(this.interval, () => {
      this.timer = undefined;
      for (const k of this.kubelets.values()) if (k.running) void this.beat(k);
      this.reschedule();
    });
  }

  private async beat(k: Kubelet): Promise<void> {
    const hb = this.beats.get(k.node);
    const ctx = k.context;
    if (!hb || !ctx) return;
    ctx.tracker.begin();
    try {
      if (!k.node_()) await this.register(k, ctx);
      await hb.beat(ctx.clock.now(), k.node_());
    } catch {
      // retried at the next heartbeat
    } finally {
      ctx.tracker.end();
    }
  }

  /** the Node object is gone (`kubectl delete node`): the kubelet registers it again */
  private async register(k: Kubelet, ctx: ComponentContext): Promise<void> {
    const index = [...this.kubelets.keys()].indexOf(k.node);
    const { status, ...node } = nodeObject(k.node, Math.max(0, index), ctx.clock.now());
    let created: KubeObject;
    try {
      created = await ctx.client.create(nodesRef, undefined, node as KubeObject, { fieldManager: "kubelet" });
    } catch {
      return;
    }
    await ctx.client.update(nodesRef, undefined, { ...created, status } as KubeObject, { fieldManager: "kubelet", subresource: "status" });
    this.beats.get(k.node)?.reset();
    const ref = { apiVersion: "v1", kind: "Node", metadata: { name: k.node, uid: k.node } } as KubeObject;
    for (const r of ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"]) k.recorder?.event(ref, "Normal", r, `Node ${k.node} status is now: ${r}`);
  }
}

/** the kubelets of a cluster plus its LogSource: pass `logSource` to createCluster, start `components` */
export function createKubelets(nodeNames: string[], opts: KubeletFleetOptions = {}): { fleet: KubeletFleet; components: Component[]; logSource: LogSource; streamSource: StreamSource } {
  const fleet = new KubeletFleet(opts);
  return { fleet, components: fleet.components(nodeNames), logSource: fleet.logSource, streamSource: fleet.streamSource };
}
