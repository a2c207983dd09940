/**
 * Test harness: an embedded cluster on a FakeClock with the given controllers started on its
 * loopback client, and helpers that play the parts of the components these controllers work
 * with (kubelets posting pod status and renewing Leases, workload controllers creating pods).
 *
 * `bare: true` builds the cluster from the same bootstrap snapshot but without the bootstrap
 * stand-in controllers (lib/kube/cluster/controllers.ts), so a test sees only ours at work.
 */
import type { KubeObject } from "../../../api/types";
import { createApiServer } from "../../../apiserver";
import { FakeClock } from "../../../clock";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext, type KubeClient } from "../../../client";
import { createCluster } from "../../../cluster";
import { bootstrapSnapshot } from "../../../cluster/template";
import { MemoryStore } from "../../../store";
import { Trace } from "../../../trace";
import type { ClusterComponent } from "./base";
import { PODS, microTime, LEASES } from "./util";

export interface Harness {
  clock: FakeClock;
  client: KubeClient;
  trace: Trace;
  ctx: ComponentContext;
  /** waits until no controller has work queued or running, and recorded events are written */
  settle(): Promise<void>;
  /** advances the fake clock, then settles */
  advance(ms: number): Promise<void>;
  close(): void;
}

export async function startHarness(components: ClusterComponent[], opts: { bare?: boolean; nodes?: number } = {}): Promise<Harness> {
  const clock = new FakeClock();
  let client: KubeClient;
  let trace: Trace;
  let close: () => void;
  if (opts.bare) {
    const snap = await bootstrapSnapshot(opts.nodes ?? 3, "CA", "https://127.0.0.1:6443", clock.now());
    const store = MemoryStore.restore(snap);
    trace = new Trace(() => clock.now(), 5000);
    const api = createApiServer({ store, clock, trace, token: "t", random: seededRandom(7) });
    client = api.loopback;
    close = () => api.close();
  } else {
    const cluster = await createCluster({ token: "t", clock, nodes: opts.nodes ?? 3, traceCapacity: 5000, random: seededRandom(7) });
    client = cluster.apiServer.loopback;
    trace = cluster.trace;
    close = () => cluster.close();
  }
  const informers = new InformerFactory(client);
  const tracker = new WorkTracker();
  const ctx: ComponentContext = { client, informers, clock, trace, tracker, random: seededRandom(42) };
  for (const c of components) await c.start(ctx);
  await informers.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await tracker.settle();
      await Promise.all(components.map((c) => c.flushEvents()));
      await tracker.settle();
    }
  };
  await settle();
  return {
    clock,
    client,
    trace,
    ctx,
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    close() {
      for (const c of components) c.stop();
      informers.stop();
      close();
    },
  };
}

/** a pod as a workload controller would create it; `ip`/`ready`/`node` play the scheduler and kubelet */
export function podObject(
  name: string,
  labels: Record<string, string>,
  extra: { ports?: { name?: string; containerPort: number; protocol?: string }[]; cpu?: string; namespace?: string } = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels, ...(extra.namespace ? { namespace: extra.namespace } : {}) },
    spec: {
      containers: [
        {
          name: "app",
          image: "nginx",
          ...(extra.ports ? { ports: extra.ports } : {}),
          ...(extra.cpu ? { resources: { requests: { cpu: extra.cpu } } } : {}),
        },
      ],
    },
  };
}

/** what the scheduler and the kubelet do: bind to `node`, then post Running status with an IP and readiness */
export async function runPod(
  client: KubeClient,
  ns: string,
  name: string,
  node: string,
  ip: string,
  ready: boolean,
  now: number,
): Promise<KubeObject> {
  let pod = await client.get(PODS, ns, name);
  if (!(pod.spec as { nodeName?: string }).nodeName) {
    await client.createSubresource(PODS, ns, name, "binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name },
      target: { kind: "Node", name: node },
    } as KubeObject);
    pod = await client.get(PODS, ns, name);
  }
  return setPodReady(client, pod, ready, now, ip);
}

export async function setPodReady(client: KubeClient, pod: KubeObject, ready: boolean, now: number, ip?: string): Promise<KubeObject> {
  const t = new Date(Math.floor(now / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const podIP = ip ?? (pod.status as { podIP?: string } | undefined)?.podIP;
  const status = {
    phase: "Running",
    hostIP: "172.18.0.3",
    ...(podIP ? { podIP, podIPs: [{ ip: podIP }] } : {}),
    startTime: t,
    conditions: [
      { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: t },
      { type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: t },
      { type: "ContainersReady", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: t },
      { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: t },
    ],
  };
  return client.update(PODS, pod.metadata.namespace, { ...pod, status }, { subresource: "status" });
}

/** what a kubelet's lease controller does every 10 s */
export async function renewLease(client: KubeClient, node: string, now: number): Promise<void> {
  const lease = await client.get(LEASES, "kube-node-lease", node);
  await client.update(LEASES, "kube-node-lease", { ...lease, spec: { ...(lease.spec as object), renewTime: microTime(now) } });
}
