import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, deployment, pod, startTestServer, type TestServer } from "./testing";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";

describe("create", () => {
  it("fills system fields: uid, creationTimestamp (cluster clock, seconds), generation, resourceVersion, managedFields", async () => {
    const r = await t.request("POST", `${DEPLOYS}?fieldManager=kubectl-create`, { body: deployment("c1") });
    expect(r.status).toBe(201);
    const m = r.json.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toBe("2026-01-01T12:00:00Z");
    expect(m.generation).toBe(1);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(m.managedFields[0]).toMatchObject({ manager: "kubectl-create", operation: "Update", apiVersion: "apps/v1", fieldsType: "FieldsV1" });
  });

  it("answers AlreadyExists for a second create", async () => {
    await t.request("POST", DEPLOYS, { body: deployment("c2") });
    const r = await t.request("POST", DEPLOYS, { body: deployment("c2") });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ reason: "AlreadyExists", message: 'deployments.apps "c2" already exists', details: { name: "c2", group: "apps", kind: "deployments" } });
  });

  it("generates names with 5 characters from upstream's alphabet", async () => {
    const r = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } } });
    expect(r.status).toBe(201);
    expect(r.json.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("accepts a body without apiVersion/kind and rejects a mismatching one", async () => {
    const ok = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { metadata: { name: "nokind" } } });
    expect([ok.status, ok.json.kind, ok.json.apiVersion]).toEqual([201, "ConfigMap", "v1"]);
    const wrongVersion = await t.request("POST", DEPLOYS, { body: { ...deployment("v"), apiVersion: "apps/v1beta1" } });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.json.message).toBe("the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)");
    const wrongKind = await t.request("POST", "/api/v1/namespaces/default/pods", { body: configMap("k") });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.message).toBe('ConfigMap in version "v1" cannot be handled as a Pod: converting (v1.ConfigMap) to (core.Pod): unknown conversion');
  });

  it("rejects a namespace that differs from the URL's", async () => {
    const r = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { ...configMap("x"), metadata: { name: "x", namespace: "kube-system" } } });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe("the namespace of the provided object does not match the namespace sent on the request");
  });

  it("validates with the registry and answers 422 Invalid with causes", async () => {
    const r = await t.request("POST", DEPLOYS, { body: deployment("bad", -1) });
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(r.json.details.causes).toContainEqual({ reason: "FieldValueInvalid", message: "Invalid value: -1: must be greater than or equal to 0", field: "spec.replicas" });
  });

  it("persists nothing for dryRun=All", async () => {
    const r = await t.request("POST", `${DEPLOYS}?dryRun=All`, { body: deployment("dry") });
    expect(r.status).toBe(201);
    expect(r.json.metadata.uid).toBeTruthy();
    expect((await t.request("GET", `${DEPLOYS}/dry`)).status).toBe(404);
  });

  it("refuses content in a missing namespace and in a terminating one", async () => {
    const missing = await t.request("POST", "/api/v1/namespaces/nope/configmaps", { body: configMap("a") });
    expect([missing.status, missing.json.message]).toEqual([404, 'namespaces "nope" not found']);
    await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "term" } } });
    await t.request("POST", "/api/v1/namespaces/term/configmaps", { body: { ...configMap("held"), metadata: { name: "held", finalizers: ["example.com/hold"] } } });
    await t.request("DELETE", "/api/v1/namespaces/term");
    const ns = await t.request("GET", "/api/v1/namespaces/term");
    expect(ns.json.status.phase).toBe("Terminating");
    const r = await t.request("POST", "/api/v1/namespaces/term/configmaps", { body: configMap("b") });
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('configmaps "b" is forbidden: unable to create new content in namespace term because it is being terminated');
    expect(r.json.details.causes[0]).toMatchObject({ reason: "NamespaceTerminating", field: "metadata.namespace" });
  });

  it("never deletes the system namespaces", async () => {
    const r = await t.request("DELETE", "/api/v1/namespaces/kube-system");
    expect([r.status, r.json.message]).toEqual([403, 'namespaces "kube-system" is forbidden: this namespace may not be deleted']);
  });
});

