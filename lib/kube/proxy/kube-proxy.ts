/**
 * kube-proxy in iptables mode, one per node (`kube-proxy/<node>`): shared informers on Services
 * and EndpointSlices whose handlers only enqueue, and one level-based controller whose single
 * key ("sync", like upstream's coalescing syncRunner) rebuilds the node's whole rule table from
 * the caches (syncProxyRules). It never resyncs on a timer: an idle cluster costs nothing.
 *
 * Guarantees: `table()` is the last table synced (never mutated afterwards: a sync swaps in a
 * new one); the table only reflects caches that have synced; each change of the rendered rules
 * is recorded in the trace as `syncProxyRules`.
 */
import type { KubeObject } from "../api/types";
import { Controller, type Component, type ComponentContext, type Informer, type ResourceRef } from "../client";
import { endpointsFor, servicePorts, SERVICE_NAME_LABEL } from "./endpoints";
import { assembleTable, buildEntry, buildRuleTable, sameRules, type ProxyRuleTable, type ServicePortEntry } from "./rules";
import { iptablesSave, type SaveOptions } from "./save";

export const servicesRef: ResourceRef = { group: "", version: "v1", resource: "services" };
export const endpointSlicesRef: ResourceRef = { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" };
/** EndpointSlices grouped by "<namespace>/<service>" (their kubernetes.io/service-name label) */
export function slicesByService(slices: readonly KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const key = `${s.metadata.namespace}/${svc}`;
    const list = out.get(key);
    if (list) list.push(s);
    else out.set(key, [s]);
  }
  return out;
}

export const podsRef: ResourceRef = { group: "", version: "v1", resource: "pods" };
/** the label of kubeadm's kube-proxy DaemonSet pods */
export const KUBE_PROXY_LABELS = { "k8s-app": "kube-proxy" };

export interface KubeProxyOptions {
  /**
   * Program rules only while this node's kube-proxy pod (label k8s-app=kube-proxy) has its
   * container running, as the real kube-proxy is that pod's process. While it is not, the node
   * keeps the rules last programmed (iptables rules outlive the process that wrote them), so
   * existing Services keep working with stale endpoints and new ones get no rules; when the
   * pod runs again it resyncs everything. Default false: program from the start (clusters
   * without the kube-proxy add-on, tests).
   */
  requirePod?: boolean;
}

/** is a kube-proxy container of this (kube-proxy) pod running */
function proxyRunning(pod: KubeObject): boolean {
  const st = pod.status as { phase?: string; containerStatuses?: { name: string; state?: { running?: unknown } }[] } | undefined;
  if (pod.metadata.deletionTimestamp && !st?.containerStatuses?.some((c) => c.state?.running)) return false;
  return st?.phase === "Running" && !!st.containerStatuses?.some((c) => c.name === "kube-proxy" && c.state?.running);
}

export interface KubeProxy extends Component {
  readonly node: string;
  /** the rule table last programmed (empty before the first sync) */
  table(): ProxyRuleTable;
  /** the node's rules as `iptables-save` prints them */
  iptablesSave(opts?: Omit<SaveOptions, "now">): string;
  /** number of completed syncs (for tests and lessons) */
  readonly syncCount: number;
  /** false while the node's kube-proxy pod is required and not running (the rules are frozen) */
  readonly running: boolean;
}

const SYNC_KEY = "sync";

