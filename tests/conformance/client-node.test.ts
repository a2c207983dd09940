/** @kubernetes/client-node 1.4.0 against the embedded cluster over HTTPS: list, watch, patch. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, AppsV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from "@kubernetes/client-node";
import { startConformanceCluster, type ConformanceCluster } from "./harness";

let c: ConformanceCluster;
let kc: KubeConfig;
beforeAll(async () => {
  c = await startConformanceCluster();
  kc = new KubeConfig();
  kc.loadFromString(c.kubeconfig);
});
afterAll(async () => c?.close());

describe("@kubernetes/client-node", () => {
  it("lists namespaces and nodes", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(["control-plane", "worker-1", "worker-2"]);
  });

  it("watches with bookmarks allowed and sees a create", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: "default" });
    const seen: string[] = [];
    const got = new Promise<void>((resolve, reject) => {
      void new Watch(kc)
        .watch(
          "/api/v1/namespaces/default/configmaps",
          { allowWatchBookmarks: true, resourceVersion: list.metadata?.resourceVersion },
          (type, obj: { metadata?: { name?: string } }) => {
            seen.push(`${type} ${obj.metadata?.name}`);
            if (obj.metadata?.name === "watched") resolve();
          },
          (err) => (err ? reject(err) : undefined),
        )
        .then((req) => {
          void core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "watched" }, data: { a: "b" } } }).then(() => got.then(() => req.abort()));
        });
    });
    await got;
    expect(seen).toEqual(["ADDED watched"]);
  });

  it("creates a deployment and scales it with a merge patch", async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: "default",
      body: { metadata: { name: "web" }, spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } } },
    });
    const scaled = await apps.patchNamespacedDeploymentScale({ name: "web", namespace: "default", body: { spec: { replicas: 4 } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    expect(scaled.spec?.replicas).toBe(4);
    const d = await apps.readNamespacedDeployment({ name: "web", namespace: "default" });
    expect([d.spec?.replicas, d.metadata?.generation]).toEqual([4, 2]);
  });
});
