import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configMap, startTestServer, type TestServer } from "./testing";

let t: TestServer;
const NS = "/api/v1/namespaces/w";
beforeAll(async () => {
  t = await startTestServer({ historyLimit: 40 });
  await t.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "w" } } });
  await t.request("POST", `${NS}/configmaps`, { body: configMap("first", {}, { app: "a" }) });
});
afterAll(() => t.close());

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

describe("watch", () => {
  it("streams the current state as ADDED for resourceVersion 0, then changes, one JSON line per event", async () => {
    const s = await t.stream(`${NS}/configmaps?watch=true&resourceVersion=0`);
    expect(s.status).toBe(200);
    expect(s.headers["content-type"]).toBe("application/json");
    expect(s.headers["transfer-encoding"]).toBe("chunked");
    await s.waitFor(2);
    expect(s.events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "first"],
      ["ADDED", "kube-root-ca.crt"],
    ]);
    await t.request("POST", `${NS}/configmaps`, { body: configMap("second") });
    await t.request("DELETE", `${NS}/configmaps/second`);
    await s.waitFor(4);
    expect(s.events.slice(2).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "second"],
      ["DELETED", "second"],
    ]);
    expect(s.events[2].object.kind).toBe("ConfigMap");
    s.close();
  });

  it("sends only changes after a given resourceVersion", async () => {
    const rv = (await t.request("GET", `${NS}/configmaps`)).json.metadata.resourceVersion;
    await t.request("POST", `${NS}/configmaps`, { body: configMap("after") });
    const s = await t.stream(`${NS}/configmaps?watch=true&resourceVersion=${rv}`);
    await s.waitFor(1);
    expect(s.events.map((e) => [e.type, e.object.metadata.name])).toEqual([["ADDED", "after"]]);
    s.close();
  });

  it("turns selector transitions into ADDED/DELETED", async () => {
    const s = await t.stream(`${NS}/configmaps?watch=true&labelSelector=app%3Da`);
    await s.waitFor(1);
    const cur = (await t.request("GET", `${NS}/configmaps/first`)).json;
    await t.request("PUT", `${NS}/configmaps/first`, { body: { ...cur, metadata: { ...cur.metadata, labels: { app: "b" } } } });
    await s.waitFor(2);
    expect(s.events[1].type).toBe("DELETED");
    const cur2 = (await t.request("GET", `${NS}/configmaps/first`)).json;
    await t.request("PUT", `${NS}/configmaps/first`, { body: { ...cur2, metadata: { ...cur2.metadata, labels: { app: "a" } } } });
    await s.waitFor(3);
    expect(s.events[2].type).toBe("ADDED");
    s.close();
  });

  it("sends Table events with column definitions only in the first", async () => {
    const s = await t.stream(`${NS}/configmaps?watch=true&resourceVersion=0`, { headers: { accept: TABLE } });
    await s.waitFor(2);
    const [a, b] = s.events;
    expect(a.object.kind).toBe("Table");
    expect(a.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(["Name", "Data", "Age"]);
    expect(a.object.rows).toHaveLength(1);
    expect(a.object.rows[0].object.kind).toBe("PartialObjectMetadata");
    expect(b.object.columnDefinitions).toBeNull();
    s.close();
  });

  it("answers a too-old resourceVersion with one 410 Expired ERROR event and ends", async () => {
    for (let i = 0; i < 45; i++) await t.request("PUT", `${NS}/configmaps/after`, { body: configMap("after", { n: String(i) }) });
    const s = await t.stream(`${NS}/configmaps?watch=true&resourceVersion=3`);
    await s.ended;
    expect(s.events).toHaveLength(1);
    expect(s.events[0].type).toBe("ERROR");
    expect(s.events[0].object).toMatchObject({ kind: "Status", status: "Failure", reason: "Expired", code: 410 });
    expect(s.events[0].object.message).toMatch(/^too old resource version: 3 \(\d+\)$/);
  });

  it("sends BOOKMARKs every minute of cluster time and ends at timeoutSeconds", async () => {
    const rv = t.cluster.store.revision();
    const s = await t.stream(`${NS}/configmaps?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=150`);
    t.clock.advance(60_000);
    await s.waitFor(1);
    expect(s.events[0]).toEqual({ type: "BOOKMARK", object: { kind: "ConfigMap", apiVersion: "v1", metadata: { resourceVersion: String(rv) } } });
    t.clock.advance(60_000);
    await s.waitFor(2);
    t.clock.advance(30_000);
    await s.ended;
    expect(s.events).toHaveLength(2);
    expect(t.clock.pending()).toBe(0);
  });

  it("sends initial events then an initial-events-end bookmark for sendInitialEvents", async () => {
    const s = await t.stream(`${NS}/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=`);
    await s.waitFor(4);
    const last = s.events.findIndex((e) => e.type === "BOOKMARK");
    expect(s.events.slice(0, last).every((e) => e.type === "ADDED")).toBe(true);
    expect(s.events[last].object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
    s.close();
  });

  it("releases the watch when the client goes away", async () => {
    const s = await t.stream(`${NS}/configmaps?watch=true`);
    expect(t.cluster.apiServer.watchCount()).toBeGreaterThan(0);
    s.close();
    // the server sees the socket close on a later turn of the event loop (no timers involved)
    for (let i = 0; i < 10_000 && t.cluster.apiServer.watchCount() > 0; i++) await new Promise((r) => setImmediate(r));
    expect(t.cluster.apiServer.watchCount()).toBe(0);
  });
});
