import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { endpointsFor, servicePorts } from "./endpoints";
import { portProtoHash, savedProbability, servicePortChainName, servicePortEndpointChainName } from "./hash";
import { buildRuleTable } from "./rules";
import { iptablesSave } from "./save";

const svc = (name: string, spec: Record<string, unknown>, ns = "default"): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace: ns },
  spec,
});
const slice = (
  service: string,
  endpoints: { ip: string; ready?: boolean; serving?: boolean; terminating?: boolean }[],
  ports: { name: string; port: number; protocol?: string }[],
  ns = "default",
): KubeObject => ({
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { name: `${service}-x`, namespace: ns, labels: { "kubernetes.io/service-name": service } },
  addressType: "IPv4",
  endpoints: endpoints.map((e) => ({
    addresses: [e.ip],
    conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
  })),
  ports: ports.map((p) => ({ protocol: "TCP", ...p })),
});

function table(services: KubeObject[], slices: KubeObject[]) {
  const ports = services.flatMap(servicePorts);
  return buildRuleTable("worker-1", ports, (sp) =>
    endpointsFor(
      sp,
      slices.filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === sp.service && s.metadata.namespace === sp.namespace),
    ),
  );
}

describe("chain names", () => {
  it("match upstream's proxier tests (sha256, base32, 16 chars)", () => {
    // pkg/proxy/iptables/proxier_test.go TestOverallIPTablesRules
    expect(servicePortChainName("ns1/svc1:p80", "TCP")).toBe("KUBE-SVC-XPGD46QRK7WJZT7O");
    expect(servicePortEndpointChainName("ns1/svc1:p80", "TCP", "10.180.0.1:80")).toBe("KUBE-SEP-SXIVWICOYRO3J4NJ");
    expect(servicePortChainName("ns4/svc4:p80", "TCP")).toBe("KUBE-SVC-4SW47YFZTEDKD3PK");
    expect(servicePortEndpointChainName("ns4/svc4:p80", "TCP", "10.180.0.5:80")).toBe("KUBE-SEP-C6EBXVWJJZMIWKLZ");
    expect(portProtoHash("ns5/svc5:p80", "tcp")).toBe("NUKIZ6OKUXPJNT4C");
  });

  it("prints probabilities as iptables-save does", () => {
    expect([3, 2, 4, 5].map((n) => savedProbability(n).text)).toEqual(["0.33333333349", "0.50000000000", "0.25000000000", "0.20000000019"]);
  });
});

