/**
 * One node's kubelet. It watches the pods bound to its node (the shared pods informer, indexed
 * by spec.nodeName) and reconciles each one level-based (syncPod): admission, sandbox, init
 * containers in order, containers, restarts with back-off, probes, graceful termination and
 * finally the pod's deletion. It writes only through the API: pods/status, events, and (with
 * the fleet's heartbeat) its Lease and node status. The runtime reports container exits back
 * through `onChange`, like the PLEG.
 *
 * `halt()`/`resume()` model a stopped kubelet process: its containers keep running, but
 * nothing restarts them, no status is written and no heartbeat is sent.
 */
import type { KubeObject } from "../api/types";
import { Controller, createEventRecorder, objectKey, type ComponentContext, type Informer } from "../client";
import type { NodeRuntime, Sandbox } from "../runtime";
import { adoptPod } from "./adopt";
import { admit } from "./admission";
import { killContainer, restartContainer, startContainer } from "./containers";
import { graceMs, podSpec, shouldRestart, type ContainerSpec } from "./pod-spec";
import { newPodState, type PodState } from "./pod-state";
import { Prober } from "./prober";
import { generateStatus } from "./status";
import { DEFAULT_TIMINGS, nodesRef, podsRef, type KubeletCore, type KubeletTimings } from "./types";

export const NODE_NAME_INDEX = "spec.nodeName";

export class Kubelet {
  readonly name: string;
  private ctx: ComponentContext | undefined;
  private core: KubeletCore | undefined;
  private controller: Controller | undefined;
  private prober: Prober | undefined;
  private pods: Informer | undefined;
  private nodes: Informer | undefined;
  private handlersAdded = false;
  private readonly states = new Map<string, PodState>();
  private readonly usedIps = new Set<string>();
  private nextIp = 2;
  running = false;

  /** the node's container runtime (exists once started) */
  rt!: NodeRuntime;

  constructor(
    readonly node: string,
    private readonly makeRuntime: (ctx: ComponentContext) => NodeRuntime,
    private readonly timings: KubeletTimings = DEFAULT_TIMINGS,
    private readonly hooks: { started?(k: Kubelet): void; halted?(k: Kubelet): void } = {},
  ) {
    this.name = `kubelet/${node}`;
  }

  start(ctx: ComponentContext): void {
    this.ctx = ctx;
    if (!this.rt) {
      this.rt = this.makeRuntime(ctx);
      this.rt.onChange = (uid) => {
        const st = this.states.get(uid);
        if (st && this.running) this.controller?.enqueue(st.key);
      };
    }
    this.pods = ctx.informers.informerFor(podsRef);
    this.nodes = ctx.informers.informerFor(nodesRef);
    try {
      this.pods.byIndex(NODE_NAME_INDEX, "");
    } catch {
      this.pods.addIndex(NODE_NAME_INDEX, (o) => [podSpec(o).nodeName ?? ""]);
    }
    this.resume();
  }

  /** the kubelet process starts (again): syncs every pod of the node */
  resume(): void {
    const ctx = this.ctx;
    if (!ctx || this.running) return;
    this.running = true;
    const recorder = createEventRecorder(ctx.client, ctx.clock, { component: "kubelet", host: this.node });
    this.controller = new Controller(
      { name: this.name, clock: ctx.clock, reconcile: (key) => this.sync(key), rateLimiter: { baseDelayMs: 50, maxDelayMs: 10_000 } },
      ctx.tracker,
    );
    const core: KubeletCore = {
      node: this.node,
      rt: this.rt,
      clock: ctx.clock,
      client: ctx.client,
      recorder,
      timings: this.timings,
      kubeletVersion: "v1.33.1",
      trace: (action, pod, detail) =>
        ctx.trace.record({ component: this.name, action, object: { kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name ?? "" }, ...(detail ? { detail } : {}) }),
      enqueue: (key, after) => (after && after > 0 ? this.controller?.enqueueAfter(key, after) : this.controller?.enqueue(key)),
    };
    this.core = core;
    this.prober = new Prober(core, {
      restart: (st, c, init, rec, kind) => {
        killContainer(core, st, c, init, rec, `Container ${c.name} failed ${kind} probe, will be restarted`, graceMs(st.pod));
        this.controller?.enqueue(st.key);
      },
      changed: (st) => this.controller?.enqueue(st.key),
    });
    if (!this.handlersAdded) {
      this.handlersAdded = true;
      const mine = (o: KubeObject) => podSpec(o).nodeName === this.node;
      this.pods!.addEventHandler({
        onAdd: (o) => mine(o) && this.controller?.enqueue(objectKey(o)),
        onUpdate: (_old, o) => mine(o) && this.controller?.enqueue(objectKey(o)),
        onDelete: (o) => mine(o) && this.controller?.enqueue(objectKey(o)),
      });
    } else for (const o of this.pods!.byIndex(NODE_NAME_INDEX, this.node)) this.controller.enqueue(objectKey(o));
    for (const st of this.states.values()) this.controller.enqueue(st.key);
    this.controller.start();
    this.hooks.started?.(this);
  }

