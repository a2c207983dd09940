import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { startNetHarness, type NetHarness } from "./testing";

let h: NetHarness;
afterEach(() => h?.close());

const clusterIP = (svc: KubeObject) => (svc.spec as { clusterIP: string }).clusterIP;
const client = { namespace: "default", name: "client" };

async function withClient(): Promise<void> {
  await h.pod("client", {
    node: "worker-1",
    ip: "10.244.1.100",
    image: "busybox:1.36",
    containers: [{ name: "sh", image: "busybox:1.36" }],
  });
}

describe("ClusterIP routing", () => {
  it("spreads connections over all 3 ready backends through the probability chain", async () => {
    h = await startNetHarness();
    const { svc } = await h.web(3);
    await withClient();
    const hits = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const r = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 });
      expect(r.outcome).toBe("connected");
      hits.set(r.destination!.pod.name, (hits.get(r.destination!.pod.name) ?? 0) + 1);
    }
    expect([...hits.keys()].sort()).toEqual(["web-0", "web-1", "web-2"]);
    for (const n of hits.values()) expect(n).toBeGreaterThan(800);
    const r = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80, request: { path: "/" } });
    expect(r.hops.map((x) => x.kind)).toEqual(expect.arrayContaining(["rule", "dnat", "deliver"]));
    expect(r.hops.find((x) => x.kind === "dnat")!.rule).toMatch(/-j DNAT --to-destination 10\.244\.\d\.\d+:80$/);
    expect(r.response!.body).toContain("<title>Welcome to nginx!</title>");
    h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80, record: true });
    const traced = h.cluster.trace.entries().filter((e) => e.cause === `connect pod default/client → ${clusterIP(svc)}:80/TCP`);
    expect(traced.at(-1)).toMatchObject({ component: "network", action: "connect", verdict: "connected" });
    expect(traced.some((e) => e.component === "kube-proxy/worker-1" && e.action === "dnat")).toBe(true);
  });

  it("never sends traffic to unready pods", async () => {
    h = await startNetHarness();
    const { svc } = await h.web(3, { ready: [true, false, true] });
    await withClient();
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++)
      seen.add(h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 }).destination!.pod.name);
    expect([...seen].sort()).toEqual(["web-0", "web-2"]);
  });

  it("refuses connections when scaled to zero (REJECT: has no endpoints)", async () => {
    h = await startNetHarness();
    const { svc } = await h.web(2);
    await withClient();
    await h.slice("web", [], [{ name: "http", port: 80 }]);
    const r = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 });
    expect(r.outcome).toBe("refused");
    expect(r.message).toBe("Connection refused");
    expect(r.hops.at(-1)).toMatchObject({ kind: "reject", table: "filter", chain: "KUBE-SERVICES" });
    expect(r.hops.at(-1)!.rule).toContain('"default/web:http has no endpoints"');
  });

  it("keeps a client on one backend with ClientIP session affinity, until the timeout", async () => {
    h = await startNetHarness();
    await h.web(3);
    await withClient();
    const svc = await h.service("sticky", {
      selector: { app: "web" },
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      ports: [{ port: 80 }],
    });
    const eps = ["10.244.1.10", "10.244.2.11", "10.244.1.12"].map((ip, i) => ({ ip, pod: `web-${i}` }));
    await h.slice("sticky", eps, [{ port: 80 }]);
    const first = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 });
    for (let i = 0; i < 50; i++) {
      const r = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 });
      expect(r.destination!.podIP).toBe(first.destination!.podIP);
      expect(r.hops.some((x) => x.rule?.includes("-m recent --rcheck --seconds 60 --reap"))).toBe(true);
    }
    h.clock.advance(61_000);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      h.clock.advance(61_000);
      seen.add(h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 }).destination!.podIP);
    }
    expect(seen.size).toBe(3);
  });

  it("masquerades a pod reaching itself through its own Service (hairpin)", async () => {
    h = await startNetHarness();
    const { svc } = await h.web(1);
    await h.client.delete({ group: "", version: "v1", resource: "pods" }, "default", "web-0", { gracePeriodSeconds: 0 });
    await h.pod("web-0", { node: "worker-1", ip: "10.244.1.10", labels: { app: "web" }, image: "traefik/whoami:v1.10" });
    const r = h.network.connect({
      fromPod: { namespace: "default", name: "web-0" },
      toHost: clusterIP(svc),
      toPort: 80,
      request: { path: "/" },
    });
    expect(r.outcome).toBe("connected");
    expect(r.hops.some((x) => x.detail.startsWith("hairpin"))).toBe(true);
    expect(r.response!.body).toContain("RemoteAddr: 10.244.1.1:");
  });
});

