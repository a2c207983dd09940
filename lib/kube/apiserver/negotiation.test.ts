import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, deployment, startTestServer, type TestServer } from "./testing";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ limits: { maxBodyBytes: 4096 } });
});
afterAll(() => t.close());

const CMS = "/api/v1/namespaces/default/configmaps";
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

describe("request bodies", () => {
  it("accepts YAML and a missing Content-Type as JSON", async () => {
    const y = await t.request("POST", CMS, { raw: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n", headers: { "content-type": "application/yaml" } });
    expect([y.status, y.json.data]).toEqual([201, { k: "v" }]);
    const n = await t.request("POST", CMS, { raw: JSON.stringify(configMap("no-ct")) });
    expect(n.status).toBe(201);
  });

  it("answers 400 for malformed JSON and YAML and keeps serving", async () => {
    const j = await t.request("POST", CMS, { raw: "{not json", headers: { "content-type": "application/json" } });
    expect(j.status).toBe(400);
    // handlers/create.go transformDecodeError around the json serializer's error (Go's scanner message)
    expect(j.json.message).toBe("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'n' looking for beginning of object key string ({not json)");
    const y = await t.request("POST", CMS, { raw: "a: [b", headers: { "content-type": "application/yaml" } });
    expect(y.status).toBe(400);
    const arr = await t.request("POST", CMS, { raw: "[1,2]", headers: { "content-type": "application/json" } });
    expect(arr.status).toBe(400);
    expect(arr.json.message).toMatch(/^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: json: cannot unmarshal array into Go value of type struct .* \(5b312c325d\)$/);
    expect((await t.request("GET", CMS)).status).toBe(200);
  });

  it("answers 415 for unknown media types", async () => {
    const r = await t.request("POST", CMS, { raw: "x", headers: { "content-type": "text/csv" } });
    expect(r.status).toBe(415);
    expect(r.json.message).toBe("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
  });

  it("answers 413 for an oversized body", async () => {
    const r = await t.request("POST", CMS, { body: configMap("big", { k: "x".repeat(5000) }) });
    expect([r.status, r.json.reason, r.json.message]).toEqual([413, "RequestEntityTooLarge", "Request entity too large: limit is 4096"]);
  });

  it("rejects unknown fields with fieldValidation=Strict, warns by default, ignores on Ignore", async () => {
    const body = { ...deployment("strict"), spec: { ...deployment("strict").spec, foo: "bar" } };
    const strict = await t.request("POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict", { body });
    expect([strict.status, strict.json.message]).toEqual([400, 'strict decoding error: unknown field "spec.foo"']);
    const warn = await t.request("POST", "/apis/apps/v1/namespaces/default/deployments", { body });
    expect(warn.status).toBe(201);
    expect(warn.headers.warning).toBe('299 - "unknown field \\"spec.foo\\""');
    expect(warn.json.spec.foo).toBeUndefined();
    const bad = await t.request("POST", "/apis/apps/v1/namespaces/default/deployments?fieldValidation=Loud", { body });
    expect(bad.status).toBe(400);
  });
});

describe("responses", () => {
  it("serves Tables with the registry's columns and PartialObjectMetadata rows", async () => {
    const r = await t.request("GET", "/api/v1/nodes?limit=500", { headers: { accept: TABLE } });
    expect(r.json.kind).toBe("Table");
    expect(r.json.apiVersion).toBe("meta.k8s.io/v1");
    expect(r.json.columnDefinitions.map((c: { name: string }) => c.name).slice(0, 5)).toEqual(["Name", "Status", "Roles", "Age", "Version"]);
    expect(r.json.rows[0].cells.slice(0, 3)).toEqual(["control-plane", "Ready", "control-plane"]);
    expect(r.json.rows[0].object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "control-plane" } });
    expect(r.json.metadata.resourceVersion).toBeTruthy();
  });

  it("honours includeObject and the v1beta1 Table", async () => {
    const full = await t.request("GET", "/api/v1/nodes?includeObject=Object", { headers: { accept: TABLE } });
    expect(full.json.rows[0].object.kind).toBe("Node");
    const none = await t.request("GET", "/api/v1/nodes/worker-1?includeObject=None", { headers: { accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io" } });
    expect(none.json.apiVersion).toBe("meta.k8s.io/v1beta1");
    expect(none.json.rows[0].object).toBeNull();
  });

  it("serves PartialObjectMetadataList", async () => {
    const r = await t.request("GET", "/api/v1/namespaces", { headers: { accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io" } });
    expect(r.json.kind).toBe("PartialObjectMetadataList");
    expect(r.json.items[0].kind).toBe("PartialObjectMetadata");
  });

  it("answers JSON to clients offering protobuf", async () => {
    const r = await t.request("GET", "/api/v1/namespaces/default", { headers: { accept: "application/vnd.kubernetes.protobuf,application/json" } });
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.json.kind).toBe("Namespace");
  });

  it("answers 405 for verbs a resource does not serve", async () => {
    const r = await t.request("GET", "/api/v1/namespaces/default/bindings");
    expect([r.status, r.json.reason]).toEqual([405, "MethodNotAllowed"]);
  });
});

describe("bad input never stops the server", () => {
  it("answers 4xx for garbage protobuf, a failing JSON patch and a malformed patch body", async () => {
    const pb = await t.request("POST", CMS, { raw: Buffer.from([1, 2, 3, 4, 5]), headers: { "content-type": "application/vnd.kubernetes.protobuf" } });
    expect(pb.status).toBe(400);
    await t.request("POST", CMS, { body: configMap("patchme") });
    const op = await t.request("PATCH", `${CMS}/patchme`, { raw: '[{"op":"remove","path":"/data/nope"}]', headers: { "content-type": "application/json-patch+json" } });
    expect([op.status, op.json.reason]).toEqual([422, "Invalid"]);
    const body = await t.request("PATCH", `${CMS}/patchme`, { raw: "{oops", headers: { "content-type": "application/merge-patch+json" } });
    expect(body.status).toBe(400);
    const sel = await t.request("GET", `${CMS}?labelSelector=%3D%3D%3D`);
    expect(sel.status).toBe(400);
    expect((await t.request("GET", `${CMS}/patchme`)).json.data).toEqual({ a: "b" });
  });
});
