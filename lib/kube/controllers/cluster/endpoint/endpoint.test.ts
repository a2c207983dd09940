import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, podObject, runPod, setPodReady, type Harness } from "../common/testing";
import { ENDPOINTS, ENDPOINTSLICES, PODS, SERVICES } from "../common/util";
import { endpointSliceController, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from "../endpointslice";
import { endpointController } from "./index";

let h: Harness;
afterEach(() => h?.close());

const web = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", labels: { app: "web" } },
  spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }], ...extra },
});
const webPod = (name: string) => podObject(name, { app: "web" }, { ports: [{ name: "http", containerPort: 8080 }] });

async function slicesFor(svc: string) {
  return (await h.client.list(ENDPOINTSLICES, { namespace: "default", labelSelector: `${SERVICE_NAME_LABEL}=${svc}` })).items;
}

describe("endpoint-controller and endpointslice-controller", () => {
  it("list ready and not-ready pods and follow readiness", async () => {
    h = await startHarness([endpointController(), endpointSliceController()]);
    const c = h.client;
    await c.create(SERVICES, "default", web());
    await c.create(PODS, "default", webPod("web-a"));
    await c.create(PODS, "default", webPod("web-b"));
    await c.create(PODS, "default", podObject("other", { app: "db" }, { ports: [{ name: "http", containerPort: 9 }] }));
    await h.settle();
    // no pod has an IP yet: Endpoints without subsets, a placeholder slice
    expect((await c.get(ENDPOINTS, "default", "web")).subsets).toBeUndefined();
    let slices = await slicesFor("web");
    expect(slices).toHaveLength(1);
    expect(slices[0]).toMatchObject({ endpoints: null, ports: null });

    await runPod(c, "default", "web-a", "worker-1", "10.244.1.5", true, h.clock.now());
    await runPod(c, "default", "web-b", "worker-2", "10.244.2.7", false, h.clock.now());
    await runPod(c, "default", "other", "worker-2", "10.244.2.9", true, h.clock.now());
    await h.settle();
    const ep = await c.get(ENDPOINTS, "default", "web");
    expect(ep.metadata.labels).toEqual({ app: "web" });
    expect(ep.metadata.annotations).toEqual({ "endpoints.kubernetes.io/last-change-trigger-time": "2026-01-01T00:00:00Z" });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          {
            ip: "10.244.1.5",
            nodeName: "worker-1",
            targetRef: { kind: "Pod", namespace: "default", name: "web-a", uid: expect.any(String) },
          },
        ],
        notReadyAddresses: [
          {
            ip: "10.244.2.7",
            nodeName: "worker-2",
            targetRef: { kind: "Pod", namespace: "default", name: "web-b", uid: expect.any(String) },
          },
        ],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
    slices = await slicesFor("web");
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toMatchObject({ [MANAGED_BY_LABEL]: MANAGED_BY, [SERVICE_NAME_LABEL]: "web", app: "web" });
    expect(s.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: "Service", name: "web", controller: true, blockOwnerDeletion: true }),
    ]);
    expect(s.addressType).toBe("IPv4");
    expect(s.ports).toEqual([{ name: "http", port: 8080, protocol: "TCP" }]);
    expect(
      (s.endpoints as { addresses: string[]; conditions: unknown; nodeName: string }[]).map((e) => [
        e.addresses[0],
        e.conditions,
        e.nodeName,
      ]),
    ).toEqual([
      ["10.244.1.5", { ready: true, serving: true, terminating: false }, "worker-1"],
      ["10.244.2.7", { ready: false, serving: false, terminating: false }, "worker-2"],
    ]);

    // web-b turns ready, web-a turns unready
    await setPodReady(c, await c.get(PODS, "default", "web-b"), true, h.clock.now());
    await setPodReady(c, await c.get(PODS, "default", "web-a"), false, h.clock.now());
    await h.settle();
    const ep2 = (await c.get(ENDPOINTS, "default", "web")).subsets as {
      addresses: { ip: string }[];
      notReadyAddresses: { ip: string }[];
    }[];
    expect(ep2[0]!.addresses.map((a) => a.ip)).toEqual(["10.244.2.7"]);
    expect(ep2[0]!.notReadyAddresses.map((a) => a.ip)).toEqual(["10.244.1.5"]);

    // a deleted pod leaves the Endpoints; the slice keeps it as terminating while it shuts down
    await c.delete(PODS, "default", "web-b");
    await h.settle();
    expect((await c.get(ENDPOINTS, "default", "web")).subsets).toEqual([
      { notReadyAddresses: [expect.objectContaining({ ip: "10.244.1.5" })], ports: [{ name: "http", port: 8080, protocol: "TCP" }] },
    ]);
    const term = ((await slicesFor("web"))[0]!.endpoints as { addresses: string[]; conditions: unknown }[]).find(
      (e) => e.addresses[0] === "10.244.2.7",
    );
    expect(term?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(h.trace.entries().some((e) => e.component === "endpoint-controller" && e.action === "update-endpoints")).toBe(true);
  });

  it("publishes not-ready addresses when asked and resolves numeric target ports", async () => {
    h = await startHarness([endpointController(), endpointSliceController()]);
    const c = h.client;
    await c.create(SERVICES, "default", web({ publishNotReadyAddresses: true, ports: [{ name: "http", port: 80, targetPort: 9376 }] }));
    await c.create(PODS, "default", webPod("web-a"));
    await runPod(c, "default", "web-a", "worker-1", "10.244.1.5", false, h.clock.now());
    await h.settle();
    expect((await c.get(ENDPOINTS, "default", "web")).subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: "10.244.1.5" })], ports: [{ name: "http", port: 9376, protocol: "TCP" }] },
    ]);
    const s = (await slicesFor("web"))[0]!;
    expect((s.endpoints as { conditions: unknown }[])[0]!.conditions).toEqual({ ready: true, serving: false, terminating: false });
  });

  it("leaves services without a selector alone and removes endpoints of deleted services", async () => {
    h = await startHarness([endpointController(), endpointSliceController()]);
    const c = h.client;
    await c.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "ext" }, spec: { ports: [{ port: 80 }] } });
    await c.create(SERVICES, "default", web());
    await h.settle();
    await expect(c.get(ENDPOINTS, "default", "ext")).rejects.toMatchObject({ code: 404 });
    expect(await slicesFor("ext")).toHaveLength(0);
    await c.delete(SERVICES, "default", "web");
    await h.settle();
    await expect(c.get(ENDPOINTS, "default", "web")).rejects.toMatchObject({ code: 404 });
  });

  it("keeps the kubernetes Service's endpoints at the control plane's IP:6443", async () => {
    h = await startHarness([endpointController()]);
    const c = h.client;
    await c.delete(ENDPOINTS, "default", "kubernetes");
    await c.delete(ENDPOINTSLICES, "default", "kubernetes");
    await h.settle();
    expect((await c.get(ENDPOINTS, "default", "kubernetes")).subsets).toEqual([
      { addresses: [{ ip: "172.18.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] },
    ]);
    const s = await c.get(ENDPOINTSLICES, "default", "kubernetes");
    expect(s.endpoints).toEqual([{ addresses: ["172.18.0.2"], conditions: { ready: true } }]);
    expect(s.ports).toEqual([{ name: "https", port: 6443, protocol: "TCP" }]);
  });
});
