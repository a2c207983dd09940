/**
 * The embedded backend: each sandbox is a lib/kube cluster living in this process (scheduler,
 * controllers, kubelets on the cluster clock). Snapshots are gzip'd JSON of the cluster snapshot
 * (objects with their revisions, events, container logs) plus the faults in force.
 */
import type { KubeClient } from "../kube/client/types";
import { embeddedTarget } from "../grading/embedded";
import type { GradingTarget } from "../grading/types";
import { gunzipSync, gzipSync } from "node:zlib";
import { errors, isStatusError } from "../kube/api/errors";
import type { KubeObject } from "../kube/api/types";
import type { AdmissionPlugin } from "../kube/apiserver";
import { realClock, type Clock } from "../kube/clock";
import { createCluster, type Cluster, type ClusterSnapshot } from "../kube/cluster";
import type { InstanceSpec, SandboxBackend, SandboxFault, SandboxInstance, SandboxLimits, StartingState } from "./types";

interface SnapshotEnvelope {
  v: 1;
  cluster: ClusterSnapshot;
  faults: SandboxFault[];
}

/** Refuses pod creation beyond the sandbox's pod limit, kube-system not counted (validating admission, after the defaults). */
export function podLimitPlugin(maxPods: number): AdmissionPlugin {
  return {
    name: "SandboxPodLimit",
    phase: "validating",
    admit(attrs, core) {
      if (attrs.operation !== "CREATE" || attrs.def.group !== "" || attrs.def.resource !== "pods" || attrs.subresource) return;
      // the cluster's own add-ons (kube-proxy, CoreDNS) run in kube-system and do not count
      if (core.store.count("/registry/pods/") - core.store.count("/registry/pods/kube-system/") >= maxPods) {
        throw errors.forbidden({ group: "", resource: "pods" }, attrs.name, `exceeded the sandbox's limit of ${maxPods} pods`);
      }
    },
  };
}

export interface EmbeddedBackendOptions {
  /** the clusters' clock (default real time); tests pass a FakeClock */
  clock?: Clock;
}

export class EmbeddedBackend implements SandboxBackend {
  readonly kind = "embedded";
  constructor(private readonly opts: EmbeddedBackendOptions = {}) {}

  async create(spec: InstanceSpec, nodes: number): Promise<SandboxInstance> {
    return new EmbeddedInstance(await createCluster(this.options(spec, { nodes })), []);
  }

  async restore(spec: InstanceSpec, bytes: Uint8Array): Promise<SandboxInstance> {
    const envelope = JSON.parse(gunzipSync(bytes).toString("utf8")) as SnapshotEnvelope;
    if (envelope.v !== 1) throw new Error(`unknown sandbox snapshot version ${String(envelope.v)}`);
    const instance = new EmbeddedInstance(await createCluster(this.options(spec, { snapshot: envelope.cluster })), []);
    instance.applyFaults(envelope.faults);
    return instance;
  }

  private options(spec: InstanceSpec, extra: { nodes?: number; snapshot?: ClusterSnapshot }) {
    return {
      token: spec.token,
      prefix: spec.prefix,
      caPem: spec.caPem,
      server: spec.server,
      clock: this.opts.clock ?? realClock(),
      components: true,
      limits: clusterLimits(spec.limits),
      extraAdmission: [podLimitPlugin(spec.limits.maxPods)],
      ...extra,
    };
  }
}

function clusterLimits(l: SandboxLimits) {
  return { maxObjects: l.maxObjects, maxBodyBytes: l.maxBodyBytes, maxWatches: l.maxWatches, requestsPerSecond: l.requestsPerSecond, burst: l.burst };
}

function refOf(cluster: Cluster, obj: Record<string, unknown>) {
  const apiVersion = String(obj.apiVersion ?? "");
  const kind = String(obj.kind ?? "");
  const [group, version] = apiVersion.includes("/") ? (apiVersion.split("/", 2) as [string, string]) : ["", apiVersion];
  const def = cluster.apiServer.core.resolveKind(group, kind);
  if (!def) throw errors.badRequest(`no matches for kind "${kind}" in version "${apiVersion}"`);
  return { ref: { group, version, resource: def.resource }, namespaced: def.namespaced };
}

