import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { KubeObject } from "../../api/types";
import { createCluster } from "../../cluster";
import { SteppingClock } from "../../kubelet/testing";

describe("createCluster with components", () => {
  it("serves exec in a scheduled pod, with the data path behind wget", async () => {
    const clock = new SteppingClock(Date.UTC(2026, 10, 27, 13, 0, 0));
    const cluster = await createCluster({ token: "tok", clock, components: true });
    const server = createServer((req, res) => cluster.handle(req, res));
    server.on("upgrade", (req, socket, head) => cluster.upgrade(req, socket, head));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const pods = { group: "", version: "v1", resource: "pods" };
      await cluster.apiServer.loopback.create(pods, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "bb" }, spec: { containers: [{ name: "bb", image: "busybox", command: ["sleep", "infinity"] }] } } as KubeObject);
      for (let i = 0; i < 40; i++) {
        await cluster.settle();
        const next = clock.nextDue();
        if (next === undefined) break;
        clock.advance(Math.max(0, next - clock.now()));
      }
      await cluster.settle();
      const port = (server.address() as AddressInfo).port;
      const run = (cmd: string[]) =>
        new Promise<string>((resolve, reject) => {
          const q = cmd.map((c) => `command=${encodeURIComponent(c)}`).join("&");
          const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/bb/exec?${q}&stdout=true&stderr=true`, ["v5.channel.k8s.io"], { headers: { Authorization: "Bearer tok" } });
          let out = "";
          ws.on("message", (d: Buffer) => (out += d[0] === 3 ? `[status ${JSON.parse(d.subarray(1).toString()).status}]` : d.subarray(1).toString()));
          ws.on("close", () => resolve(out));
          ws.on("error", reject);
        });
      expect(await run(["hostname"])).toBe("bb\n[status Success]");
      // no Service "nope" and no DNS answer for it: busybox's message
      expect(await run(["wget", "-qO-", "http://nope"])).toBe("wget: bad address 'nope'\n[status Failure]");
    } finally {
      cluster.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
