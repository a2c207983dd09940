/**
 * Test helpers: a cluster on a FakeClock with kubelets started on its loopback client, and
 * small accessors for pods, events and logs. `run(ms)` advances the clock in small steps,
 * settling async work between steps, so timers scheduled by reconciles fire on time.
 */
import type { KubeObject } from "../api/types";
import type { LogOptions } from "../apiserver/types";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext } from "../client";
import { FakeClock } from "../clock";
import { createCluster, nodeNames, type Cluster, type ClusterSnapshot } from "../cluster";
import type { LogSnapshot } from "../runtime";
import { createKubelets, type KubeletFleet, type KubeletFleetOptions } from "./fleet";
import { podsRef } from "./types";

export interface KubeletTestCluster {
  cluster: Cluster;
  clock: SteppingClock;
  fleet: KubeletFleet;
  tracker: WorkTracker;
  ctx: ComponentContext;
  /** creates a pod bound to `node` (default worker-1) */
  createPod(name: string, spec: Record<string, unknown>, node?: string, meta?: Record<string, unknown>): Promise<KubeObject>;
  pod(name: string): Promise<KubeObject | undefined>;
  /** events about `name` as "Type Reason Message" */
  events(name?: string): Promise<string[]>;
  /** advances cluster time by `ms`, timer by timer, settling async work after each */
  run(ms: number, _step?: number): Promise<void>;
  logs(name: string, opts?: Partial<LogOptions>): Promise<string>;
  close(): void;
}

/** a FakeClock that knows when its next timer is due, so tests can step exactly timer to timer */
export class SteppingClock extends FakeClock {
  private readonly dues: { due: number; done: boolean }[] = [];
  override setTimer(ms: number, fn: () => void) {
    const entry = { due: this.now() + Math.max(0, ms), done: false };
    this.dues.push(entry);
    const h = super.setTimer(ms, () => {
      entry.done = true;
      fn();
    });
    return { cancel: () => ((entry.done = true), h.cancel()) };
  }
  nextDue(): number | undefined {
    let min: number | undefined;
    for (let i = this.dues.length - 1; i >= 0; i--) {
      const e = this.dues[i]!;
      if (e.done) this.dues.splice(i, 1);
      else if (min === undefined || e.due < min) min = e.due;
    }
    return min;
  }
}

export async function kubeletTestCluster(opts: KubeletFleetOptions & { nodes?: number; snapshot?: ClusterSnapshot; restoreLogs?: LogSnapshot; token?: string; caPem?: string } = {}): Promise<KubeletTestCluster> {
  const clock = new SteppingClock(Date.UTC(2026, 10, 27, 13, 0, 0));
  const names = nodeNames(opts.nodes ?? 3);
  const { fleet, components, logSource, streamSource } = createKubelets(names, opts);
  if (opts.restoreLogs) fleet.restoreLogs(opts.restoreLogs);
  const cluster = await createCluster({ token: opts.token ?? "t", clock, nodes: names.length, logSource, streamSource, ...(opts.caPem ? { caPem: opts.caPem } : {}), ...(opts.snapshot ? { snapshot: opts.snapshot } : {}) });
  const client = cluster.apiServer.loopback;
  const informers = new InformerFactory(client);
  const tracker = new WorkTracker();
  const ctx: ComponentContext = { client, informers, clock, trace: cluster.trace, tracker, random: seededRandom(7) };
  for (const c of components) await c.start(ctx);
  await informers.start();
  await tracker.settle();
  const t: KubeletTestCluster = {
    cluster,
    clock,
    fleet,
    tracker,
    ctx,
    async createPod(name, spec, node = "worker-1", meta = {}) {
      const pod = await client.create(podsRef, "default", { apiVersion: "v1", kind: "Pod", metadata: { name, ...meta }, spec: { nodeName: node, ...spec } } as KubeObject);
      await tracker.settle();
      return pod;
    },
    async pod(name) {
      try {
        return await client.get(podsRef, "default", name);
      } catch {
        return undefined;
      }
    },
    async events(name) {
      for (const k of names) await fleet.kubelet(k).recorder?.flush();
      const list = await client.list({ group: "", version: "v1", resource: "events" }, { namespace: "default" });
      return list.items
        .filter((e) => !name || (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name)
        .map((e) => {
          const ev = e as unknown as { type: string; reason: string; message: string; count: number };
          return `${ev.type} ${ev.reason} ${ev.message}${ev.count > 1 ? ` (x${ev.count})` : ""}`;
        });
    },
    async run(ms) {
      const target = clock.now() + ms;
      await tracker.settle();
      for (;;) {
        const next = clock.nextDue();
        if (next === undefined || next > target) break;
        clock.advance(Math.max(0, next - clock.now()));
        await tracker.settle();
      }
      clock.advance(target - clock.now());
      await tracker.settle();
    },
    async logs(name, o = {}) {
      const pod = await t.pod(name);
      if (!pod) throw new Error(`no pod ${name}`);
      const container = o.container ?? (pod.spec as { containers: { name: string }[] }).containers[0]!.name;
      let out = "";
      logSource.open(pod, { follow: false, previous: false, timestamps: false, ...o, container }, { write: (s) => void (out += s), end: () => undefined });
      return out;
    },
    close() {
      for (const c of components) c.stop();
      informers.stop();
      cluster.close();
    },
  };
  return t;
}

/** a container status field of a pod */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose access to status fields in assertions
export function cstatus(pod: KubeObject | undefined, i = 0, init = false): Record<string, any> {
  const s = pod?.status as { containerStatuses?: unknown[]; initContainerStatuses?: unknown[] } | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  return ((init ? s?.initContainerStatuses : s?.containerStatuses)?.[i] ?? {}) as Record<string, any>;
}

export function condition(pod: KubeObject | undefined, type: string): string | undefined {
  return ((pod?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === type)?.status;
}
