/**
 * The platform server with sandboxes, started in-process (server/main.ts start(), production
 * Next build, fresh SQLite in a temp data dir): browser endpoints, the per-sandbox Kubernetes
 * API over TLS on the same port, isolation between learners, the real kubectl with a downloaded
 * kubeconfig, and a restart that keeps the learner's objects.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findFreePort } from "../tests/e2e/support/platform";
import type { RunningPlatform } from "./main";

const run = promisify(execFile);
const LESSON = { course: "kubernetes-behind-the-scenes", lesson: "kubernetes-behind-the-scenes/control-plane/what-happens-on-apply" };

let dir: string;
let port: number;
let platform: RunningPlatform | undefined;
let base: string;

async function startPlatform(): Promise<RunningPlatform> {
  const { start } = await import("./main");
  platform = await start({ dev: false, build: false, app: false });
  return platform;
}

class Browser {
  private cookies = new Map<string, string>();
  async fetch(p: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(`${base}${p}`, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  async signIn(email: string, password: string): Promise<void> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/" }),
    });
    expect(res.status).toBe(200);
    expect([...this.cookies.keys()].some((k) => k.includes("session-token"))).toBe(true);
  }
  post(p: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(p, { method: "POST", headers: { "content-type": "application/json", origin: base, ...headers }, body: JSON.stringify(body) });
  }
}

async function kubectl(kubeconfig: string, args: string[], binary = "kubectl"): Promise<string> {
  const { stdout } = await run(binary, ["--kubeconfig", kubeconfig, ...args], { env: { PATH: process.env.PATH, HOME: dir } as unknown as NodeJS.ProcessEnv, timeout: 30_000, encoding: "utf8" });
  return stdout;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((d) => existsSync(path.join(d, binary)));
}

/** a raw HTTPS request to the platform's port, trusting the platform CA */
function api(pathname: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: "127.0.0.1", port, path: pathname, ca: platform!.caPem, servername: "localhost", headers: token ? { authorization: `Bearer ${token}` } : {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

const alice = new Browser();
const bob = new Browser();
let aliceSandbox: { id: string; apiUrl: string; nodes: string[] };
let aliceKubeconfig: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "kubelab-server-"));
  port = await findFreePort();
  Object.assign(process.env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${path.join(dir, "kubelab.db")}`,
    KUBELAB_DATA_DIR: dir,
    KUBELAB_DEMO_ACCOUNT: "true",
  });
  await startPlatform();
  base = `http://127.0.0.1:${port}`;
  const { getDb } = await import("../lib/db/index");
  const { createUser } = await import("../lib/auth/users");
  await createUser(getDb(), { name: "Bob", email: "bob@example.test", password: "bob-password-123" });
  await alice.signIn("instructor@kubelab.local", "kubelab-demo");
  await bob.signIn("bob@example.test", "bob-password-123");
}, 180_000);

