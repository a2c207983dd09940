import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { portProtoHash } from "../proxy/hash";
import { startNetHarness, type NetHarness } from "./testing";

let h: NetHarness;
afterEach(() => h?.close());

const hash = portProtoHash("default/web:http", "tcp");

/** one whoami pod on worker-1 behind Service `web`, plus a client pod on worker-2 */
async function setup(spec: Record<string, unknown>): Promise<KubeObject> {
  h = await startNetHarness();
  await h.pod("web-0", { node: "worker-1", ip: "10.244.1.10", labels: { app: "web" }, image: "traefik/whoami:v1.10" });
  await h.pod("client", { node: "worker-2", ip: "10.244.2.100", containers: [{ name: "sh", image: "busybox:1.36" }] });
  const svc = await h.service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, protocol: "TCP" }], ...spec });
  await h.slice("web", [{ ip: "10.244.1.10", node: "worker-1", pod: "web-0" }], [{ name: "http", port: 80 }]);
  return svc;
}

describe("externalTrafficPolicy: Local", () => {
  it("serves NodePort traffic only on nodes with a local endpoint, keeping the client address", async () => {
    const svc = await setup({ type: "NodePort", externalTrafficPolicy: "Local" });
    const nodePort = (svc.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
    const onPodNode = h.network.connect({ fromNode: "control-plane", toHost: "172.18.0.3", toPort: nodePort, request: { path: "/" } });
    expect(onPodNode.outcome).toBe("connected");
    expect(onPodNode.hops.some((x) => x.kind === "snat")).toBe(false);
    expect(onPodNode.hops.find((x) => x.chain === `KUBE-EXT-${hash}` && x.rule?.endsWith(`-j KUBE-SVL-${hash}`))).toBeDefined();
    expect(onPodNode.response!.body).toContain("RemoteAddr: 172.18.0.2:");
    const elsewhere = h.network.connect({ fromNode: "control-plane", toHost: "172.18.0.4", toPort: nodePort });
    expect(elsewhere).toMatchObject({ outcome: "timeout", message: "Connection timed out" });
    expect(elsewhere.hops.at(-1)!.rule).toBe(
      `-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport ${nodePort} -j DROP`,
    );
    // pods are not external clients: their traffic may use any endpoint
    expect(h.network.connect({ fromPod: { namespace: "default", name: "client" }, toHost: "172.18.0.4", toPort: nodePort }).outcome).toBe(
      "connected",
    );
    const nat = h.proxies.get("worker-2")!.iptablesSave({ table: "nat" });
    expect(nat).toContain(
      `-A KUBE-EXT-${hash} -s 10.244.0.0/16 -m comment --comment "pod traffic for default/web:http external destinations" -j KUBE-SVC-${hash}`,
    );
    expect(nat).toContain(
      `-A KUBE-EXT-${hash} -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
    );
    // no local endpoint on worker-2: no KUBE-SVL chain there, the filter table drops instead
    expect(nat).not.toContain(`KUBE-SVL-${hash}`);
    expect(h.proxies.get("worker-1")!.iptablesSave({ table: "nat" })).toContain(
      `-A KUBE-SVL-${hash} -m comment --comment "default/web:http -> 10.244.1.10:80" -j KUBE-SEP-`,
    );
  });
});

describe("internalTrafficPolicy: Local", () => {
  it("sends ClusterIP traffic only to endpoints on the client's node, and drops it elsewhere", async () => {
    const svc = await setup({ internalTrafficPolicy: "Local" });
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    const far = h.network.connect({ fromPod: { namespace: "default", name: "client" }, toHost: ip, toPort: 80 });
    expect(far.outcome).toBe("timeout");
    expect(far.hops.at(-1)!.rule).toBe(
      `-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP`,
    );
    await h.pod("client-near", { node: "worker-1", ip: "10.244.1.100", containers: [{ name: "sh", image: "busybox:1.36" }] });
    const near = h.network.connect({ fromPod: { namespace: "default", name: "client-near" }, toHost: ip, toPort: 80 });
    expect(near.outcome).toBe("connected");
    expect(near.hops[0]!.rule).toContain(`-j KUBE-SVL-${hash}`);
  });
});
