import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { FakeClock } from "../clock";
import { createCluster, type Cluster } from "./index";

const core = (resource: string) => ({ group: "", version: "v1", resource });
const apps = (resource: string) => ({ group: "apps", version: "v1", resource });

let cluster: Cluster | undefined;
afterEach(() => cluster?.close());

async function live(opts: { components?: Parameters<typeof createCluster>[0]["components"] } = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  cluster = await createCluster({ token: "t", clock, components: opts.components ?? true });
  const c = cluster;
  const run = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await c.settle();
    }
  };
  return { c, clock, run, api: c.apiServer.loopback };
}

const podsOf = async (c: Cluster, label: string) =>
  (await c.apiServer.loopback.list(core("pods"), { namespace: "kube-system", labelSelector: label })).items as (KubeObject & {
    spec: { nodeName: string };
    status: { phase: string; podIP: string };
  })[];

describe("kubeadm's add-ons in a live cluster", () => {
  it("installs coredns (2 replicas behind kube-dns 10.96.0.10) and the kube-proxy DaemonSet, and they run", async () => {
    const { c, run, api } = await live();
    const svc = await api.get(core("services"), "kube-system", "kube-dns");
    expect(svc.spec).toMatchObject({ clusterIP: "10.96.0.10", ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }, { name: "metrics", port: 9153, protocol: "TCP" }] });
    expect((await api.get(apps("deployments"), "kube-system", "coredns")).spec).toMatchObject({ replicas: 2 });
    await run(5000);
    const dns = await podsOf(c, "k8s-app=kube-dns");
    expect(dns.map((p) => p.status.phase)).toEqual(["Running", "Running"]);
    const proxies = await podsOf(c, "k8s-app=kube-proxy");
    expect(proxies.map((p) => p.spec.nodeName).sort()).toEqual(["control-plane", "worker-1", "worker-2"]);
    // kube-proxy runs in the node's network namespace
    expect(proxies.map((p) => p.status.podIP).sort()).toEqual(["172.18.0.2", "172.18.0.3", "172.18.0.4"]);
    const ds = await api.get(apps("daemonsets"), "kube-system", "kube-proxy");
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3 });
    // every node's kube-proxy programs rules once its pod runs
    for (const kp of c.components!.networking!.proxies.values()) {
      expect(kp.running).toBe(true);
      expect(kp.table().entries.map((e) => e.name)).toContain("kube-system/kube-dns:dns");
    }
    // the nodes had the add-on images: no pull
    const events = (await api.list(core("events"), { namespace: "kube-system" })).items.filter((e) => (e as unknown as { reason: string }).reason === "Pulled");
    for (const e of events) expect((e as unknown as { message: string }).message).toMatch(/^Container image "registry\.k8s\.io\/(coredns\/coredns|kube-proxy):v[\d.]+" already present on machine$/);
  });

  it("DNS is answered only through kube-dns's ready endpoints: no coredns pod, no answer", async () => {
    const { c, run, api } = await live();
    await run(5000);
    const network = c.components!.networking!.network;
    const from = { fromNode: "worker-1" };
    expect(network.dnsQuery(from, "10.96.0.10", "kubernetes.default.svc.cluster.local", "A")).toMatchObject({ rcode: "NOERROR", answers: [{ data: "10.96.0.1" }] });
    const d = await api.get(apps("deployments"), "kube-system", "coredns");
    await api.update(apps("deployments"), "kube-system", { ...d, spec: { ...(d.spec as object), replicas: 0 } } as KubeObject);
    await run(10_000);
    expect(await podsOf(c, "k8s-app=kube-dns")).toEqual([]);
    expect(network.dnsQuery(from, "10.96.0.10", "kubernetes.default.svc.cluster.local", "A")).toBe("timeout");
  });

  it("can be left out; a component selection without the network has none", async () => {
    const { api } = await live({ components: { addons: false } });
    await expect(api.get(apps("deployments"), "kube-system", "coredns")).rejects.toMatchObject({ code: 404 });
    cluster!.close();
    const bare = await live({ components: { network: false } });
    await expect(bare.api.get(apps("daemonsets"), "kube-system", "kube-proxy")).rejects.toMatchObject({ code: 404 });
  });

  it("a restored snapshot keeps its add-ons (no duplicates, no errors)", async () => {
    const { c, run } = await live();
    await run(3000);
    const snap = c.snapshot();
    c.close();
    const clock = new FakeClock(Date.UTC(2026, 10, 27, 10, 0, 0));
    cluster = await createCluster({ token: "t", clock, components: true, snapshot: JSON.parse(JSON.stringify(snap)) });
    await cluster.settle();
    expect((await cluster.apiServer.loopback.list(apps("deployments"), { namespace: "kube-system" })).items.map((d) => d.metadata.name)).toEqual(["coredns"]);
  });
});
