/** Test helpers: a cluster on a FakeClock with the scheduler started on its loopback client. */
import type { KubeObject } from "../api/types";
import { FakeClock } from "../clock";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext, type KubeClient } from "../client";
import { createCluster, type Cluster } from "../cluster";
import { createScheduler, type KubeScheduler, type SchedulerOptions } from "./scheduler";

export const core = (resource: string) => ({ group: "", version: "v1", resource });

export interface SchedulerHarness {
  cluster: Cluster;
  clock: FakeClock;
  scheduler: KubeScheduler;
  ctx: ComponentContext;
  settle(): Promise<void>;
  close(): void;
}

export async function startSchedulerCluster(opts: { nodes?: number; scheduler?: SchedulerOptions; seed?: number; wrapClient?: (c: KubeClient) => KubeClient } = {}): Promise<SchedulerHarness> {
  const clock = new FakeClock();
  const cluster = await createCluster({ token: "t", clock, nodes: opts.nodes ?? 3 });
  const client = opts.wrapClient ? opts.wrapClient(cluster.apiServer.loopback) : cluster.apiServer.loopback;
  const ctx: ComponentContext = { client, informers: new InformerFactory(client), clock, trace: cluster.trace, tracker: new WorkTracker(), random: seededRandom(opts.seed ?? 1) };
  const scheduler = createScheduler(opts.scheduler);
  await scheduler.start(ctx);
  await ctx.informers.start();
  const settle = async () => {
    await ctx.tracker.settle();
    await scheduler.flushEvents();
    await ctx.tracker.settle();
  };
  await settle();
  return {
    cluster,
    clock,
    scheduler,
    ctx,
    settle,
    close() {
      scheduler.stop();
      ctx.informers.stop();
      cluster.close();
    },
  };
}

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  spec?: Record<string, unknown>;
  containers?: Record<string, unknown>[];
}

export function pod(name: string, o: PodOptions = {}): KubeObject {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: o.namespace ?? "default", ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      containers: o.containers ?? [{ name: "app", image: "nginx:1.27", ...(Object.keys(requests).length ? { resources: { requests } } : {}) }],
      ...(o.spec ?? {}),
    },
  };
}

export async function createPod(h: SchedulerHarness, p: KubeObject): Promise<KubeObject> {
  return h.cluster.apiServer.loopback.create(core("pods"), p.metadata.namespace ?? "default", p);
}

export async function getPod(h: SchedulerHarness, name: string, ns = "default"): Promise<KubeObject> {
  return h.cluster.apiServer.loopback.get(core("pods"), ns, name);
}

export const nodeNameOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;

export async function eventsFor(h: SchedulerHarness, name: string): Promise<{ reason: string; message: string; type: string; count: number; source: { component: string } }[]> {
  const list = await h.cluster.apiServer.loopback.list(core("events"), { namespace: "default" });
  return list.items
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => e as unknown as { reason: string; message: string; type: string; count: number; source: { component: string } });
}
