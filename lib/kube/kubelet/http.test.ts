import { describe, expect, it } from "vitest";
import { startTestServer } from "../apiserver/testing";
import { InformerFactory, WorkTracker, seededRandom } from "../client";
import { nodeNames } from "../cluster";
import { createKubelets } from "./fleet";
import { SteppingClock } from "./testing";

describe("logs over HTTP", () => {
  it("GET pods/x/log serves the kubelet's logs and its errors", async () => {
    const clock = new SteppingClock(Date.UTC(2026, 10, 27, 13, 0, 0));
    const { components, logSource } = createKubelets(nodeNames(3));
    const srv = await startTestServer({ clock, logSource });
    const client = srv.cluster.apiServer.loopback;
    const informers = new InformerFactory(client);
    const tracker = new WorkTracker();
    for (const c of components) await c.start({ client, informers, clock, trace: srv.cluster.trace, tracker, random: seededRandom(3) });
    await informers.start();
    const run = async (ms: number) => {
      const target = clock.now() + ms;
      for (let next = clock.nextDue(); next !== undefined && next <= target; next = clock.nextDue()) {
        clock.advance(next - clock.now());
        await tracker.settle();
      }
      clock.advance(target - clock.now());
      await tracker.settle();
    };
    try {
      await client.create({ group: "", version: "v1", resource: "pods" }, "default", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "two" },
        spec: { nodeName: "worker-1", containers: [{ name: "a", image: "busybox", command: ["sh", "-c", "echo one; echo two; sleep 3600"] }, { name: "b", image: "nginx" }] },
      } as never);
      await tracker.settle();
      let r = await srv.request("GET", "/api/v1/namespaces/default/pods/two/log?container=a");
      expect(r.status).toBe(400);
      expect(r.json.message).toBe('container "a" in pod "two" is waiting to start: ContainerCreating');
      r = await srv.request("GET", "/api/v1/namespaces/default/pods/two/log");
      expect(r.json.message).toBe("a container name must be specified for pod two, choose one of: [a b]");
      await run(4000);
      r = await srv.request("GET", "/api/v1/namespaces/default/pods/two/log?container=a&tailLines=1");
      expect(r.status).toBe(200);
      expect(r.text).toBe("two\n");
      r = await srv.request("GET", "/api/v1/namespaces/default/pods/two/log?container=a&previous=true");
      expect(r.json).toMatchObject({ reason: "BadRequest", message: 'previous terminated container "a" in pod "two" not found' });
    } finally {
      for (const c of components) c.stop();
      informers.stop();
      await srv.close();
    }
  });
});
