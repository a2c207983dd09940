import { afterEach, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { CLIENT_IP_HEADER, REQUEST_URL_HEADER, createPlatformServer, healthRoute } from "./http";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function listen(trustProxy: boolean): Promise<string> {
  server = createPlatformServer({
    routes: [healthRoute()],
    trustProxy,
    fallback(req, res) {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          ip: req.headers[CLIENT_IP_HEADER],
          url: req.headers[REQUEST_URL_HEADER],
          forwardedHost: req.headers["x-forwarded-host"] ?? null,
        }),
      );
    },
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe("platform HTTP server", () => {
  it("answers /healthz itself and hands everything else to the fallback (Next)", async () => {
    const base = await listen(false);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${base}/courses/x?y=1`)).json()).toMatchObject({ url: "/courses/x?y=1" });
  });

  it("sets the client address from the socket and ignores spoofed headers", async () => {
    const base = await listen(false);
    const body = await (
      await fetch(`${base}/`, { headers: { [CLIENT_IP_HEADER]: "6.6.6.6", "x-forwarded-for": "7.7.7.7", "x-forwarded-host": "evil.example" } })
    ).json();
    expect(body).toEqual({ ip: "127.0.0.1", url: "/", forwardedHost: null });
  });

  it("behind a trusted proxy, takes the first X-Forwarded-For address", async () => {
    const base = await listen(true);
    const body = await (await fetch(`${base}/`, { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } })).json();
    expect(body.ip).toBe("203.0.113.9");
  });

  it("turns a failing handler into a 500", async () => {
    server = createPlatformServer({
      routes: [],
      trustProxy: false,
      fallback: async () => {
        throw new Error("boom");
      },
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.status).toBe(500);
  });
});
