import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApplyResult } from "./editor";
import { SANDBOX, startRoutes, type RoutesHarness } from "./editor-testing";

let h: RoutesHarness;
beforeAll(async () => {
  h = await startRoutes({ editor: { limits: { maxFileBytes: 4096, maxFiles: 5 }, maxApplyBytes: 64 * 1024 } });
});
afterAll(async () => h.close());

const url = (rest: string) => `${h.base}/api/sandboxes/${SANDBOX}/${rest}`;

async function apply(yaml: string, filename = "web.yaml"): Promise<ApplyResult> {
  const res = await fetch(url("apply"), { method: "POST", headers: h.json, body: JSON.stringify({ yaml, filename }) });
  expect(res.status).toBe(200);
  return (await res.json()) as ApplyResult;
}

const deployment = (replicas: number, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
${extra}`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

describe("POST /apply", () => {
  it("prints created, then unchanged, then configured like kubectl apply", async () => {
    const first = await apply(`${deployment(2)}---\n${service}`);
    expect(first.items.map((i) => i.text)).toEqual(["deployment.apps/web created", "service/web created"]);
    expect(first.ok).toBe(true);
    expect(first.items[1]!.line).toBe(21); // the Service document starts after the separator

    const live = await h.cluster.apiServer.loopback.get({ group: "apps", version: "v1", resource: "deployments" }, "default", "web");
    expect(live.metadata.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toContain('"replicas":2');
    expect((live.spec as { replicas: number }).replicas).toBe(2);

    await h.advance(2000); // controllers and kubelets change status; apply must still say unchanged
    const again = await apply(`${deployment(2)}---\n${service}`);
    expect(again.items.map((i) => i.text)).toEqual(["deployment.apps/web unchanged", "service/web unchanged"]);

    const scaled = await apply(deployment(3));
    expect(scaled.items.map((i) => [i.outcome, i.text])).toEqual([["configured", "deployment.apps/web configured"]]);
    const after = await h.cluster.apiServer.loopback.get({ group: "apps", version: "v1", resource: "deployments" }, "default", "web");
    expect((after.spec as { replicas: number }).replicas).toBe(3);
  });

  it("removes what the last applied configuration had and the new one drops (three-way)", async () => {
    await apply(deployment(3).replace("    app: web\nspec:", "    app: web\n    tier: front\nspec:"));
    const withTier = await h.cluster.apiServer.loopback.get({ group: "apps", version: "v1", resource: "deployments" }, "default", "web");
    expect(withTier.metadata.labels).toEqual({ app: "web", tier: "front" });
    const res = await apply(deployment(3));
    expect(res.items[0]!.text).toBe("deployment.apps/web configured");
    const without = await h.cluster.apiServer.loopback.get({ group: "apps", version: "v1", resource: "deployments" }, "default", "web");
    expect(without.metadata.labels).toEqual({ app: "web" });
    expect((await apply(deployment(3))).items[0]!.text).toBe("deployment.apps/web unchanged");
  });

  it("reports malformed YAML with its line and applies nothing", async () => {
    const res = await apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [1, 2\n  b: c\n");
    expect(res.ok).toBe(false);
    expect(res.items).toHaveLength(1);
    expect(res.items[0]!.text).toMatch(/^error: error parsing web\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    expect(res.items[0]!.line).toBeGreaterThanOrEqual(6);
    await expect(
      h.cluster.apiServer.loopback.get({ group: "", version: "v1", resource: "configmaps" }, "default", "broken"),
    ).rejects.toMatchObject({ code: 404 });
  });

  it("points a strict-decoding error at the unknown field's line", async () => {
    const yaml = deployment(1)
      .replace("image: nginx:1.27", "image: nginx:1.27\n          imagePullPolice: Always")
      .replace("name: web", "name: strict");
    const res = await apply(yaml);
    const item = res.items[0]!;
    expect(item.ok).toBe(false);
    expect(item.text).toBe(
      'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolice"',
    );
    expect(item.field).toBe("spec.template.spec.containers[0].imagePullPolice");
    expect(item.line).toBe(yaml.split("\n").findIndex((l) => l.includes("imagePullPolice")) + 1);
  });

  it("points a validation error (422 Invalid) at the field's line", async () => {
    const yaml = `apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-svc\nspec:\n  ports:\n    - name: a\n      port: 80\n    - name: b\n      port: 99999\n`;
    const res = await apply(yaml, "svc.yaml");
    const item = res.items[0]!;
    expect(item.ok).toBe(false);
    expect(item.text).toMatch(
      /^Error from server \(Invalid\): error when creating "svc\.yaml": Service "bad-svc" is invalid: \[spec\.ports\[1\]\.port: Invalid value: 99999: must be between 1 and 65535, inclusive/,
    );
    expect(item.field).toBe("spec.ports[1].port");
    expect(item.line).toBe(10);
  });

  it("names unknown kinds like kubectl's resource mapping error, and keeps applying the other documents", async () => {
    const res = await apply(
      `apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n`,
    );
    expect(res.ok).toBe(false);
    expect(res.items[0]).toMatchObject({ ok: false, line: 2 });
    expect(res.items[0]!.text).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "web.yaml": no matches for kind "Deployment" in version "apps/v2"\nensure CRDs are installed first',
    );
    expect(res.items[1]).toMatchObject({ ok: true, text: "configmap/after created", line: 6 });
  });

  it("applies cluster-scoped kinds and objects in other namespaces", async () => {
    const res = await apply(
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team-a\ndata:\n  mode: fast\n",
    );
    expect(res.items.map((i) => i.text)).toEqual(["namespace/team-a created", "configmap/settings created"]);
    const cm = await h.cluster.apiServer.loopback.get({ group: "", version: "v1", resource: "configmaps" }, "team-a", "settings");
    expect(cm.data).toEqual({ mode: "fast" });
    const missing = await apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lost\n  namespace: nowhere\n");
    expect(missing.items[0]!.text).toBe('Error from server (NotFound): error when creating "web.yaml": namespaces "nowhere" not found');
  });

  it("refuses cross-origin, non-JSON and oversized requests", async () => {
    const body = JSON.stringify({ yaml: service });
    expect(
      (await fetch(url("apply"), { method: "POST", headers: { "content-type": "application/json", origin: "https://evil.example" }, body }))
        .status,
    ).toBe(403);
    expect((await fetch(url("apply"), { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(403);
    expect((await fetch(url("apply"), { method: "POST", headers: { "content-type": "text/plain", origin: h.base }, body })).status).toBe(
      415,
    );
    const huge = JSON.stringify({ yaml: `# ${"x".repeat(70 * 1024)}\n` });
    expect((await fetch(url("apply"), { method: "POST", headers: h.json, body: huge })).status).toBe(413);
  });

  it("answers 404 for a sandbox that is not the learner's", async () => {
    const res = await fetch(`${h.base}/api/sandboxes/someone-else/apply`, {
      method: "POST",
      headers: h.json,
      body: JSON.stringify({ yaml: service }),
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${h.base}/api/sandboxes/someone-else/files`)).status).toBe(404);
  });
});

describe("workspace files", () => {
  it("saves, lists, reads, renames and deletes files", async () => {
    const put = await fetch(url("files/app.yaml"), { method: "PUT", headers: h.json, body: JSON.stringify({ content: service }) });
    expect(put.status).toBe(200);
    expect(readFileSync(join(h.workspace, "app.yaml"), "utf8")).toBe(service);
    const list = (await (await fetch(url("files"))).json()) as { files: { name: string; size: number }[] };
    expect(list.files).toContainEqual(expect.objectContaining({ name: "app.yaml", size: Buffer.byteLength(service) }));
    expect(await (await fetch(url("files/app.yaml"))).json()).toEqual({ name: "app.yaml", content: service });
    const ren = await fetch(url("files/app.yaml"), { method: "PATCH", headers: h.json, body: JSON.stringify({ name: "svc.yaml" }) });
    expect(ren.status).toBe(200);
    expect((await fetch(url("files/app.yaml"))).status).toBe(404);
    expect((await fetch(url("files/svc.yaml"), { method: "DELETE", headers: { origin: h.base } })).status).toBe(204);
    expect((await fetch(url("files/svc.yaml"))).status).toBe(404);
  });

  it("stays inside the workspace: no .., absolute paths, folders, hidden files or symlinks out", async () => {
    const outside = mkdtempSync(join(tmpdir(), "kubelab-outside-"));
    writeFileSync(join(outside, "secret.txt"), "top secret");
    symlinkSync(join(outside, "secret.txt"), join(h.workspace, "link.yaml"));
    mkdirSync(join(h.workspace, "sub"));
    try {
      for (const name of ["..%2Fsecret.txt", "%2Fetc%2Fpasswd", ".hidden", "a%00b", "sub%2Fx.yaml", "a..b", "%E0%A4%A"]) {
        const res = await fetch(url(`files/${name}`));
        expect(res.status, name).toBe(400);
        const put = await fetch(url(`files/${name}`), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "x" }) });
        expect(put.status, name).toBe(400);
      }
      expect((await fetch(`${h.base}/api/sandboxes/${SANDBOX}/files/../../etc/passwd`)).status).not.toBe(200);
      const link = await fetch(url("files/link.yaml"));
      expect(link.status).toBe(403);
      expect(await link.text()).not.toContain("top secret");
      const names = ((await (await fetch(url("files"))).json()) as { files: { name: string }[] }).files.map((f) => f.name);
      expect(names).not.toContain("link.yaml");
      expect(names).not.toContain("sub");
      // saving over the symlink replaces the link; the target outside is untouched
      expect(
        (await fetch(url("files/link.yaml"), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "mine" }) })).status,
      ).toBe(200);
      expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("top secret");
      expect(readFileSync(join(h.workspace, "link.yaml"), "utf8")).toBe("mine");
      expect((await fetch(url("files/sub"), { method: "DELETE", headers: { origin: h.base } })).status).toBe(409);
    } finally {
      rmSync(join(h.workspace, "link.yaml"), { force: true });
      rmSync(join(h.workspace, "sub"), { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("enforces the file size and file count limits", async () => {
    const big = await fetch(url("files/big.yaml"), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "a".repeat(4097) }) });
    expect(big.status).toBe(413);
    writeFileSync(join(h.workspace, "planted.yaml"), "b".repeat(5000));
    expect((await fetch(url("files/planted.yaml"))).status).toBe(413);
    rmSync(join(h.workspace, "planted.yaml"));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(url(`files/f${i}.yaml`), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "x: 1\n" }) });
      expect(res.status).toBe(200);
    }
    const sixth = await fetch(url("files/f5.yaml"), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "x: 1\n" }) });
    expect(sixth.status).toBe(409);
    expect(((await sixth.json()) as { error: string }).error).toBe("too_many_files");
    // overwriting an existing file is still allowed at the limit
    expect(
      (await fetch(url("files/f0.yaml"), { method: "PUT", headers: h.json, body: JSON.stringify({ content: "x: 2\n" }) })).status,
    ).toBe(200);
    for (let i = 0; i < 5; i++) await fetch(url(`files/f${i}.yaml`), { method: "DELETE", headers: { origin: h.base } });
  });

  it("refuses writes from another site", async () => {
    const res = await fetch(url("files/x.yaml"), {
      method: "PUT",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ content: "x" }),
    });
    expect(res.status).toBe(403);
    expect((await fetch(url("files/x.yaml"), { method: "DELETE", headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
  });
});