describe("rule table", () => {
  it("programs a Service with 3 endpoints like upstream (golden nat rules)", () => {
    const t = table(
      [svc("web", { type: "ClusterIP", clusterIP: "10.96.12.34", ports: [{ name: "http", port: 80, protocol: "TCP" }] })],
      [slice("web", [{ ip: "10.244.1.5" }, { ip: "10.244.2.6" }, { ip: "10.244.2.7" }], [{ name: "http", port: 8080 }])],
    );
    const nat = iptablesSave(t, { table: "nat" });
    const mine = nat.split("\n").filter((l) => l.includes("default/web") || l.includes("KUBE-SVC-CDGG") || l.startsWith(":KUBE-SEP"));
    expect(mine.join("\n")).toBe(
      [
        ":KUBE-SEP-2RIJ5GIYXEFH6G4D - [0:0]",
        ":KUBE-SEP-3OLK2YUW6LHBC4UX - [0:0]",
        ":KUBE-SEP-AFGSLHOD2HFNCBX4 - [0:0]",
        ":KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]",
        '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -s 10.244.2.7/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-2RIJ5GIYXEFH6G4D -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.7:8080',
        '-A KUBE-SEP-3OLK2YUW6LHBC4UX -s 10.244.2.6/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-3OLK2YUW6LHBC4UX -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.2.6:8080',
        '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ',
        '-A KUBE-SEP-AFGSLHOD2HFNCBX4 -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
        '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL ! -s 10.244.0.0/16 -d 10.96.12.34/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.6:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-3OLK2YUW6LHBC4UX',
        '-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.7:8080" -j KUBE-SEP-2RIJ5GIYXEFH6G4D',
      ].join("\n"),
    );
    // the NodePorts jump stays the last rule of KUBE-SERVICES
    const services = nat.split("\n").filter((l) => l.startsWith("-A KUBE-SERVICES"));
    expect(services.at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
    expect(t.entries[0]!.seps.map((s) => s.probability)).toEqual([savedProbability(3).value, 0.5, undefined]);
  });

  it("rejects in the filter table when no endpoint is ready, and uses only ready endpoints", () => {
    const services = [svc("web", { clusterIP: "10.96.12.34", type: "NodePort", ports: [{ name: "http", port: 80, nodePort: 30080 }] })];
    const none = table(services, [slice("web", [{ ip: "10.244.1.5", ready: false, serving: false }], [{ name: "http", port: 80 }])]);
    const text = iptablesSave(none);
    expect(text).toContain(
      '-A KUBE-SERVICES -d 10.96.12.34/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(text).toContain(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
    );
    expect(text).not.toContain("KUBE-SVC-");
    const some = table(services, [slice("web", [{ ip: "10.244.1.5", ready: false }, { ip: "10.244.2.6" }], [{ name: "http", port: 80 }])]);
    expect(some.entries[0]!.seps.map((s) => s.endpoint.ip)).toEqual(["10.244.2.6"]);
    const nat = iptablesSave(some, { table: "nat" });
    const ext = `KUBE-EXT-${portProtoHash("default/web:http", "tcp")}`;
    expect(nat).toContain(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j ${ext}`);
    expect(nat).toContain(
      `-A ${ext} -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ`,
    );
    expect(nat).toContain(`-A ${ext} -j KUBE-SVC-${portProtoHash("default/web:http", "tcp")}`);
  });

  it("falls back to serving terminating endpoints when none is ready", () => {
    const t = table(
      [svc("web", { clusterIP: "10.96.12.34", ports: [{ name: "http", port: 80 }] })],
      [
        slice(
          "web",
          [
            { ip: "10.244.1.5", ready: false, serving: true, terminating: true },
            { ip: "10.244.1.6", ready: false, serving: false, terminating: true },
          ],
          [{ name: "http", port: 80 }],
        ),
      ],
    );
    expect(t.entries[0]!.seps.map((s) => s.endpoint.ip)).toEqual(["10.244.1.5"]);
  });

  it("skips headless and ExternalName services, and renders ClientIP affinity with -m recent", () => {
    const t = table(
      [
        svc("db", { clusterIP: "None", ports: [{ port: 5432 }] }),
        svc("ext", { type: "ExternalName", externalName: "example.com" }),
        svc("sticky", {
          clusterIP: "10.96.0.50",
          sessionAffinity: "ClientIP",
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
          ports: [{ port: 80 }],
        }),
      ],
      [slice("sticky", [{ ip: "10.244.1.5" }, { ip: "10.244.1.6" }], [{ name: "", port: 80 }])],
    );
    expect(t.entries.map((e) => e.name)).toEqual(["default/sticky"]);
    const sep = servicePortEndpointChainName("default/sticky", "TCP", "10.244.1.5:80");
    const nat = iptablesSave(t, { table: "nat" });
    expect(nat).toContain(
      `-A KUBE-SVC-${portProtoHash("default/sticky", "tcp")} -m comment --comment "default/sticky -> 10.244.1.5:80" -m recent --rcheck --seconds 600 --reap --name ${sep} --mask 255.255.255.255 --rsource -j ${sep}`,
    );
    expect(nat).toContain(
      `-A ${sep} -p tcp -m comment --comment "default/sticky" -m recent --set --name ${sep} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:80`,
    );
  });
});
