import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployment, pod, startTestServer, type TestServer } from "./testing";

let t: TestServer;
const PODS = "/api/v1/namespaces/default/pods";
const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";
beforeAll(async () => {
  t = await startTestServer();
  await t.request("POST", DEPLOYS, { body: deployment("web", 2) });
});
afterAll(() => t.close());

describe("scale", () => {
  it("reads an autoscaling/v1 Scale", async () => {
    const r = await t.request("GET", `${DEPLOYS}/web/scale`);
    expect(r.json).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name: "web", namespace: "default" }, spec: { replicas: 2 }, status: { replicas: 0, selector: "app=web" } });
  });

  it("scales with a merge patch (kubectl scale) and bumps the generation", async () => {
    const r = await t.request("PATCH", `${DEPLOYS}/web/scale`, { raw: '{"spec":{"replicas":5}}', headers: { "content-type": "application/merge-patch+json" } });
    expect(r.json.spec.replicas).toBe(5);
    const d = (await t.request("GET", `${DEPLOYS}/web`)).json;
    expect([d.spec.replicas, d.metadata.generation]).toEqual([5, 2]);
  });

  it("scales with PUT without a Content-Type (--current-replicas) and checks resourceVersion", async () => {
    const cur = (await t.request("GET", `${DEPLOYS}/web/scale`)).json;
    const r = await t.request("PUT", `${DEPLOYS}/web/scale`, { raw: JSON.stringify({ ...cur, spec: { replicas: 3 } }) });
    expect([r.status, r.json.spec.replicas]).toEqual([200, 3]);
    const stale = await t.request("PUT", `${DEPLOYS}/web/scale`, { raw: JSON.stringify({ ...cur, spec: { replicas: 4 } }) });
    expect(stale.status).toBe(409);
    const neg = await t.request("PUT", `${DEPLOYS}/web/scale`, { raw: JSON.stringify({ kind: "Scale", apiVersion: "autoscaling/v1", metadata: { name: "web" }, spec: { replicas: -1 } }) });
    expect([neg.status, neg.json.message]).toEqual([422, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  });
});

describe("binding", () => {
  it("binds a pod to a node once, then refuses with upstream's conflict", async () => {
    await t.request("POST", PODS, { body: pod("b1") });
    const binding = { apiVersion: "v1", kind: "Binding", metadata: { name: "b1" }, target: { apiVersion: "v1", kind: "Node", name: "worker-1" } };
    const r = await t.request("POST", `${PODS}/b1/binding`, { body: binding });
    expect([r.status, r.json.status]).toEqual([201, "Success"]);
    const p = (await t.request("GET", `${PODS}/b1`)).json;
    expect(p.spec.nodeName).toBe("worker-1");
    expect(p.status.conditions).toContainEqual(expect.objectContaining({ type: "PodScheduled", status: "True" }));
    const again = await t.request("POST", `${PODS}/b1/binding`, { body: binding });
    expect([again.status, again.json.message]).toEqual([409, 'Operation cannot be fulfilled on pods/binding "b1": pod b1 is already assigned to node "worker-1"']);
  });

  it("binds through the legacy bindings resource", async () => {
    await t.request("POST", PODS, { body: pod("b2") });
    const r = await t.request("POST", "/api/v1/namespaces/default/bindings", { body: { apiVersion: "v1", kind: "Binding", metadata: { name: "b2" }, target: { name: "worker-2" } } });
    expect(r.status).toBe(201);
    expect((await t.request("GET", `${PODS}/b2`)).json.spec.nodeName).toBe("worker-2");
  });
});

describe("eviction", () => {
  it("deletes the pod", async () => {
    await t.request("POST", PODS, { body: pod("ev") });
    const r = await t.request("POST", `${PODS}/ev/eviction`, { body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "ev", namespace: "default" } } });
    expect(r.status).toBe(201);
    expect((await t.request("GET", `${PODS}/ev`)).status).toBe(404);
    const missing = await t.request("POST", `${PODS}/ev/eviction`, { body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "ev" } } });
    expect(missing.status).toBe(404);
  });
});

