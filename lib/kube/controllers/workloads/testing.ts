/**
 * Test harness: a real embedded cluster (createCluster on a FakeClock) with the given
 * controllers started on its loopback client, plus helpers that do through the API what the
 * scheduler and kubelets would (bind pods, mark them Running/Ready, finish graceful deletion).
 */
import type { KubeObject } from "../../api/types";
import { FakeClock } from "../../clock";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext, type ResourceRef } from "../../client";
import { createCluster, type Cluster } from "../../cluster";
import type { WorkloadComponent } from "./common/base";
import { PODS, rfc3339 } from "./common/refs";
import type { Pod } from "./common/types";

export interface Harness {
  clock: FakeClock;
  cluster: Cluster;
  client: ComponentContext["client"];
  ctx: ComponentContext;
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  create(ref: ResourceRef, obj: KubeObject): Promise<KubeObject>;
  get(ref: ResourceRef, name: string, ns?: string): Promise<KubeObject>;
  list(ref: ResourceRef, ns?: string): Promise<KubeObject[]>;
  /** pods in `ns` (default "default"), sorted by name */
  pods(ns?: string): Promise<Pod[]>;
  /** binds unbound pods (round robin over worker nodes unless given) and marks them Running + Ready */
  runPods(opts?: { node?: string; ready?: boolean; only?: (p: Pod) => boolean }): Promise<void>;
  setPhase(pod: KubeObject, phase: "Succeeded" | "Failed" | "Running", ready?: boolean): Promise<void>;
  /** what the kubelet does after a graceful delete: removes terminating pods */
  finishDeletions(ns?: string): Promise<void>;
  /** events (reason: message) about `name`, in order */
  events(name?: string, ns?: string): Promise<string[]>;
  close(): void;
}

export const WORKERS = ["worker-1", "worker-2"];

/** the node a DaemonSet pod's required node affinity pins it to */
function pinnedNode(p: Pod): string | undefined {
  const terms = (p.spec?.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } } } | undefined)
    ?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms?.[0]?.matchFields?.find((f) => f.key === "metadata.name")?.values?.[0];
}

export async function startHarness(components: WorkloadComponent[], nodes = 3): Promise<Harness> {
  const clock = new FakeClock();
  const cluster = await createCluster({ token: "t", clock, nodes });
  const client = cluster.apiServer.loopback;
  const informers = new InformerFactory(client);
  const tracker = new WorkTracker();
  const ctx: ComponentContext = { client, informers, clock, trace: cluster.trace, tracker, random: seededRandom(7) };
  for (const c of components) await c.start(ctx);
  await informers.start();
  let rr = 0;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await tracker.settle();
      await Promise.all(components.map((c) => c.flushEvents()));
    }
    await tracker.settle();
  };
  await settle();
  const h: Harness = {
    clock,
    cluster,
    client,
    ctx,
    settle,
    async advance(ms) {
      // step in 1 s increments so chains of timers (and reconciles they trigger) interleave
      let left = ms;
      while (left > 0) {
        const step = Math.min(1000, left);
        clock.advance(step);
        left -= step;
        await settle();
      }
    },
    create: async (ref, obj) => {
      const out = await client.create(ref, obj.metadata.namespace ?? "default", obj);
      await settle();
      return out;
    },
    get: (ref, name, ns = "default") => client.get(ref, ns, name),
    list: async (ref, ns = "default") => (await client.list(ref, { namespace: ns })).items,
    pods: async (ns = "default") => ((await client.list(PODS, { namespace: ns })).items as Pod[]).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1)),
    async runPods(opts = {}) {
      for (const p of await h.pods()) {
        if (p.metadata.deletionTimestamp || p.status?.phase === "Succeeded" || p.status?.phase === "Failed" || (opts.only && !opts.only(p))) continue;
        if (!p.spec?.nodeName) {
          const node = opts.node ?? pinnedNode(p) ?? WORKERS[rr++ % WORKERS.length]!;
          await client.createSubresource(PODS, p.metadata.namespace, p.metadata.name!, "binding", {
            apiVersion: "v1",
            kind: "Binding",
            metadata: { name: p.metadata.name! },
            target: { kind: "Node", name: node },
          });
        }
        if (p.status?.phase !== "Running") await h.setPhase(p, "Running", opts.ready ?? true);
      }
      await settle();
    },
    async setPhase(pod, phase, ready = phase === "Running") {
      const now = rfc3339(clock.now());
      const cond = (type: string, status: boolean) => ({ type, status: status ? "True" : "False", lastProbeTime: null, lastTransitionTime: now });
      await client.patch(PODS, pod.metadata.namespace, pod.metadata.name!, "merge", {
        status: {
          phase,
          startTime: now,
          conditions: [cond("Initialized", true), cond("Ready", ready), cond("ContainersReady", ready), cond("PodScheduled", true)],
        },
      }, { subresource: "status" });
      await settle();
    },
    async finishDeletions(ns = "default") {
      for (const p of await h.pods(ns)) if (p.metadata.deletionTimestamp) await client.delete(PODS, ns, p.metadata.name!, { gracePeriodSeconds: 0 });
      await settle();
    },
    async events(name, ns = "default") {
      const list = (await client.list({ group: "", version: "v1", resource: "events" }, { namespace: ns })).items;
      return list
        .filter((e) => !name || (e.involvedObject as { name: string }).name === name)
        .map((e) => `${e.reason as string}: ${e.message as string}`);
    },
    close() {
      for (const c of components) c.stop();
      informers.stop();
      cluster.close();
    },
  };
  return h;
}