describe("update", () => {
  it("compare-and-swaps on resourceVersion with upstream's conflict message", async () => {
    const created = (await t.request("POST", DEPLOYS, { body: deployment("web") })).json;
    const first = { ...created, spec: { ...created.spec, replicas: 3 } };
    const ok = await t.request("PUT", `${DEPLOYS}/web`, { body: first });
    expect(ok.status).toBe(200);
    expect(ok.json.metadata.generation).toBe(2);
    const stale = await t.request("PUT", `${DEPLOYS}/web`, { body: { ...created, spec: { ...created.spec, replicas: 4 } } });
    expect(stale.status).toBe(409);
    expect(stale.json.message).toBe('Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("does not write (nor bump resourceVersion) when nothing changes", async () => {
    const cur = (await t.request("GET", `${DEPLOYS}/web`)).json;
    const again = await t.request("PUT", `${DEPLOYS}/web`, { body: cur });
    expect(again.json.metadata.resourceVersion).toBe(cur.metadata.resourceVersion);
  });

  it("keeps status on the main resource and only status on /status", async () => {
    const cur = (await t.request("GET", `${DEPLOYS}/web`)).json;
    const withStatus = await t.request("PUT", `${DEPLOYS}/web/status`, { body: { ...cur, spec: { ...cur.spec, replicas: 9 }, status: { replicas: 7 } } });
    expect(withStatus.json.status.replicas).toBe(7);
    expect(withStatus.json.spec.replicas).toBe(3);
    const main = await t.request("PUT", `${DEPLOYS}/web`, { body: { ...withStatus.json, status: { replicas: 1 } } });
    expect(main.json.status.replicas).toBe(7);
  });

  it("rejects a name that differs from the URL's and 404s a missing object", async () => {
    const cur = (await t.request("GET", `${DEPLOYS}/web`)).json;
    const r = await t.request("PUT", `${DEPLOYS}/other`, { body: cur });
    expect([r.status, r.json.message]).toEqual([400, "the name of the object (web) does not match the name on the URL (other)"]);
    const missing = await t.request("PUT", `${DEPLOYS}/ghost`, { body: deployment("ghost") });
    expect([missing.status, missing.json.message]).toEqual([404, 'deployments.apps "ghost" not found']);
  });

  it("creates on PUT where upstream allows it (leases, endpoints)", async () => {
    const r = await t.request("PUT", "/api/v1/namespaces/default/endpoints/ep1", { body: { apiVersion: "v1", kind: "Endpoints", metadata: { name: "ep1" } } });
    expect(r.status).toBe(201);
  });
});

describe("patch", () => {
  it("applies merge, JSON and strategic patches and records the manager", async () => {
    const merge = await t.request("PATCH", `${DEPLOYS}/web?fieldManager=kubectl-label`, { raw: '{"metadata":{"labels":{"tier":"fe"}}}', headers: { "content-type": "application/merge-patch+json" } });
    expect(merge.json.metadata.labels).toEqual({ tier: "fe" });
    expect(merge.json.metadata.managedFields.map((m: { manager: string }) => m.manager)).toContain("kubectl-label");
    const json = await t.request("PATCH", `${DEPLOYS}/web`, { raw: '[{"op":"replace","path":"/spec/replicas","value":5}]', headers: { "content-type": "application/json-patch+json" } });
    expect(json.json.spec.replicas).toBe(5);
    const smp = await t.request("PATCH", `${DEPLOYS}/web`, {
      raw: '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
      headers: { "content-type": "application/strategic-merge-patch+json" },
    });
    expect(smp.json.spec.template.spec.containers.map((c: { name: string }) => c.name).sort()).toEqual(["nginx", "sidecar"]);
  });

  it("creates with server-side apply and requires a fieldManager", async () => {
    const body = JSON.stringify(configMap("applied"));
    const missing = await t.request("PATCH", "/api/v1/namespaces/default/configmaps/applied", { raw: body, headers: { "content-type": "application/apply-patch+yaml" } });
    expect(missing.status).toBe(422);
    const r = await t.request("PATCH", "/api/v1/namespaces/default/configmaps/applied?fieldManager=kubectl&force=false", { raw: body, headers: { "content-type": "application/apply-patch+yaml" } });
    expect(r.status).toBe(201);
    expect(r.json.metadata.managedFields[0]).toMatchObject({ manager: "kubectl", operation: "Apply" });
  });

  it("answers 415 for a non-patch content type and 404 for a missing object", async () => {
    const r = await t.request("PATCH", `${DEPLOYS}/web`, { raw: "{}", headers: { "content-type": "text/plain" } });
    expect(r.status).toBe(415);
    const m = await t.request("PATCH", `${DEPLOYS}/nope`, { raw: "{}", headers: { "content-type": "application/merge-patch+json" } });
    expect(m.status).toBe(404);
  });
});

describe("delete", () => {
  it("answers a Success Status for most resources and the object for pods", async () => {
    await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: configMap("d1") });
    const r = await t.request("DELETE", "/api/v1/namespaces/default/configmaps/d1", { body: { propagationPolicy: "Background" } });
    expect(r.json).toMatchObject({ kind: "Status", status: "Success", details: { name: "d1", kind: "configmaps" } });
    await t.request("POST", "/api/v1/namespaces/default/pods", { body: pod("p1") });
    const p = await t.request("DELETE", "/api/v1/namespaces/default/pods/p1");
    expect(p.json.kind).toBe("Pod");
    expect((await t.request("GET", "/api/v1/namespaces/default/pods/p1")).status).toBe(404);
  });

  it("marks scheduled pods for graceful deletion", async () => {
    await t.request("POST", "/api/v1/namespaces/default/pods", { body: pod("p2", { nodeName: "worker-1" }) });
    const r = await t.request("DELETE", "/api/v1/namespaces/default/pods/p2");
    expect(r.json.metadata.deletionTimestamp).toBe("2026-01-01T12:00:30Z");
    expect(r.json.metadata.deletionGracePeriodSeconds).toBe(30);
    const forced = await t.request("DELETE", "/api/v1/namespaces/default/pods/p2", { body: { gracePeriodSeconds: 0 } });
    expect(forced.status).toBe(200);
    expect((await t.request("GET", "/api/v1/namespaces/default/pods/p2")).status).toBe(404);
  });

  it("only marks objects with finalizers; removing the last one deletes", async () => {
    await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { ...configMap("fin"), metadata: { name: "fin", finalizers: ["example.com/x"] } } });
    const marked = await t.request("DELETE", "/api/v1/namespaces/default/configmaps/fin");
    expect(marked.json.metadata.deletionTimestamp).toBeTruthy();
    const cur = (await t.request("GET", "/api/v1/namespaces/default/configmaps/fin")).json;
    await t.request("PUT", "/api/v1/namespaces/default/configmaps/fin", { body: { ...cur, metadata: { ...cur.metadata, finalizers: [] } } });
    expect((await t.request("GET", "/api/v1/namespaces/default/configmaps/fin")).status).toBe(404);
  });

  it("adds foregroundDeletion / orphan finalizers for those propagation policies", async () => {
    await t.request("POST", DEPLOYS, { body: deployment("fg") });
    const fg = await t.request("DELETE", `${DEPLOYS}/fg`, { body: { propagationPolicy: "Foreground" } });
    expect(fg.json.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await t.request("POST", DEPLOYS, { body: deployment("or") });
    const or = await t.request("DELETE", `${DEPLOYS}/or?propagationPolicy=Orphan`);
    expect(or.json.metadata.finalizers).toEqual(["orphan"]);
  });

  it("checks preconditions", async () => {
    await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: configMap("pre") });
    const r = await t.request("DELETE", "/api/v1/namespaces/default/configmaps/pre", { body: { preconditions: { uid: "nope" } } });
    expect(r.status).toBe(409);
    expect(r.json.message).toMatch(/^Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: nope, UID in object meta: /);
  });

  it("deletes a collection by label", async () => {
    for (const n of ["dc1", "dc2", "dc3"]) await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: configMap(n, {}, { grp: n === "dc3" ? "b" : "a" }) });
    const r = await t.request("DELETE", "/api/v1/namespaces/default/configmaps?labelSelector=grp%3Da");
    expect(r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["dc1", "dc2"]);
    expect((await t.request("GET", "/api/v1/namespaces/default/configmaps/dc3")).status).toBe(200);
  });
});

