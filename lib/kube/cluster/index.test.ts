import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import { createCluster } from "./index";
import { kubeconfigYaml } from "./kubeconfig";
import { parse } from "yaml";

const core = (resource: string) => ({ group: "", version: "v1", resource });

describe("createCluster", () => {
  it("bootstraps what a fresh kubeadm cluster has", async () => {
    const c = await createCluster({ token: "t", clock: new FakeClock(), nodes: 3 });
    const api = c.apiServer.loopback;
    const ns = await api.list(core("namespaces"));
    expect(ns.items.map((n) => [n.metadata.name, (n.status as { phase: string }).phase])).toEqual([
      ["default", "Active"],
      ["kube-node-lease", "Active"],
      ["kube-public", "Active"],
      ["kube-system", "Active"],
    ]);
    const svc = await api.get(core("services"), "default", "kubernetes");
    expect(svc.spec).toMatchObject({ clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] });
    const nodes = (await api.list(core("nodes"))).items;
    expect(nodes.map((n) => n.metadata.name)).toEqual(["control-plane", "worker-1", "worker-2"]);
    const cp = nodes[0]!;
    expect(cp.metadata.labels?.["node-role.kubernetes.io/control-plane"]).toBe("");
    expect((cp.spec as { taints: unknown[] }).taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    const st = nodes[1]!.status as { conditions: { type: string; status: string }[]; allocatable: Record<string, string>; nodeInfo: { kubeletVersion: string } };
    expect(st.conditions.find((x) => x.type === "Ready")?.status).toBe("True");
    expect(st.allocatable).toMatchObject({ cpu: "2", pods: "110" });
    expect(st.nodeInfo.kubeletVersion).toMatch(/^v1\.33\./);
    for (const n of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      expect((await api.get(core("serviceaccounts"), n, "default")).metadata.name).toBe("default");
    }
    c.close();
  });

  it("honours --nodes", async () => {
    const c = await createCluster({ token: "t", clock: new FakeClock(), nodes: 1 });
    expect((await c.apiServer.loopback.list(core("nodes"))).items).toHaveLength(1);
    c.close();
  });

  it("gives new namespaces a default ServiceAccount and deletes namespaces with their content", async () => {
    const c = await createCluster({ token: "t", clock: new FakeClock() });
    const api = c.apiServer.loopback;
    await api.create(core("namespaces"), undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    expect((await api.get(core("serviceaccounts"), "team", "default")).kind).toBe("ServiceAccount");
    await api.create(core("configmaps"), "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" } });
    await api.delete(core("namespaces"), undefined, "team");
    await expect(api.get(core("namespaces"), undefined, "team")).rejects.toMatchObject({ code: 404 });
    expect(c.store.count("/registry/configmaps/team/")).toBe(0);
    c.close();
  });

  it("snapshots and restores", async () => {
    const clock = new FakeClock();
    const a = await createCluster({ token: "t", clock });
    await a.apiServer.loopback.create(core("configmaps"), "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kept" }, data: { k: "v" } });
    const snap = a.snapshot();
    a.close();
    const b = await createCluster({ token: "t", clock, snapshot: JSON.parse(JSON.stringify(snap)) });
    expect((await b.apiServer.loopback.get(core("configmaps"), "default", "kept")).data).toEqual({ k: "v" });
    expect(b.store.revision()).toBe(snap.store.revision);
    b.close();
  });

  it("holds no timers when idle or closed", async () => {
    const clock = new FakeClock();
    const c = await createCluster({ token: "t", clock });
    expect(clock.pending()).toBe(0);
    c.close();
    expect(clock.pending()).toBe(0);
  });

  it("writes a kubeconfig with the CA, the token and the kubelab context", () => {
    const kc = parse(kubeconfigYaml({ server: "https://127.0.0.1:6443/sandboxes/x/k8s", token: "tok", caPem: "PEM" }));
    expect(kc["current-context"]).toBe("kubelab");
    expect(kc.clusters[0].cluster).toEqual({ server: "https://127.0.0.1:6443/sandboxes/x/k8s", "certificate-authority-data": Buffer.from("PEM").toString("base64") });
    expect(kc.users[0].user).toEqual({ token: "tok" });
    expect(kc.contexts[0]).toEqual({ name: "kubelab", context: { cluster: "kubelab", user: "kubelab-admin", namespace: "default" } });
  });
});
