import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, pod, startTestServer, type TestServer } from "./testing";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "adm" } } });
});
afterAll(() => t.close());

describe("admission", () => {
  it("defaults the service account, mounts the API access volume and tolerates not-ready/unreachable for 300s", async () => {
    const p = (await t.request("POST", "/api/v1/namespaces/adm/pods", { body: pod("sa") })).json;
    expect(p.spec.serviceAccountName).toBe("default");
    expect(p.spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec.containers[0].volumeMounts[0]).toEqual({ name: p.spec.volumes[0].name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" });
    expect(p.spec.tolerations).toEqual([
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
  });

  it("refuses a pod whose service account does not exist", async () => {
    const body = { ...pod("nosa"), spec: { ...pod("nosa").spec, serviceAccountName: "ghost" } };
    const r = await t.request("POST", "/api/v1/namespaces/adm/pods", { body });
    expect([r.status, r.json.message]).toEqual([403, 'pods "nosa" is forbidden: error looking up service account adm/ghost: serviceaccount "ghost" not found']);
  });

  it("applies LimitRange defaults and annotates the pod", async () => {
    await t.request("POST", "/api/v1/namespaces/adm/limitranges", {
      body: { apiVersion: "v1", kind: "LimitRange", metadata: { name: "lr" }, spec: { limits: [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }] } },
    });
    const p = (await t.request("POST", "/api/v1/namespaces/adm/pods", { body: pod("lr") })).json;
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: "500m" }, requests: { cpu: "100m" } });
    expect(p.metadata.annotations["kubernetes.io/limit-ranger"]).toBe("LimitRanger plugin set: cpu request for container nginx; cpu limit for container nginx");
  });

  it("enforces ResourceQuota object counts", async () => {
    await t.request("POST", "/api/v1/namespaces/adm/resourcequotas", { body: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard: { configmaps: "2" } } } });
    // kube-root-ca.crt already counts as one
    expect((await t.request("POST", "/api/v1/namespaces/adm/configmaps", { body: configMap("one") })).status).toBe(201);
    const r = await t.request("POST", "/api/v1/namespaces/adm/configmaps", { body: configMap("two") });
    expect([r.status, r.json.message]).toEqual([403, 'configmaps "two" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=2, limited: configmaps=2']);
  });

  it("enforces LimitRange min/max per container", async () => {
    await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "lr2" } } });
    await t.request("POST", "/api/v1/namespaces/lr2/limitranges", {
      body: { apiVersion: "v1", kind: "LimitRange", metadata: { name: "lr" }, spec: { limits: [{ type: "Container", max: { cpu: "1" }, min: { cpu: "100m" }, default: { cpu: "500m" } }] } },
    });
    const big = { ...pod("big"), spec: { containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: "2" }, requests: { cpu: "200m" } } }] } };
    const r = await t.request("POST", "/api/v1/namespaces/lr2/pods", { body: big });
    expect([r.status, r.json.message]).toEqual([403, 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2']);
    const ok = await t.request("POST", "/api/v1/namespaces/lr2/pods", { body: pod("fits") });
    expect(ok.status).toBe(201);
  });

  it("enforces ResourceQuota compute resources and requires requests/limits for tracked ones", async () => {
    await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "rq" } } });
    await t.request("POST", "/api/v1/namespaces/rq/resourcequotas", {
      body: { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute" }, spec: { hard: { "requests.cpu": "1", "limits.memory": "1Gi" } } },
    });
    const bare = await t.request("POST", "/api/v1/namespaces/rq/pods", { body: pod("bare") });
    expect([bare.status, bare.json.message]).toEqual([403, 'pods "bare" is forbidden: failed quota: compute: must specify limits.memory,requests.cpu']);
    const sized = (name: string, cpu: string) => ({ ...pod(name), spec: { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu }, limits: { memory: "256Mi" } } }] } });
    expect((await t.request("POST", "/api/v1/namespaces/rq/pods", { body: sized("a", "600m") })).status).toBe(201);
    const over = await t.request("POST", "/api/v1/namespaces/rq/pods", { body: sized("b", "500m") });
    expect([over.status, over.json.message]).toEqual([403, 'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1']);
  });

  it("records each stage of a write in the trace", async () => {
    const before = t.cluster.trace.entries().at(-1)?.seq ?? 0;
    const r = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: configMap("traced") });
    const entries = t.cluster.trace.entries(before);
    const cause = entries[0]!.cause;
    const stages = entries.filter((e) => e.cause === cause).map((e) => `${e.action}:${e.verdict}`);
    expect(stages).toEqual(["authentication:allowed", "authorization:allowed", "mutating admission:allowed", "validation:passed", "validating admission:allowed", "storage:written"]);
    expect(entries.find((e) => e.action === "storage")).toMatchObject({ component: "kube-apiserver", resourceVersion: r.json.metadata.resourceVersion, object: { kind: "ConfigMap", namespace: "default", name: "traced" } });
  });
});
