/**
 * A control-plane or node component (kube-scheduler, a kube-controller-manager controller, a
 * kubelet, kube-proxy): started per cluster with a context, stopped with the cluster.
 *
 * Components talk to the cluster ONLY through `ctx.client` (list + watch through
 * `ctx.informers`, then writes through the API); they never touch the store. They wait only on
 * `ctx.clock` timers, so an idle cluster holds no timers and tests drive time with a FakeClock.
 */
import type { Clock } from "../clock";
import type { Trace } from "../trace";
import type { KubeClient } from "./types";
import type { InformerFactory } from "./informer-factory";
import type { WorkTracker } from "./controller";

export interface ComponentContext {
  client: KubeClient;
  informers: InformerFactory;
  clock: Clock;
  trace: Trace;
  /** registers controllers so `settle()` can wait for quiet */
  tracker: WorkTracker;
  /** seeded randomness (jitter, generateName-like choices); deterministic in tests */
  random: () => number;
}

export interface Component {
  /** as the real one is named: "kube-scheduler", "deployment-controller", "kubelet/worker-1" */
  readonly name: string;
  /** registers informers/handlers; the caller starts the informer factory afterwards */
  start(ctx: ComponentContext): void | Promise<void>;
  stop(): void;
}

/** mulberry32: a small seeded PRNG for deterministic simulations */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