describe("NodePort, pod IPs, localhost", () => {
  it("reaches a NodePort Service on every node's IP, from nodes and pods", async () => {
    h = await startNetHarness();
    const { svc } = await h.web(2, { type: "NodePort" });
    await withClient();
    const nodePort = (svc.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    for (const [i, node] of h.nodes.entries()) {
      const ip = `172.18.0.${i + 2}`;
      for (const from of [{ fromNode: "worker-2" }, { fromPod: client }, { fromNode: node }]) {
        const r = h.network.connect({ ...from, toHost: ip, toPort: nodePort });
        expect(r.outcome).toBe("connected");
        expect(r.hops.find((x) => x.chain === "KUBE-NODEPORTS")!.at).toBe(`kube-proxy/${node}`);
        expect(r.hops.some((x) => x.kind === "snat")).toBe(true);
      }
    }
    expect(h.network.connect({ fromNode: "worker-1", toHost: "172.18.0.3", toPort: 31999 }).outcome).toBe("refused");
  });

  it("goes straight to a pod IP without kube-proxy, and answers as traefik/whoami does", async () => {
    h = await startNetHarness();
    await withClient();
    await h.pod("who", { node: "worker-2", ip: "10.244.2.20", image: "traefik/whoami:v1.10" });
    const r = h.network.connect({
      fromPod: client,
      toHost: "10.244.2.20",
      toPort: 80,
      request: { path: "/", headers: { "User-Agent": "curl/8.14.1" } },
    });
    expect(r.outcome).toBe("connected");
    expect(r.hops.filter((x) => x.kind === "rule" || x.kind === "dnat")).toEqual([]);
    const lines = r.response!.body.split("\n");
    expect(lines.slice(0, 4)).toEqual(["Hostname: who", "IP: 127.0.0.1", "IP: ::1", "IP: 10.244.2.20"]);
    expect(lines[4]).toMatch(/^RemoteAddr: 10\.244\.1\.100:\d+$/);
    expect(lines[5]).toBe("GET / HTTP/1.1\r");
    expect(h.network.connect({ fromPod: client, toHost: "10.244.2.20", toPort: 8080 }).outcome).toBe("refused");
    expect(h.network.connect({ fromPod: client, toHost: "10.244.9.9", toPort: 80 })).toMatchObject({
      outcome: "timeout",
      message: "Connection timed out",
    });
  });

  it("connects containers of one pod over localhost", async () => {
    h = await startNetHarness();
    await h.pod("duo", {
      node: "worker-1",
      ip: "10.244.1.30",
      containers: [
        { name: "web", image: "nginx:1.27" },
        { name: "sidecar", image: "busybox:1.36" },
      ],
    });
    const r = h.network.connect({
      fromPod: { namespace: "default", name: "duo" },
      toHost: "localhost",
      toPort: 80,
      request: { path: "/" },
    });
    expect(r).toMatchObject({ outcome: "connected", destination: { container: "web", port: 80 } });
    expect(r.hops[0]!.detail).toContain("network namespace");
    expect(h.network.connect({ fromPod: { namespace: "default", name: "duo" }, toHost: "localhost", toPort: 81 }).message).toBe(
      "Connection refused",
    );
  });

  it("refuses when the Service's targetPort has no listener", async () => {
    h = await startNetHarness();
    await h.web(1);
    await withClient();
    const svc = await h.service("wrong", { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] });
    await h.slice("wrong", [{ ip: "10.244.1.10", pod: "web-0" }], [{ port: 8080 }]);
    const r = h.network.connect({ fromPod: client, toHost: clusterIP(svc), toPort: 80 });
    expect(r.outcome).toBe("refused");
    expect(r.hops.at(-1)!.detail).toContain("nothing listens on 10.244.1.10:8080/TCP");
  });
});

describe("names", () => {
  it("resolves through cluster DNS with the search path, then connects", async () => {
    h = await startNetHarness({ externalHosts: { "example.com": "93.184.215.14" } });
    await h.kubeDns();
    const { svc } = await h.web(2);
    await withClient();
    const r = h.network.connect({ fromPod: client, toHost: "web", toPort: 80 });
    expect(r.outcome).toBe("connected");
    expect(r.resolvedIP).toBe(clusterIP(svc));
    const dns = r.hops.filter((x) => x.kind === "dns");
    expect(dns[0]!.detail).toMatch(
      /^web\.default\.svc\.cluster\.local A → 10\.96\.0\.10:53\/UDP → coredns coredns-0 \(10\.244\.0\.2\): NOERROR 10\./,
    );
    expect(h.network.connect({ fromPod: client, toHost: "web.default.svc.cluster.local", toPort: 80 }).outcome).toBe("connected");
    expect(h.network.connect({ fromPod: client, toHost: "nope", toPort: 80 })).toMatchObject({
      outcome: "unresolved",
      message: "Could not resolve host: nope",
    });
    // ExternalName: a CNAME out of the cluster, and the sandbox has no route there
    await h.service("ext", { type: "ExternalName", externalName: "example.com" });
    const ext = h.network.connect({ fromPod: client, toHost: "ext", toPort: 80 });
    expect(ext).toMatchObject({ outcome: "timeout", resolvedIP: "93.184.215.14" });
  });

  it("cannot resolve anything when kube-dns has no endpoints", async () => {
    h = await startNetHarness();
    await h.kubeDns();
    await h.web(1);
    await withClient();
    await h.slice("kube-dns", [], [{ name: "dns", port: 53, protocol: "UDP" }], "kube-system");
    const r = h.network.connect({ fromPod: client, toHost: "web", toPort: 80 });
    expect(r.outcome).toBe("unresolved");
    expect(r.hops.some((x) => x.kind === "reject" && x.rule?.includes("kube-system/kube-dns:dns has no endpoints"))).toBe(true);
  });
});
