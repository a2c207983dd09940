import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, pod, startTestServer, type TestServer } from "./testing";

let t: TestServer;
const CMS = "/api/v1/namespaces/list/configmaps";
beforeAll(async () => {
  t = await startTestServer({ historyLimit: 50 });
  await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "list" } } });
  for (let i = 0; i < 7; i++) await t.request("POST", CMS, { body: configMap(`cm-${i}`, { i: String(i) }, { parity: i % 2 ? "odd" : "even" }) });
});
afterAll(() => t.close());

const names = (r: { json: { items: { metadata: { name: string } }[] } }) => r.json.items.map((i) => i.metadata.name);

describe("list", () => {
  it("lists a namespace with the list kind, revision and items without kind/apiVersion", async () => {
    const r = await t.request("GET", CMS);
    expect(r.json.kind).toBe("ConfigMapList");
    expect(r.json.apiVersion).toBe("v1");
    expect(r.json.metadata.resourceVersion).toBe(String(t.cluster.store.revision()));
    expect(names(r).filter((n: string) => n.startsWith("cm-"))).toHaveLength(7);
    expect(r.json.items[0].kind).toBeUndefined();
  });

  it("filters by label and field selectors", async () => {
    expect(names(await t.request("GET", `${CMS}?labelSelector=parity%3Dodd`))).toEqual(["cm-1", "cm-3", "cm-5"]);
    expect(names(await t.request("GET", `${CMS}?labelSelector=parity+in+(even),parity!=odd&fieldSelector=metadata.name!%3Dcm-0`))).toEqual(["cm-2", "cm-4", "cm-6"]);
    expect(names(await t.request("GET", "/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlist,metadata.name%3Dcm-3"))).toEqual(["cm-3"]);
  });

  it("answers 400 for malformed or unsupported selectors", async () => {
    const bad = await t.request("GET", `${CMS}?labelSelector=a%20in%20(b`);
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toBe("BadRequest");
    const field = await t.request("GET", `${CMS}?fieldSelector=spec.foo%3Dbar`);
    expect([field.status, field.json.message]).toEqual([400, '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"']);
  });

  it("supports the resource's own field selectors (pods by spec.nodeName)", async () => {
    await t.request("POST", "/api/v1/namespaces/list/pods", { body: pod("on-w1", { nodeName: "worker-1" }) });
    await t.request("POST", "/api/v1/namespaces/list/pods", { body: pod("floating") });
    expect(names(await t.request("GET", "/api/v1/namespaces/list/pods?fieldSelector=spec.nodeName%3Dworker-1"))).toEqual(["on-w1"]);
  });

  it("pages with limit/continue at the first page's revision", async () => {
    const p1 = await t.request("GET", `${CMS}?limit=3`);
    expect(names(p1)).toEqual(["cm-0", "cm-1", "cm-2"]);
    expect(p1.json.metadata.remainingItemCount).toBeGreaterThan(0);
    const rv = p1.json.metadata.resourceVersion;
    await t.request("POST", CMS, { body: configMap("cm-3a") });
    const p2 = await t.request("GET", `${CMS}?limit=3&continue=${encodeURIComponent(p1.json.metadata.continue)}`);
    expect(names(p2)).toEqual(["cm-3", "cm-4", "cm-5"]);
    expect(p2.json.metadata.resourceVersion).toBe(rv);
    const p3 = await t.request("GET", `${CMS}?limit=3&continue=${encodeURIComponent(p2.json.metadata.continue)}`);
    expect(names(p3).filter((n: string) => n.startsWith("cm-"))).toEqual(["cm-6"]);
    await t.request("DELETE", `${CMS}/cm-3a`);
  });

  it("honours resourceVersion/resourceVersionMatch", async () => {
    const before = await t.request("GET", CMS);
    const rv = before.json.metadata.resourceVersion;
    await t.request("POST", CMS, { body: configMap("later") });
    const exact = await t.request("GET", `${CMS}?resourceVersion=${rv}&resourceVersionMatch=Exact`);
    expect(names(exact)).not.toContain("later");
    expect(exact.json.metadata.resourceVersion).toBe(rv);
    const latest = await t.request("GET", `${CMS}?resourceVersion=0`);
    expect(names(latest)).toContain("later");
    const future = await t.request("GET", `${CMS}?resourceVersion=999999`);
    expect(future.status).toBe(504);
    expect(future.json.message).toMatch(/^Timeout: Too large resource version: 999999, current: \d+$/);
    const noRv = await t.request("GET", `${CMS}?resourceVersionMatch=Exact`);
    expect(noRv.status).toBe(422);
    expect(noRv.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  });

  it("answers 410 Expired for a revision older than the history", async () => {
    for (let i = 0; i < 60; i++) await t.request("PUT", `${CMS}/cm-0`, { body: configMap("cm-0", { n: String(i) }) });
    const r = await t.request("GET", `${CMS}?resourceVersion=2&resourceVersionMatch=Exact`);
    expect([r.status, r.json.reason, r.json.message]).toEqual([410, "Expired", "The resourceVersion for the provided list is too old."]);
  });

  it("gets one object and answers upstream's NotFound", async () => {
    expect((await t.request("GET", `${CMS}/cm-1`)).json.data).toEqual({ i: "1" });
    const r = await t.request("GET", "/api/v1/namespaces/list/pods/nope");
    expect(r.json).toEqual({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: 'pods "nope" not found', reason: "NotFound", details: { name: "nope", kind: "pods" }, code: 404 });
  });
});

describe("storage versions", () => {
  it("serves events.k8s.io/v1 Events from the core events storage", async () => {
    const core = await t.request("POST", "/api/v1/namespaces/list/events", {
      body: {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name: "e1" },
        involvedObject: { kind: "Pod", name: "p", namespace: "list" },
        reason: "Scheduled",
        message: "Successfully assigned list/p to worker-1",
        type: "Normal",
        firstTimestamp: "2026-01-01T12:00:00Z",
        lastTimestamp: "2026-01-01T12:00:00Z",
        count: 1,
        source: { component: "default-scheduler" },
      },
    });
    expect(core.status).toBe(201);
    const v1 = await t.request("GET", "/apis/events.k8s.io/v1/namespaces/list/events/e1");
    expect(v1.json).toMatchObject({ apiVersion: "events.k8s.io/v1", kind: "Event", regarding: { kind: "Pod", name: "p" }, note: "Successfully assigned list/p to worker-1", reason: "Scheduled" });
    const list = await t.request("GET", "/apis/events.k8s.io/v1/namespaces/list/events");
    expect(list.json.items[0].note).toBe("Successfully assigned list/p to worker-1");
    expect(t.cluster.store.get("/registry/events/list/e1")?.apiVersion).toBe("v1");
  });
});
