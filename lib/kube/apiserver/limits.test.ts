import { describe, expect, it } from "vitest";
import { TokenBucket } from "./limits";
import { FakeClock } from "../clock";
import { configMap, startTestServer } from "./testing";

describe("limits", () => {
  it("refills the token bucket on the cluster clock", () => {
    const clock = new FakeClock();
    const b = new TokenBucket(clock, 2, 3);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    clock.advance(500);
    expect([b.take(), b.take()]).toEqual([true, false]);
  });

  it("answers 429 past the request rate, 403 past the object limit, 429 past the watch limit", async () => {
    const probe = await startTestServer();
    const bootstrapped = probe.cluster.store.count("/registry/");
    await probe.close();
    const t = await startTestServer({ limits: { requestsPerSecond: 1, burst: 5, maxObjects: bootstrapped, maxWatches: 1 } });
    try {
      const objects = t.cluster.store.count("/registry/");
      expect(objects).toBe(bootstrapped);
      const forbidden = await t.request("POST", "/api/v1/namespaces/default/configmaps", { body: configMap("over") });
      expect(forbidden.status).toBe(403);
      expect(forbidden.json.message).toBe(`configmaps "over" is forbidden: exceeded the cluster's object limit of ${bootstrapped}`);
      expect(t.cluster.store.count("/registry/")).toBe(objects);
      const w = await t.stream("/api/v1/namespaces/default/configmaps?watch=true");
      const second = await t.request("GET", "/api/v1/namespaces/default/configmaps?watch=true");
      expect(second.status).toBe(429);
      w.close();
      let last = 0;
      for (let i = 0; i < 5; i++) last = (await t.request("GET", "/api/v1/namespaces")).status;
      expect(last).toBe(429);
      const r = await t.request("GET", "/api/v1/namespaces");
      expect([r.status, r.json.reason, r.headers["retry-after"]]).toEqual([429, "TooManyRequests", "1"]);
      t.clock.advance(1000);
      expect((await t.request("GET", "/api/v1/namespaces")).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("shutdown", () => {
  it("ends watches on close and answers 503 afterwards", async () => {
    const t = await startTestServer();
    try {
      const w = await t.stream("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0");
      await w.waitFor(1);
      t.cluster.close();
      await w.ended;
      const r = await t.request("GET", "/api/v1/namespaces");
      expect([r.status, r.json.reason, r.json.message]).toEqual([503, "ServiceUnavailable", "the cluster has been shut down"]);
    } finally {
      await t.close();
    }
  });
});
