/**
 * One embedded cluster: a MemoryStore, a Trace and the API server over them, bootstrapped like
 * a fresh kubeadm cluster (namespaces, the kubernetes Service, Ready nodes, default service
 * accounts). Shared, immutable data (OpenAPI, discovery) lives per process, so a cluster costs
 * only its objects. With components, an idle cluster parks (./idle): after a minute without
 * external requests it holds no timers at all until the next request resumes it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { createApiServer, DEFAULT_PLUGINS, type AdmissionPlugin, type ApiServer, type ApiServerLimits, type LogSource, type StreamSource } from "../apiserver";
import { ParkableClock, realClock, type Clock } from "../clock";
import { MemoryStore } from "../store";
import type { StoreSnapshot } from "../store/types";
import { Trace } from "../trace";
import { bootstrapSnapshot } from "./template";
import { startBootstrapControllers, type BootstrapControllers } from "./controllers";
import { kubeconfigYaml } from "./kubeconfig";
import { createComponents, prepareKubelets, type ClusterComponents, type ComponentSelection } from "./components";
import { nodeNames } from "./bootstrap";
import type { KubeletFleetOptions } from "../kubelet";
import type { LogSnapshot } from "../runtime";
import { ClusterParking, DEFAULT_IDLE_AFTER_MS, type IdleOptions } from "./idle";

export { kubeconfigYaml, type KubeconfigOptions } from "./kubeconfig";
export { DEFAULT_IDLE_AFTER_MS, type IdleOptions } from "./idle";
export { nodeNames, nodeObject, SYSTEM_NAMESPACES, KUBERNETES_SERVICE_IP, CONTROL_PLANE_NODE } from "./bootstrap";

export interface ClusterOptions {
  /** the cluster admin's bearer token */
  token: string;
  clock?: Clock;
  /** total nodes including the control plane (default 3) */
  nodes?: number;
  /** path prefix the API server is mounted under */
  prefix?: string;
  limits?: Partial<ApiServerLimits>;
  /** admission plugins run after the defaults (e.g. a platform's per-sandbox pod limit) */
  extraAdmission?: readonly AdmissionPlugin[];
  logSource?: LogSource;
  /** where exec/attach sessions run (default: the kubelets' runtimes when kubelets are started) */
  streamSource?: StreamSource;
  /** PEM of the CA clients trust (for kube-root-ca.crt and cluster-info) */
  caPem?: string;
  /** the URL clients use (for cluster-info); default https://127.0.0.1:6443<prefix> */
  server?: string;
  /** start from a snapshot instead of bootstrapping */
  snapshot?: ClusterSnapshot;
  /** trace capacity (default 2000 entries) */
  traceCapacity?: number;
  random?: () => number;
  /** store history retained for watches (default 1000 events) */
  historyLimit?: number;
  /**
   * start the components that bring the cluster to life (scheduler, controllers, kubelets);
   * `true` for all. Default none: the API server alone, with stand-ins for the few loops the
   * API needs (default ServiceAccounts, root CA ConfigMaps, namespace finalization).
   */
  components?: boolean | ComponentSelection;
  /** kubelet timings and log limits */
  kubelet?: KubeletFleetOptions;
  /**
   * parking of an idle cluster with components (see ./idle): after `after` ms of cluster time
   * without external API traffic (default 60 s) it parks and holds no timers until the next
   * request; `false`: it parks only through `park()`
   */
  idle?: IdleOptions | false;
}

export interface ClusterSnapshot {
  version: 1;
  nodes: number;
  store: StoreSnapshot;
  /** container logs kept by the kubelets (absent for clusters without kubelets) */
  logs?: LogSnapshot;
}

export interface Cluster {
  readonly store: MemoryStore;
  readonly trace: Trace;
  readonly clock: Clock;
  readonly apiServer: ApiServer;
  /** the running components (undefined when started without) */
  readonly components: ClusterComponents | undefined;
  /** resolves when no component has work queued or running (tests drive a FakeClock, then settle) */
  settle(): Promise<void>;
  /**
   * true while parked: idle, the components' timers suspended (none armed). Always false
   * without components.
   */
  readonly parked: boolean;
  /** parks now (after the components settle) unless an external request or stream is open; resolves whether parked */
  park(): Promise<boolean>;
  /** resumes a parked cluster; resolves once its components have caught up and settled */
  unpark(): Promise<void>;
  /**
   * request handler (the apiServer's): external traffic, which keeps the cluster awake and
   * unparks a parked one before the request is served
   */
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** kubeconfig YAML for `server` (the URL including the prefix) */
  kubeconfig(server: string, caPem?: string): string;
  snapshot(): ClusterSnapshot;
  /** ends watches and stops the bootstrap controllers; the cluster is unusable afterwards */
  close(): void;
}

