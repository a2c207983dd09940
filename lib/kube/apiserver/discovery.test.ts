import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareKubeVersions } from "./discovery";
import { startTestServer, type TestServer } from "./testing";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ prefix: "/sandboxes/abc/k8s" });
});
afterAll(() => t.close());

const V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
const V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

describe("authentication", () => {
  it("answers 401 Unauthorized without a token or with a wrong one", async () => {
    for (const token of [null, "wrong"]) {
      const r = await t.request("GET", "/api/v1/namespaces", { token });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
    }
  });
  it("lets anyone read /version and health checks", async () => {
    expect((await t.request("GET", "/version", { token: null })).status).toBe(200);
    const h = await t.request("GET", "/readyz", { token: null });
    expect([h.status, h.text]).toEqual([200, "ok"]);
  });
  it("serves only under its prefix", async () => {
    const r = await new Promise<number>((resolve) => {
      fetch(`${t.base}/api/v1/namespaces`, { headers: { authorization: `Bearer ${t.token}` } }).then((x) => resolve(x.status));
    });
    expect(r).toBe(404);
  });
});

describe("discovery", () => {
  it("reports version 1.33 with the fields the kubectl dispatcher reads", async () => {
    const r = await t.request("GET", "/version?timeout=5s");
    expect(r.json).toMatchObject({ major: "1", minor: "33", gitVersion: expect.stringMatching(/^v1\.33\.\d+$/), platform: "linux/amd64", compiler: "gc" });
  });

  it("answers aggregated discovery v2 with its exact content type, preferring the client's order", async () => {
    const r = await t.request("GET", "/apis?timeout=32s", { headers: { accept: `${V2},${V2BETA1},application/json` } });
    expect(r.headers["content-type"]).toBe(V2);
    expect(r.json.apiVersion).toBe("apidiscovery.k8s.io/v2");
    const apps = r.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === "apps");
    const dep = apps.versions[0].resources.find((x: { resource: string }) => x.resource === "deployments");
    expect(dep).toMatchObject({ responseKind: { group: "apps", version: "v1", kind: "Deployment" }, scope: "Namespaced", singularResource: "deployment", shortNames: ["deploy"] });
    expect(dep.verbs).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    expect(dep.subresources).toContainEqual({ subresource: "scale", responseKind: { group: "autoscaling", version: "v1", kind: "Scale" }, verbs: ["get", "patch", "update"] });
  });

  it("answers v2beta1 to 1.27-style clients and the core group with empty metadata", async () => {
    const r = await t.request("GET", "/api", { headers: { accept: `${V2BETA1},application/json` } });
    expect(r.headers["content-type"]).toBe(V2BETA1);
    expect(r.json.items).toHaveLength(1);
    expect(r.json.items[0].metadata.name).toBeUndefined();
    expect(r.json.items[0].versions[0].resources.map((x: { resource: string }) => x.resource)).toContain("pods");
  });

  it("falls back to the legacy documents for plain JSON", async () => {
    const api = await t.request("GET", "/api", { headers: { accept: "application/json" } });
    expect(api.json).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const apis = await t.request("GET", "/apis");
    expect(apis.json.kind).toBe("APIGroupList");
    expect(apis.json.groups).toContainEqual({ name: "apps", versions: [{ groupVersion: "apps/v1", version: "v1" }], preferredVersion: { groupVersion: "apps/v1", version: "v1" } });
    const v1 = await t.request("GET", "/api/v1");
    expect(v1.json.kind).toBe("APIResourceList");
    expect(v1.json.groupVersion).toBe("v1");
    expect(v1.json.resources).toContainEqual(expect.objectContaining({ name: "pods", singularName: "pod", namespaced: true, kind: "Pod", shortNames: ["po"] }));
    expect(v1.json.resources).toContainEqual(expect.objectContaining({ name: "pods/log", namespaced: true, kind: "Pod" }));
    const apps = await t.request("GET", "/apis/apps/v1");
    expect(apps.json.resources).toContainEqual({ name: "deployments/scale", singularName: "", namespaced: true, group: "autoscaling", version: "v1", kind: "Scale", verbs: ["get", "patch", "update"] });
    expect((await t.request("GET", "/apis/apps")).json).toMatchObject({ kind: "APIGroup", name: "apps" });
  });

  it("404s unknown groups, versions and resources with the upstream Status", async () => {
    for (const p of ["/apis/nope.example.com/v1", "/apis/apps/v9", "/api/v1/foos", "/nonsense"]) {
      const r = await t.request("GET", p);
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ kind: "Status", reason: "NotFound", message: "the server could not find the requested resource", code: 404 });
    }
  });

  it("serves OpenAPI v2 as the protobuf stub and the v3 root", async () => {
    const v2 = await t.request("GET", "/openapi/v2", { headers: { accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" } });
    expect(v2.status).toBe(200);
    expect(v2.headers["content-type"]).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    const v3 = await t.request("GET", "/openapi/v3");
    expect(v3.json.paths["apis/apps/v1"].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    const doc = await t.request("GET", "/openapi/v3/apis/apps/v1");
    expect(doc.status).toBe(200);
  });

  it("orders versions as upstream prefers them", () => {
    expect(["v1beta1", "v1", "v2", "v1alpha1", "v2beta2"].sort(compareKubeVersions)).toEqual(["v2", "v1", "v2beta2", "v1beta1", "v1alpha1"]);
  });
});
