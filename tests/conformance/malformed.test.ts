/**
 * Raw HTTPS requests with malformed or unacceptable input against the served cluster: each gets
 * a 4xx Status with upstream's message (handlers/create.go transformDecodeError, handlers/patch.go,
 * the selector parsers, the body limit), and the server keeps serving afterwards. The messages
 * are kube-apiserver 1.33's; Go's encoding/json syntax errors come from ./go-json in the server.
 */
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConformanceCluster, type ConformanceCluster } from "./harness";

let c: ConformanceCluster;
beforeAll(async () => {
  c = await startConformanceCluster();
});
afterAll(async () => c?.close());

interface Reply {
  status: number;
  body: { kind?: string; status?: string; reason?: string; message?: string; code?: number; metadata?: { name?: string } };
}

function send(method: string, path: string, body?: string | Buffer, contentType = "application/json"): Promise<Reply> {
  const url = new URL(c.url + path);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: c.caPem, headers: { authorization: `Bearer ${c.token}`, accept: "application/json", ...(body !== undefined ? { "content-type": contentType } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Reply["body"] });
          } catch {
            reject(new Error(`${method} ${path}: not JSON (${res.statusCode}): ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const CMS = "/api/v1/namespaces/default/configmaps";
const DEPLOYS = "/apis/apps/v1/namespaces/default/deployments";

function expectStatus(r: Reply, code: number, reason: string, message: string | RegExp): void {
  expect(r.status).toBe(code);
  expect(r.body).toMatchObject({ kind: "Status", status: "Failure", code, reason });
  if (typeof message === "string") expect(r.body.message).toBe(message);
  else expect(r.body.message).toMatch(message);
}

describe("malformed input gets a 4xx Status and the server keeps serving", () => {
  it("rejects malformed JSON, YAML and protobuf bodies", async () => {
    expectStatus(
      await send("POST", CMS, "{bad"),
      400,
      "BadRequest",
      "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'b' looking for beginning of object key string ({bad)",
    );
    expectStatus(
      await send("POST", CMS, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},}'),
      400,
      "BadRequest",
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"apiVersion":"v1","kind":"Con ...)`,
    );
    // the YAML parser's own wording differs from go-yaml's; the frame and the hex summary do not
    expectStatus(await send("POST", CMS, "metadata: [unclosed", "application/yaml"), 400, "BadRequest", /^the object provided is unrecognized \(must be of type ConfigMap\): error converting YAML to JSON: yaml: line \d+: .+ \(6d657461646174613a205b756e636c6f736564\)$/);
    expectStatus(await send("POST", CMS, Buffer.from([1, 2, 3, 4, 5]), "application/vnd.kubernetes.protobuf"), 400, "BadRequest", /^the object provided is unrecognized \(must be of type ConfigMap\): .+ \(0102030405\)$/);
  });

  it("rejects an unknown kind and a wrong apiVersion", async () => {
    expectStatus(
      await send("POST", CMS, JSON.stringify({ apiVersion: "v1", kind: "Foo", metadata: { name: "f" } })),
      400,
      "BadRequest",
      'Foo in version "v1" cannot be handled as a ConfigMap: no kind "Foo" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    expectStatus(
      await send("POST", CMS, JSON.stringify({ apiVersion: "v2", kind: "ConfigMap", metadata: { name: "f" } })),
      400,
      "BadRequest",
      'ConfigMap in version "v2" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "v2" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    expectStatus(
      await send("POST", DEPLOYS, JSON.stringify({ apiVersion: "apps/v2", kind: "Deployment", metadata: { name: "d" } })),
      400,
      "BadRequest",
      'Deployment in version "v2" cannot be handled as a Deployment: no kind "Deployment" is registered for version "apps/v2" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  it("answers 413 for an oversized body", async () => {
    const big = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { k: "x".repeat(3 * 1024 * 1024) } });
    expectStatus(await send("POST", CMS, big), 413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
  });

  it("rejects bad label and field selectors", async () => {
    expectStatus(await send("GET", `${CMS}?labelSelector=${encodeURIComponent("app in (a")}`), 400, "BadRequest", "unable to parse requirement: found '', expected: ',' or ')'");
    expectStatus(await send("GET", `${CMS}?labelSelector=${encodeURIComponent("a b")}`), 400, "BadRequest", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expectStatus(await send("GET", `/api/v1/namespaces/default/pods?fieldSelector=${encodeURIComponent("spec.foo=bar")}`), 400, "BadRequest", "field label not supported: spec.foo");
  });

  it("rejects bad JSON, merge and strategic merge patches", async () => {
    expect((await send("POST", CMS, JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "target" }, data: { a: "1" } }))).status).toBe(201);
    const target = `${CMS}/target`;
    expectStatus(await send("PATCH", target, "[bad", "application/json-patch+json"), 400, "BadRequest", "invalid character 'b' looking for beginning of value");
    expectStatus(await send("PATCH", target, '{"op":"add"}', "application/json-patch+json"), 400, "BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    expectStatus(await send("PATCH", target, "{oops", "application/merge-patch+json"), 400, "BadRequest", "invalid character 'o' looking for beginning of object key string");
    expectStatus(await send("PATCH", target, '{"data":{"a":"2"}', "application/strategic-merge-patch+json"), 400, "BadRequest", "unexpected end of JSON input");
    expectStatus(await send("PATCH", target, '{"data":1}x', "application/strategic-merge-patch+json"), 400, "BadRequest", "invalid character 'x' after top-level value");
    const failing = await send("PATCH", target, '[{"op":"replace","path":"/data/missing","value":"x"}]', "application/json-patch+json");
    expect([failing.status, failing.body.reason]).toEqual([422, "Invalid"]);
    expect((await send("PATCH", target, "{}", "text/plain")).status).toBe(415);
  });

  it("still serves after all of it, and nothing malformed was stored", async () => {
    const list = await send("GET", CMS);
    expect(list.status).toBe(200);
    const created = await send("POST", CMS, JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after" }, data: { ok: "yes" } }));
    expect([created.status, created.body.metadata?.name]).toEqual([201, "after"]);
    const target = await send("GET", `${CMS}/target`);
    expect((target.body as { data?: Record<string, string> }).data).toEqual({ a: "1" });
  });
});
