/**
 * Test harness (tests and benchmarks only): an embedded cluster on a FakeClock with one
 * kube-proxy per node, cluster DNS and the data path started on its loopback client, plus
 * helpers that play the kubelet (pods with status and IPs) and the EndpointSlice controller
 * (slices written directly), so these tests depend on neither.
 */
import type { KubeObject } from "../api/types";
import { FakeClock } from "../clock";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext, type KubeClient } from "../client";
import { createCluster, nodeNames, type Cluster } from "../cluster";
import type { ClusterDns } from "../dns/coredns";
import { endpointSlicesRef, type KubeProxy } from "../proxy/kube-proxy";
import type { Network } from "./datapath";
import { createNetworking, type NetworkingOptions } from "./wiring";

const core = (resource: string) => ({ group: "", version: "v1", resource });
export const podsRef = core("pods");
export const servicesRef = core("services");
export const networkPoliciesRef = { group: "networking.k8s.io", version: "v1", resource: "networkpolicies" };

export interface PodSpecLite {
  node: string;
  ip: string;
  namespace?: string;
  labels?: Record<string, string>;
  image?: string;
  ready?: boolean;
  /** extra containers / ports */
  containers?: Record<string, unknown>[];
  hostname?: string;
  subdomain?: string;
}

export interface EndpointLite {
  ip: string;
  node?: string;
  pod?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  hostname?: string;
}

export interface NetHarness {
  cluster: Cluster;
  client: KubeClient;
  clock: FakeClock;
  ctx: ComponentContext;
  nodes: string[];
  proxies: Map<string, KubeProxy>;
  dns: ClusterDns;
  network: Network;
  settle(): Promise<void>;
  pod(name: string, spec: PodSpecLite): Promise<KubeObject>;
  service(name: string, spec: Record<string, unknown>, namespace?: string): Promise<KubeObject>;
  /** writes (creates or replaces) the one EndpointSlice of a service */
  slice(
    service: string,
    endpoints: EndpointLite[],
    ports: { name?: string; port: number; protocol?: string }[],
    namespace?: string,
  ): Promise<void>;
  /** Service `web` (port 80 "http") and `count` nginx pods web-0.. on the workers, with a slice */
  web(
    count: number,
    opts?: { image?: string; ready?: boolean[]; type?: string; namespace?: string },
  ): Promise<{ svc: KubeObject; ips: string[] }>;
  /** the kube-dns Service at 10.96.0.10 with one ready CoreDNS pod */
  kubeDns(): Promise<void>;
  close(): void;
}

export async function startNetHarness(
  opts: { nodes?: number; seed?: number; network?: Omit<NetworkingOptions, "externalHosts">; externalHosts?: Record<string, string> } = {},
): Promise<NetHarness> {
  const clock = new FakeClock();
  const cluster = await createCluster({ token: "t", clock, nodes: opts.nodes ?? 3, random: seededRandom(7) });
  const client = cluster.apiServer.loopback;
  const informers = new InformerFactory(client);
  const tracker = new WorkTracker();
  const ctx: ComponentContext = { client, informers, clock, trace: cluster.trace, tracker, random: seededRandom(opts.seed ?? 42) };
  const nodes = nodeNames(opts.nodes ?? 3);
  const { components, proxies, dns, network } = createNetworking(nodes, { externalHosts: opts.externalHosts ?? {}, ...opts.network });
  for (const c of components) await c.start(ctx);
  await informers.start();
  await tracker.settle();
  const settle = () => tracker.settle();
  const slices = new Map<string, KubeObject>();

  const h: NetHarness = {
    cluster,
    client,
    clock,
    ctx,
    nodes,
    proxies,
    dns,
    network,
    settle,
    async pod(name, s) {
      const ns = s.namespace ?? "default";
      const containers = s.containers ?? [{ name: "main", image: s.image ?? "nginx:1.27", ports: [{ containerPort: 80, name: "http" }] }];
      const created = await client.create(podsRef, ns, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: ns, labels: s.labels ?? {} },
        spec: {
          nodeName: s.node,
          containers,
          ...(s.hostname ? { hostname: s.hostname } : {}),
          ...(s.subdomain ? { subdomain: s.subdomain } : {}),
        },
      });
      const ready = s.ready ?? true;
      const status = {
        phase: "Running",
        podIP: s.ip,
        podIPs: [{ ip: s.ip }],
        conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image,
          imageID: "",
          ready,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
        })),
      };
      const out = await client.update(podsRef, ns, { ...created, status } as KubeObject, { subresource: "status" });
      await settle();
      return out;
    },
    async service(name, spec, namespace = "default") {
      const svc = await client.create(servicesRef, namespace, { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec });
      await settle();
      return svc;
    },
    async slice(service, endpoints, ports, namespace = "default") {
      const key = `${namespace}/${service}`;
      const body: KubeObject = {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: `${service}-abcde`, namespace, labels: { "kubernetes.io/service-name": service } },
        addressType: "IPv4",
        endpoints: endpoints.map((e) => ({
          addresses: [e.ip],
          conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
          ...(e.node ? { nodeName: e.node } : {}),
          ...(e.hostname ? { hostname: e.hostname } : {}),
          ...(e.pod ? { targetRef: { kind: "Pod", namespace, name: e.pod } } : {}),
        })),
        ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP" })),
      };
      const old = slices.get(key);
      const saved = old
        ? await client.update(endpointSlicesRef, namespace, {
            ...body,
            metadata: { ...body.metadata, resourceVersion: old.metadata.resourceVersion },
          })
        : await client.create(endpointSlicesRef, namespace, body);
      slices.set(key, saved);
      await settle();
    },
    async web(count, o = {}) {
      const ns = o.namespace ?? "default";
      const svc = await h.service(
        "web",
        { type: o.type ?? "ClusterIP", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 80, protocol: "TCP" }] },
        ns,
      );
      const workers = nodes.length > 1 ? nodes.slice(1) : nodes;
      const ips: string[] = [];
      const eps: EndpointLite[] = [];
      for (let i = 0; i < count; i++) {
        const node = workers[i % workers.length]!;
        const ip = `10.244.${nodes.indexOf(node)}.${10 + i}`;
        const ready = o.ready?.[i] ?? true;
        await h.pod(`web-${i}`, { node, ip, namespace: ns, labels: { app: "web" }, image: o.image ?? "nginx:1.27", ready });
        ips.push(ip);
        eps.push({ ip, node, pod: `web-${i}`, ready });
      }
      await h.slice("web", eps, [{ name: "http", port: 80 }], ns);
      return { svc, ips };
    },
    async kubeDns() {
      await h.pod("coredns-0", {
        node: nodes[0]!,
        ip: "10.244.0.2",
        namespace: "kube-system",
        labels: { "k8s-app": "kube-dns" },
        containers: [
          {
            name: "coredns",
            image: "registry.k8s.io/coredns/coredns:v1.12.0",
            ports: [
              { containerPort: 53, name: "dns", protocol: "UDP" },
              { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
            ],
          },
        ],
      });
      await h.service(
        "kube-dns",
        {
          clusterIP: "10.96.0.10",
          selector: { "k8s-app": "kube-dns" },
          ports: [
            { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
            { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          ],
        },
        "kube-system",
      );
      await h.slice(
        "kube-dns",
        [{ ip: "10.244.0.2", node: nodes[0]!, pod: "coredns-0" }],
        [
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "dns-tcp", port: 53, protocol: "TCP" },
        ],
        "kube-system",
      );
    },
    close() {
      for (const c of components) c.stop();
      informers.stop();
      cluster.close();
    },
  };
  return h;
}
