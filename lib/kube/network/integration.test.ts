/**
 * End to end with the other components as they land: kubelets (pod IPs, containers listening per
 * the image catalogue), the endpointslice controller, kube-proxy on every node, cluster DNS and
 * the data path, all on one cluster's ComponentContext.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { endpointSliceController } from "../controllers/cluster/endpointslice";
import { createClusterDns } from "../dns/coredns";
import { kubeletTestCluster, type KubeletTestCluster } from "../kubelet/testing";
import { createKubeProxy } from "../proxy/kube-proxy";
import { createNetwork, type Network } from "./datapath";
import { runtimeHttp, runtimeListeners } from "./runtime";

let t: KubeletTestCluster | undefined;
const stops: (() => void)[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s();
  t?.close();
  t = undefined;
});

const services = { group: "", version: "v1", resource: "services" };

async function start(): Promise<Network> {
  t = await kubeletTestCluster();
  const nodes = ["control-plane", "worker-1", "worker-2"];
  const proxies = new Map(nodes.map((n) => [n, createKubeProxy(n)]));
  const dns = createClusterDns();
  const network = createNetwork({ proxies, dns, listeners: runtimeListeners(t.fleet.network) });
  const slices = endpointSliceController();
  for (const c of [slices, ...proxies.values(), dns, network]) {
    await c.start(t.ctx);
    stops.push(() => c.stop());
  }
  await t.ctx.informers.start();
  await t.tracker.settle();
  return network;
}

describe("with kubelets and the endpointslice controller", () => {
  it("serves nginx pods run by the kubelets through a Service, and a pod's curl through the data path", async () => {
    const network = await start();
    for (const [i, node] of ["worker-1", "worker-2"].entries()) {
      await t!.createPod(`web-${i}`, { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }, node, {
        labels: { app: "web" },
      });
    }
    await t!.createPod("client", { containers: [{ name: "sh", image: "busybox:1.36", command: ["sleep", "3600"] }] }, "worker-1");
    const svc = await t!.ctx.client.create(services, "default", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 80 }] },
    } as KubeObject);
    await t!.run(60_000);
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    const client = (await t!.pod("client"))!;
    const clientIP = (client.status as { podIP?: string }).podIP!;
    expect(clientIP).toMatch(/^10\.244\.1\./);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = network.connect({ fromPod: { namespace: "default", name: "client" }, toHost: ip, toPort: 80, request: { path: "/" } });
      expect(r.outcome).toBe("connected");
      expect(r.response!.status).toBe(200);
      seen.add(r.destination!.pod.name);
    }
    expect([...seen].sort()).toEqual(["web-0", "web-1"]);
    const viaRuntime = runtimeHttp(network, clientIP, ip, 80, "/", "curl/8.11.1");
    expect(viaRuntime.reply?.status).toBe(200);
  });

  it("gives StatefulSet-style pods (hostname + subdomain) DNS names through their headless Service", async () => {
    await start();
    const dns = createClusterDns();
    await dns.start(t!.ctx);
    stops.push(() => dns.stop());
    await t!.ctx.informers.start();
    await t!.createPod("db-0", { hostname: "db-0", subdomain: "db", containers: [{ name: "nginx", image: "nginx:1.27" }] }, "worker-2", {
      labels: { app: "db" },
    });
    await t!.ctx.client.create(services, "default", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "db" },
      spec: { clusterIP: "None", selector: { app: "db" }, ports: [{ name: "web", port: 80 }] },
    } as KubeObject);
    await t!.run(60_000);
    const podIP = ((await t!.pod("db-0"))!.status as { podIP: string }).podIP;
    expect(dns.query("db-0.db.default.svc.cluster.local", "A").answers.map((a) => a.data)).toEqual([podIP]);
    expect(dns.query("db.default.svc.cluster.local", "A").answers.map((a) => a.data)).toEqual([podIP]);
  });
});
