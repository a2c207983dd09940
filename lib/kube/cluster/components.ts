/**
 * The components that bring an embedded cluster to life, started per cluster on one shared
 * ComponentContext (loopback client, shared informers, clock, trace, work tracker):
 * kube-scheduler, the kube-controller-manager loops, and a kubelet per node.
 *
 * They talk to the API server only through the loopback client (list + watch, then write),
 * and wait only on the cluster clock, so an idle cluster holds no timers but the kubelets'
 * one heartbeat timer.
 */
import { InformerFactory, WorkTracker, seededRandom, type Component, type ComponentContext } from "../client";
import type { Clock } from "../clock";
import type { Trace } from "../trace";
import type { Loopback } from "../apiserver";
import { clusterControllers, createLoadGenerator, type LoadGenerator } from "../controllers/cluster";
import { workloadControllers } from "../controllers/workloads";
import { createKubelets, type KubeletFleet, type KubeletFleetOptions } from "../kubelet";
import { createScheduler } from "../scheduler";
import { createNetworking, runtimeListeners, type Networking } from "../network";

export interface ComponentSelection {
  scheduler?: boolean;
  controllers?: boolean;
  kubelets?: boolean;
  /** kube-proxy per node, cluster DNS and the simulated data path */
  network?: boolean;
}

export interface ClusterComponents {
  readonly fleet: KubeletFleet | undefined;
  readonly networking: Networking | undefined;
  readonly loads: LoadGenerator;
  readonly context: ComponentContext;
  readonly list: readonly Component[];
  /** starts every component, then the shared informers */
  start(): Promise<void>;
  /** resolves when no component has work queued or running and recorded events are written */
  settle(): Promise<void>;
  stop(): void;
}

/** The kubelets must exist before the API server (they are its log source). */
export function prepareKubelets(nodeNames: string[], selection: ComponentSelection, opts: KubeletFleetOptions = {}) {
  return selection.kubelets === false ? undefined : createKubelets(nodeNames, opts);
}

export function createComponents(args: {
  client: Loopback;
  clock: Clock;
  trace: Trace;
  caPem: string;
  selection: ComponentSelection;
  kubelets: ReturnType<typeof prepareKubelets>;
  nodeNames: string[];
  seed?: number;
}): ClusterComponents {
  const { selection } = args;
  const informers = new InformerFactory(args.client);
  const tracker = new WorkTracker();
  const context: ComponentContext = { client: args.client, informers, clock: args.clock, trace: args.trace, tracker, random: seededRandom(args.seed ?? 1) };
  const loads = createLoadGenerator();
  const list: Component[] = [];
  const withEvents: { flushEvents(): Promise<void> }[] = [];
  if (selection.controllers !== false) {
    const cc = clusterControllers({ caPem: args.caPem || undefined, loads });
    list.push(...cc);
    withEvents.push(...cc);
    const wc = workloadControllers();
    list.push(...wc);
    withEvents.push(...wc);
  }
  if (selection.scheduler !== false) list.push(createScheduler());
  if (args.kubelets) list.push(...args.kubelets.components);
  const networking =
    selection.network === false
      ? undefined
      : createNetworking(args.nodeNames, { ...(args.kubelets ? { listeners: runtimeListeners(args.kubelets.fleet.network) } : {}), random: seededRandom((args.seed ?? 1) + 1) });
  if (networking) list.push(...networking.components);
  // containers' curl/wget/nslookup/ping go through the data path (DNS, kube-proxy, NetworkPolicy)
  if (networking && args.kubelets) args.kubelets.fleet.useNetwork(networking.network);
  let stopped = false;

  return {
    fleet: args.kubelets?.fleet,
    networking,
    loads,
    context,
    list,
    async start() {
      for (const c of list) await c.start(context);
      await informers.start();
    },
    async settle() {
      for (let i = 0; i < 3; i++) {
        await tracker.settle();
        await Promise.all(withEvents.map((c) => c.flushEvents()));
      }
      await tracker.settle();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      for (const c of list) c.stop();
      informers.stop();
    },
  };
}
