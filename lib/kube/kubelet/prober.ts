/**
 * The prober (pkg/kubelet/prober): one worker per container and probe type, ticking every
 * periodSeconds on the clock once initialDelaySeconds have passed, with success/failure
 * thresholds. Startup gates liveness and readiness; readiness sets the container's `ready`;
 * a liveness or startup failure at the threshold asks the kubelet to restart the container.
 * Failed probes emit `Unhealthy` events with upstream's wording.
 */
import type { TimerHandle } from "../clock";
import type { ContainerRecord } from "../runtime";
import { fieldPath, type ContainerSpec, type Probe } from "./pod-spec";
import type { PodState } from "./pod-state";
import type { KubeletCore } from "./types";

type Kind = "liveness" | "readiness" | "startup";
const TITLE: Record<Kind, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };

interface Worker {
  timer?: TimerHandle;
  cancelExec?: () => void;
  successes: number;
  failures: number;
  stopped: boolean;
}

export interface ProberHooks {
  /** a liveness/startup probe failed `failureThreshold` times */
  restart(st: PodState, c: ContainerSpec, init: boolean, rec: ContainerRecord, kind: "liveness" | "startup"): void;
  /** ready/started changed */
  changed(st: PodState): void;
}

export class Prober {
  private readonly workers = new Map<string, Worker>();

  constructor(
    private readonly k: KubeletCore,
    private readonly hooks: ProberHooks,
  ) {}

  /** ensures workers for the running container `rec` (called on every pod sync) */
  ensure(st: PodState, c: ContainerSpec, init: boolean, rec: ContainerRecord): void {
    if (rec.state !== "running") return;
    const hasStartup = !!c.startupProbe;
    if (!st.started.has(rec.id)) {
      st.started.set(rec.id, !hasStartup);
      if (!hasStartup && !c.readinessProbe) st.ready.set(rec.id, true);
    }
    if (hasStartup && !st.started.get(rec.id)) this.worker(st, c, init, rec, "startup", c.startupProbe!);
    if (!st.started.get(rec.id)) return;
    if (c.livenessProbe) this.worker(st, c, init, rec, "liveness", c.livenessProbe);
    if (c.readinessProbe) this.worker(st, c, init, rec, "readiness", c.readinessProbe);
    else if (!st.ready.get(rec.id)) {
      st.ready.set(rec.id, true);
      this.hooks.changed(st);
    }
  }

  private worker(st: PodState, c: ContainerSpec, init: boolean, rec: ContainerRecord, kind: Kind, probe: Probe): void {
    const key = `${rec.id}/${kind}`;
    if (this.workers.has(key)) return;
    const w: Worker = { successes: 0, failures: 0, stopped: false };
    this.workers.set(key, w);
    const period = (probe.periodSeconds ?? 10) * 1000;
    const first = Math.max((rec.startedAt ?? 0) + (probe.initialDelaySeconds ?? 0) * 1000, this.k.clock.now() + 500) - this.k.clock.now();
    const tick = () => {
      if (w.stopped) return;
      if (rec.state !== "running" || st.killing.has(rec.id)) return this.stopKey(key);
      this.run(st, c, rec, probe, (ok, msg) => {
        if (w.stopped) return;
        this.result(st, c, init, rec, kind, probe, w, ok, msg);
        if (!w.stopped) w.timer = this.k.clock.setTimer(period, tick);
      }, w);
    };
    w.timer = this.k.clock.setTimer(first, tick);
  }

  private result(st: PodState, c: ContainerSpec, init: boolean, rec: ContainerRecord, kind: Kind, probe: Probe, w: Worker, ok: boolean, msg: string): void {
    const successThreshold = probe.successThreshold ?? 1;
    const failureThreshold = probe.failureThreshold ?? 3;
    if (ok) {
      w.failures = 0;
      w.successes++;
      if (w.successes < successThreshold) return;
      if (kind === "readiness" && !st.ready.get(rec.id)) {
        st.ready.set(rec.id, true);
        this.hooks.changed(st);
      }
      if (kind === "startup") {
        st.started.set(rec.id, true);
        this.stopKey(`${rec.id}/startup`);
        this.hooks.changed(st);
      }
      return;
    }
    w.successes = 0;
    w.failures++;
    this.k.recorder.event(st.pod, "Warning", "Unhealthy", `${TITLE[kind]} probe failed: ${msg}`, fieldPath(init, c.name));
    if (w.failures < failureThreshold) return;
    if (kind === "readiness") {
      if (st.ready.get(rec.id)) {
        st.ready.set(rec.id, false);
        this.hooks.changed(st);
      }
      return;
    }
    this.stopKey(`${rec.id}/${kind}`);
    this.hooks.restart(st, c, init, rec, kind);
  }

  private run(st: PodState, c: ContainerSpec, rec: ContainerRecord, probe: Probe, done: (ok: boolean, msg: string) => void, w: Worker): void {
    const ip = st.sandbox?.ip ?? "";
    const port = (p: number | string | undefined): number => (typeof p === "number" ? p : Number(c.ports?.find((x) => x.name === p)?.containerPort ?? p ?? 0));
    if (probe.exec) {
      const h = this.k.rt.exec(rec.id, probe.exec.command ?? [], (r) => {
        w.cancelExec = undefined;
        if ("error" in r) done(false, r.error);
        else done(r.code === 0, r.output.replace(/\n$/, ""));
      });
      if (!w.stopped && rec.state === "running") w.cancelExec = () => h.cancel();
      return;
    }
    if (probe.httpGet) {
      const p = port(probe.httpGet.port);
      const host = probe.httpGet.host ?? ip;
      const path = probe.httpGet.path ?? "/";
      const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
      const r = this.k.rt.httpGet(host, p, path);
      if (!r) return done(false, `Get "${scheme}://${host}:${p}${path}": dial tcp ${host}:${p}: connect: connection refused`);
      if (r.status === 0) return done(false, `Get "${scheme}://${host}:${p}${path}": EOF`);
      if (r.status >= 200 && r.status < 400) return done(true, "");
      return done(false, `HTTP probe failed with statuscode: ${r.status}`);
    }
    const tcp = probe.tcpSocket ?? probe.grpc;
    if (tcp) {
      const p = port(tcp.port);
      const host = (probe.tcpSocket?.host as string | undefined) ?? ip;
      if (this.k.rt.tcpOpen(host, p)) return done(true, "");
      return done(false, `dial tcp ${host}:${p}: connect: connection refused`);
    }
    done(true, "");
  }

  private stopKey(key: string): void {
    const w = this.workers.get(key);
    if (!w) return;
    w.stopped = true;
    w.timer?.cancel();
    w.cancelExec?.();
    this.workers.delete(key);
  }

  /** stops workers of containers not in `keep` (ids); all of them when `keep` is empty */
  stopContainer(id: string): void {
    for (const kind of ["liveness", "readiness", "startup"]) this.stopKey(`${id}/${kind}`);
  }

  stopAll(): void {
    for (const key of [...this.workers.keys()]) this.stopKey(key);
  }

  get size(): number {
    return this.workers.size;
  }
}