afterAll(async () => {
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("sandboxes served by the platform", () => {
  it("creates the learner's sandbox for a lesson; refuses anonymous and cross-site requests", async () => {
    expect((await new Browser().post("/api/sandboxes", LESSON)).status).toBe(401);
    expect((await alice.post("/api/sandboxes", LESSON, { origin: "https://evil.example" })).status).toBe(403);
    expect((await alice.post("/api/sandboxes", { course: LESSON.course, lesson: "kubernetes-behind-the-scenes/x/y" })).status).toBe(404);
    const res = await alice.post("/api/sandboxes", LESSON);
    expect(res.status).toBe(200);
    aliceSandbox = (await res.json()) as typeof aliceSandbox;
    expect(aliceSandbox.apiUrl).toBe(`https://127.0.0.1:${port}/k8s/${aliceSandbox.id}`);
    expect(aliceSandbox.nodes).toEqual(["control-plane", "worker-1", "worker-2"]);
    expect(((await (await alice.post("/api/sandboxes", LESSON)).json()) as { id: string }).id).toBe(aliceSandbox.id);
  });

  it("downloads a kubeconfig that the real kubectl uses over TLS", async () => {
    const res = await alice.fetch(`/api/sandboxes/${aliceSandbox.id}/kubeconfig`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="kubelab-kubernetes-behind-the-scenes.kubeconfig"');
    aliceKubeconfig = path.join(dir, "alice.kubeconfig");
    writeFileSync(aliceKubeconfig, await res.text());
    const out = await kubectl(aliceKubeconfig, ["get", "nodes"]);
    expect(out.split("\n")[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    expect(out).toMatch(/^control-plane\s+Ready\s+control-plane\s/m);
    expect(out).toMatch(/^worker-2\s+Ready\s+<none>\s/m);
    // the oldest and newest supported kubectl, where installed
    for (const binary of ["kubectl.1.27", "kubectl.1.33"].filter(onPath)) {
      expect(await kubectl(aliceKubeconfig, ["get", "nodes", "-o", "name"], binary)).toBe("node/control-plane\nnode/worker-1\nnode/worker-2\n");
    }
    expect(await kubectl(aliceKubeconfig, ["create", "configmap", "kept", "--from-literal=k=v"])).toBe("configmap/kept created\n");
  });

  it("keeps learners apart: another learner's token gets 401, an unknown sandbox 404, never data", async () => {
    const bobSandbox = (await (await bob.post("/api/sandboxes", LESSON)).json()) as { id: string };
    expect(bobSandbox.id).not.toBe(aliceSandbox.id);
    const bobCreds = (await (await bob.post(`/api/sandboxes/${bobSandbox.id}/credentials`)).json()) as { kubeconfig: string; oneLiner: string };
    const bobToken = parse(bobCreds.kubeconfig).users[0].user.token as string;
    expect(bobCreds.oneLiner).toMatch(/base64 -d > ~\/\.kube\/kubelab-kubernetes-behind-the-scenes\.kubeconfig\) && export KUBECONFIG=/);

    const stolen = await api(`/k8s/${aliceSandbox.id}/api/v1/namespaces/default/configmaps/kept`, bobToken);
    expect(stolen.status).toBe(401);
    expect(JSON.parse(stolen.body)).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    expect(stolen.body).not.toContain("kept");
    expect((await api(`/k8s/${aliceSandbox.id}/api/v1/namespaces/default/configmaps/kept`)).status).toBe(401);
    const unknown = await api(`/k8s/${"0".repeat(32)}/api/v1/namespaces`, bobToken);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ kind: "Status", reason: "NotFound", code: 404 });
    expect((await api(`/k8s/${bobSandbox.id}/api/v1/namespaces/default/configmaps/kept`, bobToken)).status).toBe(404);
    expect((await api(`/k8s/${bobSandbox.id}/api/v1/namespaces/default/configmaps`, bobToken)).status).toBe(200);
    // the browser endpoints: someone else's sandbox does not exist for you
    expect((await bob.fetch(`/api/sandboxes/${aliceSandbox.id}/kubeconfig`)).status).toBe(404);
    expect((await bob.post(`/api/sandboxes/${aliceSandbox.id}/reset`)).status).toBe(404);
    // plain HTTP never carries a token: the API says to use HTTPS
    const plain = await fetch(`${base}/k8s/${aliceSandbox.id}/api`);
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ message: "the sandbox API is served over HTTPS only: use https:// in your kubeconfig" });
  });

  it("keeps the learner's objects across a server restart (same kubeconfig still works)", async () => {
    await platform!.close();
    const { getEnv } = await import("../lib/env/index");
    expect(getEnv().KUBELAB_DATA_DIR).toBe(dir);
    await startPlatform();
    expect(platform!.sandboxes.stats().live).toBe(0);
    expect(await kubectl(aliceKubeconfig, ["get", "configmap", "kept", "-o", "jsonpath={.data.k}"])).toBe("v");
    expect(platform!.sandboxes.stats().live).toBe(1);
  }, 120_000);

  it("resets to the lesson's starting state", async () => {
    const res = await alice.post(`/api/sandboxes/${aliceSandbox.id}/reset`, { lesson: LESSON.lesson });
    expect(res.status).toBe(200);
    await expect(kubectl(aliceKubeconfig, ["get", "configmap", "kept"])).rejects.toMatchObject({ stderr: expect.stringContaining('configmaps "kept" not found') });
  });
});