describe("omitempty", () => {
  it("stores no empty label map after the last label is removed (kubectl label x app-)", async () => {
    await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { ...configMap("omit"), metadata: { name: "omit", labels: { app: "x" }, annotations: {} } } });
    const created = await t.request("GET", "/api/v1/namespaces/default/configmaps/omit");
    expect(created.json.metadata.annotations).toBeUndefined();
    const r = await t.request("PATCH", "/api/v1/namespaces/default/configmaps/omit", { raw: '{"metadata":{"labels":{"app":null}}}', headers: { "content-type": "application/merge-patch+json" } });
    expect(r.status).toBe(200);
    expect(r.json.metadata.labels).toBeUndefined();
    expect((await t.request("GET", "/api/v1/namespaces/default/configmaps/omit")).json.metadata).not.toHaveProperty("labels");
  });
});

describe("decoding a version/kind the scheme does not register", () => {
  it("answers like the serializer for a core version other than v1 and an unserved GA version", async () => {
    const core = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: { ...configMap("v2"), apiVersion: "v2" } });
    expect([core.status, core.json.message]).toEqual([400, 'ConfigMap in version "v2" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "v2" in scheme "pkg/api/legacyscheme/scheme.go:30"']);
    const apps = await t.request("POST", DEPLOYS, { body: { ...deployment("v2"), apiVersion: "apps/v2" } });
    expect([apps.status, apps.json.message]).toEqual([400, 'Deployment in version "v2" cannot be handled as a Deployment: no kind "Deployment" is registered for version "apps/v2" in scheme "pkg/api/legacyscheme/scheme.go:30"']);
  });
});
