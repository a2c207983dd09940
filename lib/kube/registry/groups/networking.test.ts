import { describe, expect, it } from "vitest";
import { networkpolicies } from "./networkpolicies";
import { endpointslices } from "./endpointslices";
import { T0, create, obj, update } from "./testing";

describe("networkpolicies", () => {
  it("defaults policyTypes and port protocols", () => {
    const { obj: np, errors } = create(networkpolicies, obj("networking.k8s.io/v1", "NetworkPolicy", "deny", { spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] } }));
    expect(errors).toEqual([]);
    expect(np.spec).toMatchObject({ policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 80, protocol: "TCP" }] }] });
    const { obj: eg } = create(networkpolicies, obj("networking.k8s.io/v1", "NetworkPolicy", "eg", { spec: { podSelector: {}, egress: [{}] } }));
    expect((eg.spec as Record<string, unknown>).policyTypes).toEqual(["Ingress", "Egress"]);
  });

  it("validates ports, peers and policy types with upstream's messages", () => {
    const np = obj("networking.k8s.io/v1", "NetworkPolicy", "bad", {
      spec: {
        podSelector: {},
        ingress: [{ ports: [{ port: 70000, protocol: "ICMP" }], from: [{}] }],
        policyTypes: ["Sideways"],
      },
    });
    expect(create(networkpolicies, np).errors).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      "spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      "spec.ingress[0].from[0]: Required value: must specify a peer",
      'spec.policyTypes[0]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]);
  });

  it("bumps generation on spec changes and prints POD-SELECTOR", () => {
    const old = create(networkpolicies, obj("networking.k8s.io/v1", "NetworkPolicy", "web", { spec: { podSelector: { matchLabels: { app: "web" } } } })).obj;
    expect(old.metadata.generation).toBe(1);
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).podSelector = {};
    expect(update(networkpolicies, next, old).obj.metadata.generation).toBe(2);
    expect(networkpolicies.printer.columns.map((c) => c.name)).toEqual(["Name", "Pod-Selector", "Age"]);
    expect(networkpolicies.printer.cells(old, T0 + 60_000)).toEqual(["web", "app=web", "60s"]);
    expect(networkpolicies.printer.cells(next, T0)[1]).toBe("<none>");
  });
});

describe("endpointslices", () => {
  const slice = (body: Record<string, unknown>) => obj("discovery.k8s.io/v1", "EndpointSlice", "web-abc12", body);

  it("defaults port name and protocol", () => {
    const { obj: s, errors } = create(endpointslices, slice({ addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }], ports: [{ port: 80 }] }));
    expect(errors).toEqual([]);
    expect(s.ports).toEqual([{ port: 80, name: "", protocol: "TCP" }]);
  });

  it("validates address type, addresses and ports", () => {
    expect(create(endpointslices, slice({ endpoints: [] })).errors).toEqual(["addressType: Required value"]);
    expect(create(endpointslices, slice({ addressType: "IPv5" })).errors).toEqual(['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"']);
    expect(create(endpointslices, slice({ addressType: "IPv4", endpoints: [{ addresses: [] }, { addresses: ["300.1.1.1"] }] })).errors).toEqual([
      "endpoints[0].addresses: Required value: must contain at least 1 address",
      'endpoints[1].addresses[0]: Invalid value: "300.1.1.1": must be a valid IPv4 address',
    ]);
    expect(create(endpointslices, slice({ addressType: "IPv4", ports: [{ name: "http", port: 80 }, { name: "http", port: 81 }] })).errors).toEqual([
      'ports[1].name: Duplicate value: "http"',
    ]);
    const old = create(endpointslices, slice({ addressType: "IPv4" })).obj;
    const next = structuredClone(old);
    next.addressType = "IPv6";
    expect(update(endpointslices, next, old).errors).toEqual(['addressType: Invalid value: "IPv6": field is immutable']);
  });

  it("prints ADDRESSTYPE PORTS ENDPOINTS AGE", () => {
    expect(endpointslices.printer.columns.map((c) => c.name)).toEqual(["Name", "AddressType", "Ports", "Endpoints", "Age"]);
    const s = create(endpointslices, slice({ addressType: "IPv4", ports: [{ port: 80 }], endpoints: ["1", "2", "3", "4"].map((n) => ({ addresses: [`10.0.0.${n}`] })) })).obj;
    expect(endpointslices.printer.cells(s, T0 + 30_000)).toEqual(["web-abc12", "IPv4", "80", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "30s"]);
    expect(endpointslices.printer.cells(slice({ addressType: "IPv4" }), T0).slice(2, 4)).toEqual(["<unset>", "<unset>"]);
  });
});
