import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/types";
import { aggregateFieldErrors, errors } from "../../api";
import type { RegistryContext } from "../types";
import { services } from "./services";
import { allocateClusterIP, inServiceRange } from "./service-alloc";

function ctxWith(existing: KubeObject[]): RegistryContext {
  return { now: () => 0, get: () => undefined, list: (r) => (r === "services" ? existing : []) };
}

function svc(name: string, spec: Record<string, unknown>, ns = "default"): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns, creationTimestamp: "2024-05-01T11:00:00Z" }, spec };
}

function create(s: KubeObject, existing: KubeObject[] = []): KubeObject {
  services.defaults!(s);
  services.prepareForCreate!(s, ctxWith(existing));
  return s;
}

describe("service defaults and allocation", () => {
  it("defaults a ClusterIP service and allocates an IP in 10.96.0.0/12", () => {
    const s = create(svc("web", { selector: { app: "web" }, ports: [{ port: 80 }] }));
    const spec = s.spec as Record<string, unknown>;
    expect(spec).toMatchObject({
      type: "ClusterIP",
      sessionAffinity: "None",
      internalTrafficPolicy: "Cluster",
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
    });
    expect(inServiceRange(spec.clusterIP as string)).toBe(true);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(s.status).toEqual({ loadBalancer: {} });
    expect(services.validateCreate!(s, ctxWith([]))).toEqual([]);
  });

  it("is deterministic and avoids used addresses", () => {
    const a = create(svc("web", { ports: [{ port: 80 }] }));
    const b = create(svc("web", { ports: [{ port: 80 }] }), [svc("other", { clusterIP: (a.spec as { clusterIP: string }).clusterIP, clusterIPs: [(a.spec as { clusterIP: string }).clusterIP] })]);
    expect((b.spec as { clusterIP: string }).clusterIP).not.toBe((a.spec as { clusterIP: string }).clusterIP);
    expect(allocateClusterIP("default/web", new Set())).toBe((a.spec as { clusterIP: string }).clusterIP);
  });

  it("keeps explicit ClusterIPs (kubernetes 10.96.0.1, kube-dns 10.96.0.10)", () => {
    const k = create(svc("kubernetes", { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, targetPort: 6443 }] }));
    expect((k.spec as Record<string, unknown>).clusterIPs).toEqual(["10.96.0.1"]);
    const dns = create(svc("kube-dns", { clusterIP: "10.96.0.10", ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53 }] }, "kube-system"));
    expect(services.validateCreate!(dns, ctxWith([k]))).toEqual([]);
  });

  it("refuses a taken or out-of-range ClusterIP", () => {
    const k = create(svc("kubernetes", { clusterIP: "10.96.0.1", ports: [{ port: 443 }] }));
    const dup = create(svc("dup", { clusterIP: "10.96.0.1", ports: [{ port: 80 }] }));
    expect(errors.invalid("", "Service", "dup", services.validateCreate!(dup, ctxWith([k]))).status.message).toBe(
      'Service "dup" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.1"]: failed to allocate IP 10.96.0.1: provided IP is already allocated',
    );
    const out = create(svc("out", { clusterIP: "10.0.0.5", ports: [{ port: 80 }] }));
    expect(aggregateFieldErrors(services.validateCreate!(out, ctxWith([])))).toContain("the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12");
  });

  it("allocates node ports for NodePort services and refuses bad ones", () => {
    const s = create(svc("np", { type: "NodePort", ports: [{ port: 80 }, { port: 443, name: "x" }] }));
    const ports = (s.spec as { ports: { nodePort: number }[] }).ports;
    for (const p of ports) expect(p.nodePort).toBeGreaterThanOrEqual(30000);
    expect(ports[0]!.nodePort).not.toBe(ports[1]!.nodePort);
    expect((s.spec as Record<string, unknown>).externalTrafficPolicy).toBe("Cluster");
    const bad = create(svc("bad", { type: "NodePort", ports: [{ port: 80, nodePort: 80 }] }));
    expect(aggregateFieldErrors(services.validateCreate!(bad, ctxWith([])))).toBe(
      "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
    );
  });

  it("headless and ExternalName services get no IP", () => {
    const h = create(svc("db", { clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] }));
    expect((h.spec as Record<string, unknown>).clusterIPs).toEqual(["None"]);
    expect(services.validateCreate!(h, ctxWith([]))).toEqual([]);
    const e = create(svc("ext", { type: "ExternalName", externalName: "example.com" }));
    expect((e.spec as Record<string, unknown>).clusterIP).toBeUndefined();
    expect(services.validateCreate!(e, ctxWith([]))).toEqual([]);
  });
});

