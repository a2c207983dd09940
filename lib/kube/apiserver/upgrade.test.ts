import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pod, startTestServer, type TestServer } from "./testing";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  t.server.on("upgrade", (req, socket, head) => t.cluster.upgrade(req, socket, head));
  await t.request("POST", "/api/v1/namespaces/default/pods", { body: pod("pending") });
  await t.request("POST", "/api/v1/namespaces/default/pods", { body: pod("placed", { nodeName: "worker-1" }) });
});
afterAll(() => t.close());

/** a raw WebSocket upgrade request, as kubectl 1.30+ sends for exec; resolves the raw HTTP answer */
function upgrade(path: string): Promise<string> {
  const { port } = new URL(t.base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), "127.0.0.1", () => {
      s.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${t.token}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n`,
      );
    });
    let out = "";
    s.on("data", (d) => (out += d.toString()));
    s.on("end", () => resolve(out));
    s.on("error", reject);
  });
}

describe("streaming upgrades refused before the upgrade", () => {
  it("answers exec on an unscheduled pod like upstream", async () => {
    const r = await upgrade("/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true");
    expect(r).toMatch(/^HTTP\/1\.1 400 BadRequest\r\n/);
    expect(JSON.parse(r.slice(r.indexOf("\r\n\r\n") + 4)).message).toBe("pod pending does not have a host assigned");
  });
  it("answers exec on a scheduled pod with no kubelet yet, and 404 for a missing pod", async () => {
    // the kubelet's plain-text answer; clients print "unable to upgrade connection: container not found ("nginx")"
    const r = await upgrade("/api/v1/namespaces/default/pods/placed/exec?command=ls&container=nginx&stdout=true");
    expect(r).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(r.slice(r.indexOf("\r\n\r\n") + 4)).toBe('container not found ("nginx")');
    const m = await upgrade("/api/v1/namespaces/default/pods/nope/exec?command=ls");
    expect(m).toMatch(/^HTTP\/1\.1 404 NotFound\r\n/);
  });
});