export function createKubeProxy(node: string, opts: KubeProxyOptions = {}): KubeProxy {
  const name = `kube-proxy/${node}`;
  let pods: Informer | undefined;
  /** this node's kube-proxy pods by name (normally one) */
  const own = new Map<string, KubeObject>();
  let wasRunning: boolean | undefined;
  const isRunning = () => !opts.requirePod || [...own.values()].some(proxyRunning);
  let current: ProxyRuleTable = buildRuleTable(node, [], () => []);
  /** entries per Service, reused while the Service and its slices are the same objects */
  let cache = new Map<string, { svc: KubeObject; slices: KubeObject[]; entries: ServicePortEntry[] }>();
  let controller: Controller | undefined;
  let ctxRef: ComponentContext | undefined;
  let syncs = 0;

  const sync = (services: Informer, slices: Informer) => {
    if (!services.hasSynced() || !slices.hasSynced()) return;
    if (opts.requirePod) {
      if (!pods?.hasSynced()) return;
      const up = isRunning();
      if (up !== wasRunning && wasRunning !== undefined) {
        ctxRef?.trace.record({
          component: name,
          action: up ? "start" : "stop",
          verdict: up ? "running" : "stopped",
          detail: up ? "kube-proxy is running on the node: resyncing every rule" : "kube-proxy is not running on the node: its rules stay as last programmed",
        });
      }
      wasRunning = up;
      if (!up) return;
    }
    const grouped = slicesByService(slices.list());
    const next = new Map<string, { svc: KubeObject; slices: KubeObject[]; entries: ServicePortEntry[] }>();
    const built: ServicePortEntry[] = [];
    for (const svc of services.list()) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      const own = grouped.get(key) ?? [];
      const hit = cache.get(key);
      const reuse = hit && hit.svc === svc && hit.slices.length === own.length && hit.slices.every((s, i) => s === own[i]);
      const entries = reuse ? hit.entries : servicePorts(svc).map((sp) => buildEntry(sp, endpointsFor(sp, own), node));
      next.set(key, { svc, slices: own, entries });
      built.push(...entries);
    }
    cache = next;
    const table = assembleTable(node, built);
    const changed = !sameRules(current, table);
    current = table;
    syncs++;
    if (changed) {
      const chains = table.entries.reduce((n, e) => n + 1 + e.seps.length + (e.extChain && e.seps.length ? 1 : 0), 0);
      const noEndpoints = table.entries.filter((e) => e.seps.length === 0).length;
      ctxRef?.trace.record({
        component: name,
        action: "syncProxyRules",
        verdict: "programmed",
        detail: `${table.entries.length} service port(s), ${chains} KUBE-SVC/EXT/SEP chain(s), ${noEndpoints} with no endpoints (REJECT)`,
      });
    }
  };

  return {
    name,
    node,
    get syncCount() {
      return syncs;
    },
    get running() {
      return isRunning();
    },
    table: () => current,
    iptablesSave: (opts) => iptablesSave(current, { ...opts, now: ctxRef?.clock.now() }),
    start(ctx: ComponentContext) {
      ctxRef = ctx;
      const services = ctx.informers.informerFor(servicesRef);
      const slices = ctx.informers.informerFor(endpointSlicesRef);
      const c = new Controller({ name, clock: ctx.clock, reconcile: () => sync(services, slices) }, ctx.tracker);
      controller = c;
      const enqueue = () => c.enqueue(SYNC_KEY);
      const handlers = { onAdd: enqueue, onUpdate: (o: KubeObject, n: KubeObject) => void (o !== n && enqueue()), onDelete: enqueue };
      services.addEventHandler(handlers);
      slices.addEventHandler(handlers);
      if (opts.requirePod) {
        const informer = ctx.informers.informerFor(podsRef);
        pods = informer;
        const mine = (p: KubeObject) => p.metadata.namespace === "kube-system" && p.metadata.labels?.["k8s-app"] === "kube-proxy" && (p.spec as { nodeName?: string } | undefined)?.nodeName === node;
        const track = (p: KubeObject) => {
          if (!mine(p)) return;
          const before = isRunning();
          own.set(p.metadata.name!, p);
          if (isRunning() !== before || wasRunning === undefined) enqueue();
        };
        informer.addEventHandler({
          onAdd: track,
          onUpdate: (_o, p) => track(p),
          onDelete: (p) => {
            if (!own.delete(p.metadata.name!)) return;
            enqueue();
          },
        });
      }
      c.start();
      enqueue();
    },
    stop() {
      controller?.stop();
      controller = undefined;
      cache = new Map();
      own.clear();
      pods = undefined;
      wasRunning = undefined;
    },
  };
}
