import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { networkPoliciesRef, startNetHarness, type NetHarness } from "./testing";

let h: NetHarness;
afterEach(() => h?.close());

const client = { namespace: "default", name: "client" };
const policy = async (name: string, spec: Record<string, unknown>, namespace = "default") => {
  const np = await h.client.create(networkPoliciesRef, namespace, {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  } as KubeObject);
  await h.settle();
  return np;
};
const unpolicy = async (name: string, namespace = "default") => {
  await h.client.delete(networkPoliciesRef, namespace, name);
  await h.settle();
};
const webIP = (svc: KubeObject) => (svc.spec as { clusterIP: string }).clusterIP;

async function setup(): Promise<KubeObject> {
  h = await startNetHarness();
  await h.kubeDns();
  const { svc } = await h.web(2);
  await h.pod("client", {
    node: "worker-1",
    ip: "10.244.1.100",
    labels: { app: "client" },
    containers: [{ name: "sh", image: "busybox:1.36" }],
  });
  return svc;
}

describe("NetworkPolicy", () => {
  it("default-deny ingress makes connections time out; an allow rule restores them; deleting lifts isolation", async () => {
    const svc = await setup();
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("connected");
    await policy("deny-all", { podSelector: {}, policyTypes: ["Ingress"] });
    const denied = h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 });
    expect(denied).toMatchObject({ outcome: "timeout", message: "Connection timed out" });
    expect(denied.hops.at(-1)).toMatchObject({ kind: "drop" });
    expect(denied.hops.at(-1)!.detail).toContain("NetworkPolicy ingress: default/deny-all");
    await policy("allow-client", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "client" } } }], ports: [{ port: "http" }] }],
    });
    const allowed = h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 });
    expect(allowed.outcome).toBe("connected");
    expect(allowed.hops.some((x) => x.detail === "NetworkPolicy ingress allowed by default/allow-client")).toBe(true);
    await unpolicy("allow-client");
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("timeout");
    await unpolicy("deny-all");
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("connected");
  });

  it("egress default-deny also blocks DNS to kube-dns until it is allowed", async () => {
    await setup();
    await policy("deny-egress", { podSelector: { matchLabels: { app: "client" } }, policyTypes: ["Egress"] });
    const r = h.network.connect({ fromPod: client, toHost: "web", toPort: 80 });
    expect(r).toMatchObject({ outcome: "unresolved", message: "Could not resolve host: web" });
    expect(r.hops.some((x) => x.kind === "drop" && x.detail.includes("egress"))).toBe(true);
    expect(h.network.nslookup(client, "web").stdout).toBe(";; connection timed out; no servers could be reached\n\n");
    await policy("allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    // DNS works now, but the connection itself is still not allowed
    expect(h.network.connect({ fromPod: client, toHost: "web", toPort: 80 }).outcome).toBe("timeout");
    await policy("allow-web", {
      podSelector: { matchLabels: { app: "client" } },
      egress: [{ to: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 80 }] }],
    });
    expect(h.network.connect({ fromPod: client, toHost: "web", toPort: 80 }).outcome).toBe("connected");
  });

  it("matches ports by range (endPort) and protocol", async () => {
    const svc = await setup();
    await policy("high-ports", { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 9000 }] }] });
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("timeout");
    await policy("udp-80", { podSelector: {}, ingress: [{ ports: [{ protocol: "UDP", port: 80 }] }] });
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("timeout");
    await policy("low-ports", { podSelector: {}, ingress: [{ ports: [{ port: 1, endPort: 1024 }] }] });
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("connected");
  });

  it("selects peers by namespaceSelector and ipBlock (with except)", async () => {
    const svc = await setup();
    await h.client.create({ group: "", version: "v1", resource: "namespaces" }, undefined, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-a", labels: { team: "a" } },
    });
    await h.pod("visitor", {
      node: "worker-2",
      ip: "10.244.2.100",
      namespace: "team-a",
      containers: [{ name: "sh", image: "busybox:1.36" }],
    });
    await h.pod("client2", { node: "worker-1", ip: "10.244.1.101", containers: [{ name: "sh", image: "busybox:1.36" }] });
    await policy("from-team-a", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "a" } } }] }],
    });
    expect(h.network.connect({ fromPod: { namespace: "team-a", name: "visitor" }, toHost: webIP(svc), toPort: 80 }).outcome).toBe(
      "connected",
    );
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("timeout");
    await policy("from-block", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [{ from: [{ ipBlock: { cidr: "10.244.1.0/24", except: ["10.244.1.100/32"] } }] }],
    });
    expect(h.network.connect({ fromPod: client, toHost: webIP(svc), toPort: 80 }).outcome).toBe("timeout");
    expect(h.network.connect({ fromPod: { namespace: "default", name: "client2" }, toHost: webIP(svc), toPort: 80 }).outcome).toBe(
      "connected",
    );
  });

  it("always allows the pod's own node (probes) but not other nodes", async () => {
    await setup();
    await policy("deny-all", { podSelector: {} });
    expect(h.network.connect({ fromNode: "worker-1", toHost: "10.244.1.10", toPort: 80 }).outcome).toBe("connected");
    expect(h.network.connect({ fromNode: "worker-2", toHost: "10.244.1.10", toPort: 80 }).outcome).toBe("timeout");
  });
});
