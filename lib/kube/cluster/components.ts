/**
 * The components that bring an embedded cluster to life, started per cluster on one shared
 * ComponentContext (loopback client, shared informers, clock, trace, work tracker):
 * kube-scheduler, the kube-controller-manager loops, a kubelet per node, and the network
 * (a kube-proxy per node, cluster DNS, the data path). Once they run, kubeadm's add-ons are
 * installed like its `addon` phase does: the `coredns` Deployment behind the `kube-dns` Service
 * and the `kube-proxy` DaemonSet. Their pods are what serves: DNS is answered only by a pod
 * whose coredns process bound :53 (reached through kube-dns's ready endpoints), and a node's
 * rules are programmed only while its kube-proxy pod runs (the rules outlive it, as iptables
 * rules outlive the process that wrote them). The nodes hold the add-on images from the start,
 * as kind's node image does.
 *
 * They talk to the API server only through the loopback client (list + watch, then write),
 * and wait only on the cluster clock, so an idle cluster holds no timers but the kubelets'
 * one heartbeat timer and the probe timers of pods that have probes (coredns's, for one).
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
import { addonImages, installAddons } from "./bootstrap";

const DEFAULT_SANDBOX_IMAGE = "registry.k8s.io/pause:3.10";

export interface ComponentSelection {
  scheduler?: boolean;
  controllers?: boolean;
  kubelets?: boolean;
  /** kube-proxy per node, cluster DNS and the simulated data path */
  network?: boolean;
  /**
   * kubeadm's add-ons: the `coredns` Deployment behind the `kube-dns` Service and the
   * `kube-proxy` DaemonSet (default: on when the network, the controllers and the kubelets run)
   */
  addons?: boolean;
}

/** are kubeadm's add-ons installed for this selection (they need controllers, kubelets and the network) */
export function addonsSelected(selection: ComponentSelection): boolean {
  return selection.addons ?? (selection.network !== false && selection.controllers !== false && selection.kubelets !== false);
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
  if (selection.kubelets === false) return undefined;
  // like kind's node image, the nodes hold the add-ons' images from the start
  const preloadedImages = addonsSelected(selection) ? [...(opts.preloadedImages ?? [DEFAULT_SANDBOX_IMAGE]), ...addonImages()] : opts.preloadedImages;
  return createKubelets(nodeNames, { ...opts, ...(preloadedImages ? { preloadedImages } : {}) });
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
  const addons = addonsSelected(selection);
  // with the kube-proxy DaemonSet, each node's rules are programmed by its kube-proxy pod's process
  const proxyPods = addons && !!args.kubelets;
  const networking =
    selection.network === false
      ? undefined
      : createNetworking(args.nodeNames, {
          ...(args.kubelets ? { listeners: runtimeListeners(args.kubelets.fleet.network) } : {}),
          random: seededRandom((args.seed ?? 1) + 1),
          proxyPods,
        });
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
      // kubeadm's addon phase, once the control plane runs (the controllers see the add-ons as
      // new objects; objects listed while the controllers start could be missed, see report)
      if (addons) await installAddons(args.client);
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
