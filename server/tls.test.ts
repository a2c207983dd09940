import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCertificateAuthority, issueServerCertificate } from "../lib/kube/pki/index";
import { createDualServer, isTls, type DualServer } from "./tls";

let dual: DualServer;
let port: number;
let caPem: string;

function echo(req: http.IncomingMessage, res: http.ServerResponse) {
  let n = 0;
  req.on("data", (c: Buffer) => (n += c.length));
  req.on("end", () => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ tls: isTls(req), url: req.url, bytes: n }));
  });
}

function httpsGet(path: string, body?: Buffer): Promise<{ status: number; json: { tls: boolean; url: string; bytes: number } }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port, path, method: body ? "POST" : "GET", ca: caPem, servername: "localhost" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const ca = await createCertificateAuthority();
  const cert = await issueServerCertificate(ca);
  caPem = ca.certPem;
  dual = createDualServer(http.createServer(echo), cert);
  await dual.listen(0, "127.0.0.1");
  port = (dual.listener.address() as AddressInfo).port;
});
afterAll(() => dual.close());

describe("one port for HTTP and HTTPS", () => {
  it("serves plain HTTP (keep-alive, large bodies) to the app", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/a?i=${i}`, { method: "POST", body: Buffer.alloc(2_000_000 + i, 1) });
      expect(await res.json()).toEqual({ tls: false, url: `/a?i=${i}`, bytes: 2_000_000 + i });
    }
  });

  it("serves HTTPS with the platform certificate on the same port", async () => {
    expect(await httpsGet("/k8s/x/api")).toEqual({ status: 200, json: { tls: true, url: "/k8s/x/api", bytes: 0 } });
    expect((await httpsGet("/big", Buffer.alloc(1_500_000, 2))).json.bytes).toBe(1_500_000);
  });

  it("refuses a client that does not trust the CA", async () => {
    await expect(
      new Promise((resolve, reject) => https.get({ host: "127.0.0.1", port, path: "/" }, resolve).on("error", reject)),
    ).rejects.toThrow(/self-signed|unable to verify|certificate/);
  });
});