describe("service validation", () => {
  it("uses DNS-1035 names", () => {
    const s = create(svc("1web", { ports: [{ port: 80 }] }));
    expect(aggregateFieldErrors(services.validateCreate!(s, ctxWith([])))).toMatch(/^metadata.name: Invalid value: "1web": a DNS-1035 label must consist of/);
  });

  it("requires ports and names on multi-port services", () => {
    expect(aggregateFieldErrors(services.validateCreate!(create(svc("a", {})), ctxWith([])))).toBe("spec.ports: Required value");
    expect(aggregateFieldErrors(services.validateCreate!(create(svc("a", { ports: [{ port: 80, name: "http" }, { port: 81 }] })), ctxWith([])))).toBe(
      "spec.ports[1].name: Required value",
    );
  });

  it("checks type and port numbers", () => {
    const s = create(svc("a", { type: "Magic", ports: [{ port: 0 }] }));
    expect(aggregateFieldErrors(services.validateCreate!(s, ctxWith([])))).toBe(
      '[spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort", spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
  });

  it("clusterIP may not change; omitted values are carried over", () => {
    const old = create(svc("web", { ports: [{ port: 80 }] }));
    const ip = (old.spec as { clusterIP: string }).clusterIP;
    const next = svc("web", { ports: [{ port: 80 }] });
    services.defaults!(next);
    services.prepareForUpdate!(next, old, ctxWith([old]));
    expect((next.spec as { clusterIP: string }).clusterIP).toBe(ip);
    expect(services.validateUpdate!(next, old, ctxWith([old]))).toEqual([]);
    const changed = svc("web", { clusterIP: "10.96.5.5", ports: [{ port: 80 }] });
    services.defaults!(changed);
    services.prepareForUpdate!(changed, old, ctxWith([old]));
    expect(aggregateFieldErrors(services.validateUpdate!(changed, old, ctxWith([old])))).toBe(
      'spec.clusterIPs[0]: Invalid value: ["10.96.5.5"]: may not change once set',
    );
  });
});

describe("service printer", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  it("prints ClusterIP, NodePort, LoadBalancer and ExternalName rows", () => {
    const c = create(svc("web", { clusterIP: "10.96.100.1", selector: { app: "web" }, ports: [{ port: 80 }] }));
    expect(services.printer.cells(c, now)).toEqual(["web", "ClusterIP", "10.96.100.1", "<none>", "80/TCP", "60m", "app=web"]);
    const n = create(svc("np", { type: "NodePort", clusterIP: "10.96.100.2", ports: [{ port: 80, nodePort: 30080 }] }));
    expect(services.printer.cells(n, now).slice(1, 5)).toEqual(["NodePort", "10.96.100.2", "<none>", "80:30080/TCP"]);
    const lb = create(svc("lb", { type: "LoadBalancer", clusterIP: "10.96.100.3", ports: [{ port: 443, nodePort: 31443 }] }));
    expect(services.printer.cells(lb, now)[3]).toBe("<pending>");
    lb.status = { loadBalancer: { ingress: [{ ip: "172.18.0.10" }] } };
    expect(services.printer.cells(lb, now)[3]).toBe("172.18.0.10");
    const e = create(svc("ext", { type: "ExternalName", externalName: "db.example.com" }));
    expect(services.printer.cells(e, now)).toEqual(["ext", "ExternalName", "<none>", "db.example.com", "<none>", "60m", "<none>"]);
    expect(services.printer.columns.map((col) => col.name)).toEqual(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"]);
  });
});