/**
 * The cluster's loopback client, resuming a parked cluster (lib/kube/cluster idle parking) before
 * each request, exactly as an external request through `handle` does: the editor's Apply, the live
 * view's list, the grader's reads and a reset's manifests must see a cluster that is running.
 * A watch alone does not wake it (it follows a list, which does), nor keep it awake: a page left
 * open shows a parked cluster, which changes nothing until the learner acts again.
 */
function wakingClient(cluster: Cluster): KubeClient {
  const base = cluster.apiServer.loopback;
  const wake = () => (cluster.parked ? cluster.unpark() : undefined);
  return {
    get: async (...a) => (await wake(), base.get(...a)),
    list: async (...a) => (await wake(), base.list(...a)),
    watch: (...a) => base.watch(...a),
    create: async (...a) => (await wake(), base.create(...a)),
    update: async (...a) => (await wake(), base.update(...a)),
    patch: async (...a) => (await wake(), base.patch(...a)),
    delete: async (...a) => (await wake(), base.delete(...a)),
    createSubresource: async (...a) => (await wake(), base.createSubresource(...a)),
  };
}

class EmbeddedInstance implements SandboxInstance {
  readonly nodes: readonly string[];
  private readonly stopped = new Set<string>();
  /** the in-process client; a call resumes a parked cluster first (see wakingClient) */
  readonly client: KubeClient;

  constructor(
    private readonly cluster: Cluster,
    faults: SandboxFault[],
  ) {
    this.client = wakingClient(cluster);
    this.nodes = nodeNamesFrom(cluster);
    this.applyFaults(faults);
  }

  gradingTarget(): GradingTarget {
    // "eventually" checks wait in real time: the sandbox runs on the real clock
    const target = embeddedTarget(this.cluster, { wait: (ms) => new Promise((r) => setTimeout(r, ms)) });
    return { ...target, client: this.client };
  }

  handle: SandboxInstance["handle"] = (req, res) => this.cluster.handle(req, res);
  upgrade: SandboxInstance["upgrade"] = (req, socket, head) => this.cluster.upgrade(req, socket, head);

  async apply(state: StartingState): Promise<void> {
    for (const raw of state.objects) {
      const obj = structuredClone(raw) as unknown as KubeObject;
      const { ref, namespaced } = refOf(this.cluster, raw);
      const namespace = namespaced ? (obj.metadata?.namespace ?? "default") : undefined;
      try {
        await this.client.create(ref, namespace, obj, { fieldManager: "kubectl-create" });
      } catch (e) {
        // a starting state may list objects a fresh cluster already has (the default namespace)
        if (isStatusError(e) && e.code === 409 && ref.resource === "namespaces") continue;
        throw e;
      }
    }
    this.applyFaults(state.faults);
    // no settle(): the API serves at once; the components bring the objects to life in the background
  }

  applyFaults(faults: SandboxFault[]): void {
    for (const f of faults) {
      if (!this.nodes.includes(f.stopNode)) throw errors.badRequest(`fault stopNode: no node named "${f.stopNode}" (nodes: ${this.nodes.join(", ")})`);
      this.cluster.components?.fleet?.stopKubelet(f.stopNode);
      this.stopped.add(f.stopNode);
    }
  }

  faults(): SandboxFault[] {
    return [...this.stopped].sort().map((stopNode) => ({ stopNode }));
  }

  watchCount(): number {
    return this.cluster.apiServer.watchCount();
  }

  settle(): Promise<void> {
    return this.cluster.settle();
  }

  async snapshot(): Promise<Uint8Array> {
    const envelope: SnapshotEnvelope = { v: 1, cluster: this.cluster.snapshot(), faults: this.faults() };
    return gzipSync(JSON.stringify(envelope), { level: 6 });
  }

  close(): void {
    this.cluster.close();
  }
}

/** node names from the store (restored clusters keep theirs), control plane first */
function nodeNamesFrom(cluster: Cluster): string[] {
  const names = cluster.store
    .list("/registry/minions/")
    .items.map((n) => n.metadata.name)
    .filter((n): n is string => !!n);
  return names.sort((a, b) => (a === "control-plane" ? -1 : b === "control-plane" ? 1 : a.localeCompare(b, "en", { numeric: true })));
}