  /** the kubelet process stops; containers keep running */
  halt(): void {
    if (!this.running) return;
    this.running = false;
    this.controller?.stop();
    this.controller = undefined;
    this.prober?.stopAll();
    this.hooks.halted?.(this);
  }

  /** cluster shutdown: the kubelet and everything it runs */
  stop(): void {
    this.halt();
    this.rt?.close();
  }

  get recorder() {
    return this.core?.recorder;
  }

  get context(): ComponentContext | undefined {
    return this.ctx;
  }

  hostIP(): string {
    const node = this.nodes?.get(this.node);
    const addrs = (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
    return addrs.find((a) => a.type === "InternalIP")?.address ?? "";
  }

  node_(): KubeObject | undefined {
    return this.nodes?.get(this.node);
  }

  private allocateIp(): string {
    const cidr = (this.node_()?.spec as { podCIDR?: string } | undefined)?.podCIDR ?? "10.244.0.0/24";
    const base = cidr.split("/")[0]!.split(".").slice(0, 3).join(".");
    for (let i = 0; i < 253; i++) {
      const n = ((this.nextIp - 2 + i) % 253) + 2;
      const ip = `${base}.${n}`;
      if (!this.usedIps.has(ip)) {
        this.usedIps.add(ip);
        this.nextIp = n + 1;
        return ip;
      }
    }
    throw new Error(`no IP addresses available in range set: ${base}.1-${base}.254`);
  }

  private teardown(st: PodState): void {
    for (const c of this.rt.containersOf(st.uid)) this.prober?.stopContainer(c.id);
    this.rt.removeSandbox(st.uid);
    if (st.sandbox && !podSpec(st.pod).hostNetwork) this.usedIps.delete(st.sandbox.ip);
    this.states.delete(st.uid);
  }

  /** syncPod for one pod key */
  private async sync(key: string): Promise<void> {
    const core = this.core;
    if (!core || !this.running) return;
    const pod = this.pods!.get(key);
    const mine = pod && podSpec(pod).nodeName === this.node ? pod : undefined;
    for (const st of [...this.states.values()]) if (st.key === key && st.uid !== mine?.metadata.uid) this.teardown(st);
    if (!mine) return;
    const uid = mine.metadata.uid ?? "";
    let st = this.states.get(uid);
    if (!st) {
      this.states.set(uid, (st = newPodState(mine, key, core.clock.now())));
      if (!mine.metadata.deletionTimestamp) await adoptPod(core, st, mine, this.hostIP(), (ip) => this.usedIps.add(ip));
    }
    st.pod = mine;
    if (st.deleted) return;
    if (!st.admitted && !st.rejected) {
      const active = [...this.states.values()].filter((s) => s !== st && s.admitted && !this.finished(s));
      const verdict = admit(mine, this.node_(), active.map((s) => s.pod));
      core.trace("admit", mine, verdict ? `rejected: ${verdict.reason}` : "admitted");
      if (verdict) {
        st.rejected = verdict;
        core.recorder.event(mine, "Warning", verdict.reason, verdict.message);
      } else st.admitted = true;
    }
    if (st.rejected) {
      if (mine.metadata.deletionTimestamp) return this.finishDeletion(st);
      return this.writeStatus(st);
    }
    if (mine.metadata.deletionTimestamp) return this.syncTerminating(st);
    if (!st.sandbox) {
      if (!st.busy) {
        st.busy = true;
        const ip = podSpec(mine).hostNetwork ? this.hostIP() : this.allocateIp();
        core.clock.setTimer(this.timings.sandboxMs, () => {
          st.busy = false;
          if (this.states.get(uid) !== st) return this.usedIps.delete(ip) as unknown as void;
          st.sandbox = this.rt.runSandbox(uid, podSpec(mine).hostname ?? mine.metadata.name ?? "", ip) as Sandbox;
          core.trace("RunPodSandbox", mine, `pod IP ${ip}`);
          core.enqueue(key);
        });
      }
      return this.writeStatus(st);
    }
    if (!this.finished(st)) await this.computeActions(st);
    await this.writeStatus(st);
    if (this.finished(st) && !st.sandboxGone) {
      st.sandboxGone = true;
      this.rt.stopSandbox(uid);
      if (st.sandbox && !podSpec(mine).hostNetwork) this.usedIps.delete(st.sandbox.ip);
      await this.writeStatus(st);
    }
  }

  /** the pod reached Succeeded/Failed: nothing more will run */
  private finished(st: PodState): boolean {
    if (st.sandboxGone) return true;
    const phase = st.lastStatusObj?.phase;
    return phase === "Succeeded" || phase === "Failed";
  }

  private async computeActions(st: PodState): Promise<void> {
    const core = this.core!;
    const spec = podSpec(st.pod);
    const policy = spec.restartPolicy ?? "Always";
    const hostIP = this.hostIP();
    if (st.busy) return;
    for (const c of spec.initContainers ?? []) {
      const sidecar = c.restartPolicy === "Always";
      const cur = this.rt.containersOf(st.uid, c.name)[0];
      if (!cur) {
        await startContainer(core, st, c, true, 0, hostIP);
        return;
      }
      if (cur.state === "running") {
        this.prober!.ensure(st, c, true, cur);
        if (sidecar && st.started.get(cur.id)) continue;
        return;
      }
      if (cur.state === "exited" && cur.exitCode === 0 && !sidecar) continue;
      if (cur.state === "exited" && !st.killing.has(cur.id) && shouldRestart(sidecar ? "Always" : policy, cur.exitCode ?? 0)) await restartContainer(core, st, c, true, cur, hostIP);
      st.killing.delete(cur.id);
      return;
    }
    for (const c of spec.containers) {
      const cur = this.rt.containersOf(st.uid, c.name)[0];
      if (!cur) {
        if (await startContainer(core, st, c, false, 0, hostIP)) return;
        continue;
      }
      if (cur.state === "running") {
        if (cur.specImage !== c.image) {
          // the only mutable field of a pod's container: a new image restarts the container
          st.changed.add(c.name);
          this.prober!.stopContainer(cur.id);
          killContainer(core, st, c, false, cur, `Container ${c.name} definition changed, will be restarted`, graceMs(st.pod));
          continue;
        }
        this.prober!.ensure(st, c, false, cur);
        continue;
      }
      if (cur.state !== "exited") continue;
      st.killing.delete(cur.id);
      this.prober!.stopContainer(cur.id);
      const changed = st.changed.delete(c.name);
      if ((changed || shouldRestart(policy, cur.exitCode ?? 0)) && (await restartContainer(core, st, c, false, cur, hostIP))) return;
    }
  }

  private async syncTerminating(st: PodState): Promise<void> {
    const core = this.core!;
    const spec = podSpec(st.pod);
    if (!st.terminating) {
      st.terminating = { since: core.clock.now() };
      const grace = graceMs(st.pod);
      const all: [ContainerSpec, boolean][] = [...spec.containers.map((c) => [c, false] as [ContainerSpec, boolean]), ...(spec.initContainers ?? []).map((c) => [c, true] as [ContainerSpec, boolean])];
      for (const [c, init] of all) {
        for (const rec of this.rt.containersOf(st.uid, c.name)) {
          this.prober!.stopContainer(rec.id);
          if (rec.state === "running") killContainer(core, st, c, init, rec, `Stopping container ${c.name}`, grace);
        }
      }
    }
    st.allStopped = !st.busy && this.rt.containersOf(st.uid).every((c) => c.state !== "running");
    await this.writeStatus(st);
    if (st.allStopped) await this.finishDeletion(st);
  }

  private async finishDeletion(st: PodState): Promise<void> {
    const core = this.core!;
    st.deleted = true;
    this.teardown(st);
    core.trace("delete", st.pod, "all containers stopped: deleting the pod (gracePeriodSeconds 0)");
    try {
      await core.client.delete(podsRef, st.pod.metadata.namespace, st.pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: st.uid } });
    } catch {
      // already gone or replaced: nothing to do
    }
  }

  private async writeStatus(st: PodState): Promise<void> {
    const core = this.core!;
    const status = generateStatus(st.pod, st, this.rt, core.clock.now(), this.hostIP(), st.lastStatusObj);
    const json = JSON.stringify(status);
    if (json === st.lastStatus) return;
    let pod = st.pod;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await core.client.update(podsRef, pod.metadata.namespace, { ...pod, status } as KubeObject, { subresource: "status", fieldManager: "kubelet" });
        st.lastStatus = json;
        st.lastStatusObj = status;
        core.trace("status", st.pod, `phase ${String(status.phase)}`);
        return;
      } catch (e) {
        const reason = (e as { reason?: string }).reason;
        if (reason === "NotFound") return;
        if (reason !== "Conflict") throw e;
        pod = await core.client.get(podsRef, pod.metadata.namespace, pod.metadata.name!);
        if (pod.metadata.uid !== st.uid) return;
      }
    }
  }

  /** pod states (for the log source and tests) */
  state(uid: string): PodState | undefined {
    return this.states.get(uid);
  }
}