export async function createCluster(opts: ClusterOptions): Promise<Cluster> {
  const clock = opts.clock ?? realClock();
  const nodes = opts.snapshot?.nodes ?? opts.nodes ?? 3;
  const caPem = opts.caPem ?? "";
  const prefix = (opts.prefix ?? "").replace(/\/+$/, "");
  const server = opts.server ?? `https://127.0.0.1:6443${prefix}`;
  // a new cluster starts from the per-process bootstrap template (see ./template)
  const initial = opts.snapshot?.store ?? (await bootstrapSnapshot(nodes, caPem, server, clock.now()));
  const store = MemoryStore.restore(initial, { historyLimit: opts.historyLimit });
  const trace = new Trace(() => clock.now(), opts.traceCapacity);
  const selection: ComponentSelection | undefined = opts.components === true ? {} : opts.components || undefined;
  const kubelets = selection ? prepareKubelets(nodeNames(nodes), selection, opts.kubelet) : undefined;
  const logSource = opts.logSource ?? kubelets?.logSource;
  const streamSource = opts.streamSource ?? kubelets?.streamSource;
  const apiServer = createApiServer({ store, clock, trace, token: opts.token, prefix, limits: opts.limits, ...(opts.extraAdmission?.length ? { admissionPlugins: [...DEFAULT_PLUGINS, ...opts.extraAdmission] } : {}), logSource, streamSource, random: opts.random });
  const controllers: BootstrapControllers | undefined =
    selection?.controllers === false || !selection ? startBootstrapControllers(store, apiServer.loopback, caPem, store.revision()) : undefined;
  // the components wait on a parkable clock, so an idle cluster can suspend all their timers at once
  const parkable = selection ? new ParkableClock(clock) : undefined;
  const components = selection && parkable ? createComponents({ client: apiServer.loopback, clock: parkable, trace, caPem, selection, kubelets, nodeNames: nodeNames(nodes) }) : undefined;
  if (opts.snapshot?.logs && kubelets) kubelets.fleet.restoreLogs(opts.snapshot.logs);
  await components?.start();
  const parking =
    components && parkable
      ? new ClusterParking({
          clock,
          parkable,
          afterMs: opts.idle === false ? undefined : (opts.idle?.after ?? DEFAULT_IDLE_AFTER_MS),
          settle: () => components.settle(),
          settled: () => components.context.tracker.isIdle(),
          trace,
        })
      : undefined;
  if (!opts.snapshot) trace.record({ component: "kubeadm", action: "bootstrap", verdict: "done", resourceVersion: String(store.revision()), detail: `${nodes} node(s), ${store.count("/registry/")} objects` });
  let closed = false;
  return {
    store,
    trace,
    clock,
    apiServer,
    components,
    settle: () => components?.settle() ?? Promise.resolve(),
    get parked() {
      return parking?.parked ?? false;
    },
    park: () => parking?.park() ?? Promise.resolve(false),
    unpark: () => parking?.unpark() ?? Promise.resolve(),
    handle(req, res) {
      if (!parking) return apiServer(req, res);
      const activity = parking.enter();
      res.once("close", activity.done);
      if (!activity.ready) return apiServer(req, res);
      void activity.ready.then(() => apiServer(req, res));
    },
    upgrade(req, socket, head) {
      if (!parking) return apiServer.upgrade(req, socket, head);
      const activity = parking.enter();
      socket.once("close", activity.done);
      if (!activity.ready) return apiServer.upgrade(req, socket, head);
      void activity.ready.then(() => apiServer.upgrade(req, socket, head));
    },
    kubeconfig: (url, ca) => kubeconfigYaml({ server: url, token: opts.token, caPem: ca ?? caPem }),
    snapshot: () => {
      const logs = kubelets?.fleet.snapshotLogs();
      return { version: 1, nodes, store: store.snapshot(), ...(logs ? { logs } : {}) };
    },
    close() {
      if (closed) return;
      closed = true;
      parking?.close();
      components?.stop();
      parkable?.close();
      controllers?.stop();
      apiServer.close();
    },
  };
}
