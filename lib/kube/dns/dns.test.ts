import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { startNetHarness, type NetHarness } from "../network/testing";
import { getResource } from "../registry";
import { kubeProxyManifests } from "../proxy/manifests";
import { podServiceEnv } from "./envvars";
import { corednsManifests } from "./manifests";
import { podResolvConf, renderResolvConf, searchCandidates } from "./resolv";

let h: NetHarness;
afterEach(() => h?.close());

const client = { namespace: "default", name: "client" };
const pod = (spec: Record<string, unknown>, ns = "default"): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: ns },
  spec,
});

async function setup(): Promise<{ webIP: string }> {
  h = await startNetHarness({ externalHosts: { "example.com": "93.184.215.14" } });
  await h.kubeDns();
  const { svc } = await h.web(2);
  await h.pod("client", { node: "worker-1", ip: "10.244.1.100", containers: [{ name: "sh", image: "busybox:1.36" }] });
  return { webIP: (svc.spec as { clusterIP: string }).clusterIP };
}

describe("cluster DNS records", () => {
  it("answers A for ClusterIP services, per ready endpoint for headless ones, CNAME for ExternalName", async () => {
    const { webIP } = await setup();
    expect(h.dns.query("web.default.svc.cluster.local", "A")).toMatchObject({
      rcode: "NOERROR",
      answers: [{ type: "A", data: webIP, ttl: 30 }],
    });
    expect(h.dns.query("WEB.default.svc.cluster.local.", "A").answers[0]!.data).toBe(webIP);
    expect(h.dns.query("kubernetes.default.svc.cluster.local", "A").answers[0]!.data).toBe("10.96.0.1");
    await h.service("db", { clusterIP: "None", selector: { app: "db" }, ports: [{ name: "pg", port: 5432 }] });
    await h.slice(
      "db",
      [
        { ip: "10.244.1.50", hostname: "db-0", ready: true },
        { ip: "10.244.2.51", hostname: "db-1", ready: true },
        { ip: "10.244.2.52", hostname: "db-2", ready: false },
      ],
      [{ name: "pg", port: 5432 }],
    );
    expect(h.dns.query("db.default.svc.cluster.local", "A").answers.map((a) => a.data)).toEqual(["10.244.1.50", "10.244.2.51"]);
    // StatefulSet pods through the governing headless Service (hostname.subdomain)
    expect(h.dns.query("db-1.db.default.svc.cluster.local", "A").answers.map((a) => a.data)).toEqual(["10.244.2.51"]);
    expect(h.dns.query("db-2.db.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(h.dns.query("_pg._tcp.db.default.svc.cluster.local", "SRV").answers.map((a) => [a.data, a.srv])).toEqual([
      ["db-0.db.default.svc.cluster.local", { priority: 0, weight: 50, port: 5432 }],
      ["db-1.db.default.svc.cluster.local", { priority: 0, weight: 50, port: 5432 }],
    ]);
    expect(h.dns.query("_http._tcp.web.default.svc.cluster.local", "SRV").answers).toMatchObject([
      { data: "web.default.svc.cluster.local", srv: { port: 80 } },
    ]);
    await h.service("ext", { type: "ExternalName", externalName: "example.com" });
    expect(h.dns.query("ext.default.svc.cluster.local", "A").answers).toMatchObject([
      { type: "CNAME", data: "example.com" },
      { type: "A", data: "93.184.215.14" },
    ]);
    expect(h.dns.query("nope.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(h.dns.query("default.svc.cluster.local", "A").rcode).toBe("NOERROR");
    expect(h.dns.query("10-244-1-100.default.pod.cluster.local", "A").answers[0]!.data).toBe("10.244.1.100");
    expect(h.dns.query("10-244-1-100.nosuchns.pod.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(h.dns.query("10.0.96.10.in-addr.arpa", "PTR").answers[0]!.data).toBe("kube-dns.kube-system.svc.cluster.local");
  });

  it("sees changes without timers: a deleted Service is NXDOMAIN at once", async () => {
    await setup();
    await h.client.delete({ group: "", version: "v1", resource: "services" }, "default", "web");
    await h.settle();
    expect(h.dns.query("web.default.svc.cluster.local", "A").rcode).toBe("NXDOMAIN");
    expect(h.clock.pending()).toBe(0);
  });
});

describe("resolv.conf", () => {
  it("is what the kubelet and containerd write for each dnsPolicy", () => {
    expect(renderResolvConf(podResolvConf(pod({}, "shop")))).toBe(
      "search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    expect(renderResolvConf(podResolvConf(pod({ hostNetwork: true })))).toBe("nameserver 172.18.0.1\n");
    expect(renderResolvConf(podResolvConf(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" })))).toContain(
      "nameserver 10.96.0.10\n",
    );
    expect(renderResolvConf(podResolvConf(pod({ dnsPolicy: "Default" })))).toBe("nameserver 172.18.0.1\n");
    expect(
      renderResolvConf(
        podResolvConf(
          pod({
            dnsPolicy: "None",
            dnsConfig: {
              nameservers: ["1.1.1.1"],
              searches: ["corp.example"],
              options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
            },
          }),
        ),
      ),
    ).toBe("search corp.example\nnameserver 1.1.1.1\noptions ndots:2 edns0\n");
    expect(renderResolvConf(podResolvConf(pod({ dnsConfig: { options: [{ name: "ndots", value: "1" }] } })))).toContain(
      "options ndots:1\n",
    );
  });

  it("expands the search path before the name itself below ndots", () => {
    const conf = podResolvConf(pod({}));
    expect(searchCandidates("web", conf)).toEqual(["web.default.svc.cluster.local", "web.svc.cluster.local", "web.cluster.local", "web"]);
    expect(searchCandidates("web.shop", conf)[0]).toBe("web.shop.default.svc.cluster.local");
    expect(searchCandidates("a.b.c.d.e.f", conf)[0]).toBe("a.b.c.d.e.f");
    expect(searchCandidates("example.com.", conf)).toEqual(["example.com"]);
  });
});

describe("nslookup (busybox)", () => {
  it("prints the server, then the answer for the first name of the search path that exists", async () => {
    const { webIP } = await setup();
    const r = h.network.nslookup(client, "web");
    expect(r.stdout).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${webIP}\n\n\n`,
    );
    expect(r.exitCode).toBe(0);
    expect(h.network.nslookup(client, "web.default").name).toBe("web.default.svc.cluster.local");
  });

  it("prints NXDOMAIN for names that do not exist", async () => {
    await setup();
    const r = h.network.nslookup(client, "nope");
    expect(r.stdout).toBe(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n",
    );
    expect(r.exitCode).toBe(1);
  });

  it("shows the CNAME of an ExternalName Service, and reverse lookups", async () => {
    await setup();
    await h.service("ext", { type: "ExternalName", externalName: "example.com" });
    expect(h.network.nslookup(client, "ext").stdout).toContain(
      "ext.default.svc.cluster.local\tcanonical name = example.com\nName:\texample.com\nAddress: 93.184.215.14\n",
    );
    expect(h.network.nslookup(client, "10.96.0.10").stdout).toContain(
      "10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local\n",
    );
    expect(h.network.resolvConf(client)).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
  });
});

describe("service environment variables", () => {
  it("are what pkg/kubelet/envvars produces", async () => {
    const svc = (name: string, ns: string, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: ns },
      spec,
    });
    const services = [
      svc("kubernetes", "default", { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP" }] }),
      svc("web-api", "shop", {
        clusterIP: "10.96.12.34",
        ports: [
          { name: "http", port: 80, protocol: "TCP" },
          { name: "dns", port: 53, protocol: "UDP" },
        ],
      }),
      svc("db", "shop", { clusterIP: "None", ports: [{ port: 5432 }] }),
      svc("other", "elsewhere", { clusterIP: "10.96.1.1", ports: [{ port: 1 }] }),
    ];
    expect(podServiceEnv("shop", services).map((e) => `${e.name}=${e.value}`)).toEqual([
      "KUBERNETES_SERVICE_HOST=10.96.0.1",
      "KUBERNETES_SERVICE_PORT=443",
      "KUBERNETES_SERVICE_PORT_HTTPS=443",
      "KUBERNETES_PORT=tcp://10.96.0.1:443",
      "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
      "KUBERNETES_PORT_443_TCP_PROTO=tcp",
      "KUBERNETES_PORT_443_TCP_PORT=443",
      "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
      "WEB_API_SERVICE_HOST=10.96.12.34",
      "WEB_API_SERVICE_PORT=80",
      "WEB_API_SERVICE_PORT_HTTP=80",
      "WEB_API_SERVICE_PORT_DNS=53",
      "WEB_API_PORT=tcp://10.96.12.34:80",
      "WEB_API_PORT_80_TCP=tcp://10.96.12.34:80",
      "WEB_API_PORT_80_TCP_PROTO=tcp",
      "WEB_API_PORT_80_TCP_PORT=80",
      "WEB_API_PORT_80_TCP_ADDR=10.96.12.34",
      "WEB_API_PORT_53_UDP=udp://10.96.12.34:53",
      "WEB_API_PORT_53_UDP_PROTO=udp",
      "WEB_API_PORT_53_UDP_PORT=53",
      "WEB_API_PORT_53_UDP_ADDR=10.96.12.34",
    ]);
    expect(podServiceEnv("shop", services, false).map((e) => e.name)).not.toContain("WEB_API_SERVICE_HOST");
  });
});

describe("CoreDNS add-on manifests", () => {
  it("are accepted by the API server, with kube-dns at 10.96.0.10", async () => {
    h = await startNetHarness();
    // RBAC may not be served yet: the bootstrap creates what the API server serves
    for (const m of corednsManifests()) if (getResource(m.ref.group, m.ref.resource)) await h.client.create(m.ref, m.namespace, m.object);
    const svc = await h.client.get({ group: "", version: "v1", resource: "services" }, "kube-system", "kube-dns");
    expect((svc.spec as { clusterIP: string }).clusterIP).toBe("10.96.0.10");
    const cm = await h.client.get({ group: "", version: "v1", resource: "configmaps" }, "kube-system", "coredns");
    expect((cm.data as { Corefile: string }).Corefile).toContain("kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure");
    const dep = await h.client.get({ group: "apps", version: "v1", resource: "deployments" }, "kube-system", "coredns");
    expect((dep.spec as { replicas: number }).replicas).toBe(2);
  });

  it("include kube-proxy's DaemonSet and configuration, accepted by the API server", async () => {
    h = await startNetHarness();
    for (const m of kubeProxyManifests()) if (getResource(m.ref.group, m.ref.resource)) await h.client.create(m.ref, m.namespace, m.object);
    const cm = await h.client.get({ group: "", version: "v1", resource: "configmaps" }, "kube-system", "kube-proxy");
    expect((cm.data as Record<string, string>)["config.conf"]).toContain("mode: iptables\n");
    if (getResource("apps", "daemonsets")) {
      const ds = await h.client.get({ group: "apps", version: "v1", resource: "daemonsets" }, "kube-system", "kube-proxy");
      expect(JSON.stringify(ds.spec)).toContain("registry.k8s.io/kube-proxy:v1.33.");
    }
  });
});
