import { afterEach, describe, expect, it } from "vitest";
import { startHarness, podObject, runPod, type Harness } from "./common/testing";
import { CONFIGMAPS, ENDPOINTS, LEASES, NAMESPACES, NODES, PODS, SERVICEACCOUNTS, SERVICES, getCondition } from "./common/util";
import { clusterControllers, createLoadGenerator } from "./index";
import { taintsOf } from "./nodelifecycle";

let h: Harness;
afterEach(() => h?.close());

describe("clusterControllers", () => {
  it("run together beside the bootstrap controllers without errors, and go quiet when nothing is due", async () => {
    h = await startHarness(clusterControllers({ loads: createLoadGenerator() }));
    const c = h.client;
    expect(h.clock.pending()).toBe(3); // one lease expiry per node
    await c.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await h.settle();
    expect((await c.get(SERVICEACCOUNTS, "team", "default")).kind).toBe("ServiceAccount");
    // the garbage collector keeps what has live owners (node Leases are owned by their Nodes)
    expect((await c.list(LEASES, { namespace: "kube-node-lease" })).items).toHaveLength(3);
    expect((await c.get(CONFIGMAPS, "team", "kube-root-ca.crt")).kind).toBe("ConfigMap");
    await c.create(SERVICES, "team", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
    });
    await c.create(PODS, "team", podObject("web-1", { app: "web" }));
    await runPod(c, "team", "web-1", "worker-1", "10.244.1.9", true, h.clock.now());
    await h.settle();
    expect((await c.get(ENDPOINTS, "team", "web")).subsets).toEqual([
      { addresses: [expect.objectContaining({ ip: "10.244.1.9" })], ports: [{ port: 80, protocol: "TCP" }] },
    ]);

    // no kubelets run here: every lease expires and every node turns Unknown; with the whole zone down
    // the node lifecycle controller enters full disruption mode and evicts nothing
    await h.advance(40_000);
    for (const n of (await c.list(NODES)).items) {
      expect(getCondition(n, "Ready")?.status).toBe("Unknown");
      expect(taintsOf(n).filter((t) => t.effect === "NoExecute")).toEqual([]);
    }
    await h.advance(300_000);
    expect((await c.get(PODS, "team", "web-1")).metadata.deletionTimestamp).toBeUndefined();
    await c.delete(NAMESPACES, undefined, "team");
    await c.delete(PODS, "team", "web-1", { gracePeriodSeconds: 0 });
    await h.settle();
    await expect(c.get(NAMESPACES, undefined, "team")).rejects.toMatchObject({ code: 404 });
    await h.advance(60_000);
    expect(h.clock.pending()).toBe(0);
    expect(h.trace.entries().filter((e) => e.verdict === "error" && e.action === "reconcile")).toEqual([]);
  });
});