describe("log", () => {
  it("is empty for an unscheduled pod", async () => {
    await t.request("POST", PODS, { body: pod("l1") });
    const r = await t.request("GET", `${PODS}/l1/log`);
    expect([r.status, r.text, r.headers["content-type"]]).toEqual([200, "", "text/plain"]);
  });
  it("says the container is waiting to start on a scheduled pod", async () => {
    await t.request("POST", PODS, { body: pod("l2", { nodeName: "worker-1" }) });
    const r = await t.request("GET", `${PODS}/l2/log`);
    expect([r.status, r.json.message]).toEqual([400, 'container "nginx" in pod "l2" is waiting to start: ContainerCreating']);
  });
  it("asks for a container when there are several, and rejects unknown ones", async () => {
    await t.request("POST", PODS, { body: pod("l3", { containers: ["a", "b"] }) });
    const r = await t.request("GET", `${PODS}/l3/log`);
    expect(r.json.message).toBe("a container name must be specified for pod l3, choose one of: [a b]");
    const u = await t.request("GET", `${PODS}/l3/log?container=zz`);
    expect(u.json.message).toBe("container zz is not valid for pod l3");
  });
  it("streams from a pluggable log source", async () => {
    const t2 = await startTestServer({
      logSource: {
        open(p, opts, sink) {
          sink.write(`hello from ${p.metadata.name}/${opts.container}\n`);
          sink.end();
          return { stop() {} };
        },
      },
    });
    try {
      await t2.request("POST", PODS, { body: pod("l4", { nodeName: "worker-1" }) });
      const r = await t2.request("GET", `${PODS}/l4/log?tailLines=2`);
      expect(r.text).toBe("hello from l4/nginx\n");
    } finally {
      await t2.close();
    }
  });
});

describe("reviews", () => {
  it("answers SelfSubjectAccessReview (auth can-i) and SelfSubjectReview (auth whoami)", async () => {
    const r = await t.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { namespace: "default", verb: "create", resource: "pods" } } },
    });
    expect([r.status, r.json.status]).toEqual([201, { allowed: true }]);
    const w = await t.request("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", { body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } });
    expect(w.json.status.userInfo.username).toBe("kubernetes-admin");
  });
});

describe("exec without an upgrade", () => {
  it("says the pod has no host, as upstream does for unscheduled pods", async () => {
    await t.request("POST", PODS, { body: pod("x1") });
    const r = await t.request("GET", `${PODS}/x1/exec?command=ls`);
    expect([r.status, r.json.message]).toEqual([400, "pod x1 does not have a host assigned"]);
  });
});

describe("eviction and PodDisruptionBudgets", () => {
  const running = async (name: string) => {
    await t.request("POST", PODS, { body: pod(name, { labels: { app: "guarded" }, nodeName: "worker-1" }) });
    const cur = (await t.request("GET", `${PODS}/${name}`)).json;
    await t.request("PUT", `${PODS}/${name}/status`, { body: { ...cur, status: { ...cur.status, phase: "Running" } } });
  };
  const evict = (name: string) => t.request("POST", `${PODS}/${name}/eviction`, { body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name } } });

  it("refuses while the budget allows no disruption, and spends an allowed one", async () => {
    const created = await t.request("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", {
      body: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "pdb" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "guarded" } } } },
    });
    expect(created.status).toBe(201);
    await running("g1");
    const unprocessed = await evict("g1");
    expect([unprocessed.status, unprocessed.json.message, unprocessed.json.details.causes[0].message]).toEqual([429, "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget pdb is still being processed by the server."]);
    const pdb = (await t.request("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb")).json;
    const withStatus = (allowed: number, rv: string) => ({ ...pdb, metadata: { ...pdb.metadata, resourceVersion: rv }, status: { observedGeneration: 1, disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } });
    const s0 = await t.request("PUT", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb/status", { body: withStatus(0, pdb.metadata.resourceVersion) });
    const blocked = await evict("g1");
    expect([blocked.status, blocked.json.details.causes[0]]).toEqual([429, { reason: "DisruptionBudget", message: "The disruption budget pdb needs 1 healthy pods and has 1 currently" }]);
    await t.request("PUT", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb/status", { body: withStatus(1, s0.json.metadata.resourceVersion) });
    expect((await evict("g1")).status).toBe(201);
    const after = (await t.request("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/pdb")).json;
    expect(after.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(after.status.disruptedPods)).toEqual(["g1"]);
  });
});
