/**
 * Test helper: a throwaway HTTPS server on 127.0.0.1 (self-signed certificate made with openssl
 * in a temp dir) serving just enough for real kubectl to run `explain` and `apply`: `/version`,
 * legacy discovery, the OpenAPI documents of this module, and strict create with
 * `fieldValidation`. Not used by the product.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findUnknownFields, strictDecodingMessage } from "../strict";
import { openapiV2, OPENAPI_V2_CONTENT_TYPE } from "../v2";
import { openapiV3Entry, openapiV3Root } from "../v3";
import { defaultResources, groupVersionPath } from "../resources";

export interface RecordedRequest {
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

export interface FakeApiServer {
  kubeconfig: string;
  dir: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function discovery(): { groups: Map<string, string[]>; lists: Map<string, { resources: object[] }> } {
  const groups = new Map<string, string[]>();
  const lists = new Map<string, { resources: object[] }>();
  for (const r of defaultResources()) {
    const gv = groupVersionPath(r.group, r.version);
    if (r.group !== "") groups.set(r.group, [...new Set([...(groups.get(r.group) ?? []), r.version])]);
    const list = lists.get(gv) ?? {
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: r.group === "" ? r.version : `${r.group}/${r.version}`,
      resources: [] as object[],
    };
    list.resources.push({
      name: r.resource,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
    });
    lists.set(gv, list);
  }
  return { groups, lists };
}

export async function startFakeApiServer(minor: string): Promise<FakeApiServer> {
  const dir = mkdtempSync(join(tmpdir(), "kubelab-openapi-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const { groups, lists } = discovery();
  const requests: RecordedRequest[] = [];
  const deployments = new Map<string, unknown>();
  const server: Server = createServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (req, res) => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const recorded: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/" };
      if (req.headers["content-type"]) recorded.contentType = req.headers["content-type"];
      requests.push(recorded);
      const json = (code: number, body: unknown) => {
        res.writeHead(code, { "Content-Type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const p = url.pathname;
      if (p === "/version") {
        return json(200, {
          major: "1",
          minor,
          gitVersion: `v1.${minor}.0`,
          gitCommit: "",
          gitTreeState: "clean",
          buildDate: "",
          goVersion: "",
          compiler: "gc",
          platform: "linux/amd64",
        });
      }
      if (p === "/api")
        return json(200, {
          kind: "APIVersions",
          versions: ["v1"],
          serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }],
        });
      if (p === "/apis") {
        const list = [...groups].map(([name, versions]) => ({
          name,
          versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
          preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
        }));
        return json(200, { kind: "APIGroupList", apiVersion: "v1", groups: list });
      }
      const list = lists.get(p.slice(1));
      if (list) return json(200, list);
      if (p === "/openapi/v3") return json(200, openapiV3Root());
      if (p.startsWith("/openapi/v3/")) {
        const entry = openapiV3Entry(p.slice("/openapi/v3/".length));
        if (!entry) return json(404, { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 });
        res.writeHead(200, { "Content-Type": "application/json", Etag: `"${entry.hash}"` });
        return res.end(entry.json);
      }
      if (p === "/openapi/v2") {
        res.writeHead(200, { "Content-Type": OPENAPI_V2_CONTENT_TYPE });
        return res.end(openapiV2());
      }
      const m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments(?:\/([^/]+))?$/.exec(p);
      if (m && req.method === "GET") {
        const existing = deployments.get(m[2] ?? "");
        if (existing) return json(200, existing);
        return json(404, {
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: `deployments.apps "${m[2]}" not found`,
          reason: "NotFound",
          details: { name: m[2], group: "apps", kind: "deployments" },
          code: 404,
        });
      }
      if (m && (req.method === "POST" || req.method === "PATCH")) {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          recorded.body = body;
          if (req.method === "PATCH") return json(200, deployments.get(m[2] ?? ""));
          const obj = JSON.parse(body) as { metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string } };
          const unknown =
            url.searchParams.get("fieldValidation") === "Strict"
              ? findUnknownFields({ group: "apps", version: "v1", kind: "Deployment" }, obj)
              : [];
          if (unknown.length > 0) {
            return json(400, {
              kind: "Status",
              apiVersion: "v1",
              metadata: {},
              status: "Failure",
              message: `Deployment in version "v1" cannot be handled as a Deployment: ${strictDecodingMessage(unknown)}`,
              reason: "BadRequest",
              code: 400,
            });
          }
          obj.metadata = { ...obj.metadata, namespace: m[1], uid: "0b6e4f6a-0000-4000-8000-000000000001", resourceVersion: "1" };
          deployments.set(obj.metadata.name, obj);
          json(201, obj);
        });
        return;
      }
      json(404, {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: "the server could not find the requested resource",
        reason: "NotFound",
        code: 404,
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(
    kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      `- cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}`,
      "  name: fake",
      "users:",
      "- name: fake",
      "  user: {token: test}",
      "contexts:",
      "- context: {cluster: fake, user: fake, namespace: default}",
      "  name: fake",
      "current-context: fake",
      "",
    ].join("\n"),
  );
  return {
    kubeconfig,
    dir,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
