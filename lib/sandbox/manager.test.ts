import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createTestDb, type TestDb } from "../db/test-db";
import { FakeClock } from "../kube/clock";
import { EmbeddedBackend } from "./embedded";
import { SandboxManager, type SandboxManagerOptions } from "./manager";
import type { StartingState } from "./types";

const core = (resource: string) => ({ group: "", version: "v1", resource });
const apps = (resource: string) => ({ group: "apps", version: "v1", resource });

const deployment = (name: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: "nginx:1.27" }] } },
  },
});

const lesson: StartingState = {
  lessonId: "c/m/l",
  nodes: 3,
  objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "starter" }, data: { k: "v" } }],
  faults: [{ stopNode: "worker-2" }],
};

let t: TestDb;
let dataDir: string;
let clock: FakeClock;
let now: number;
const managers: SandboxManager[] = [];

beforeEach(async () => {
  t = createTestDb();
  dataDir = mkdtempSync(path.join(os.tmpdir(), "kubelab-sbx-"));
  clock = new FakeClock();
  now = 1_000_000;
  for (const id of ["alice", "bob"]) await t.db.user.create({ data: { id, email: `${id}@example.test` } });
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.shutdown();
  await t.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

function manager(extra: Partial<SandboxManagerOptions> = {}): SandboxManager {
  const m = new SandboxManager({
    db: t.db,
    dataDir,
    caPem: "CA-PEM",
    apiBase: () => "https://127.0.0.1:4443",
    backend: new EmbeddedBackend({ clock }),
    now: () => now,
    idleMs: 15 * 60_000,
    resolveStartingState: async (id) => (id === lesson.lessonId ? lesson : undefined),
    ...extra,
  });
  managers.push(m);
  return m;
}

describe("SandboxManager", () => {
  it("creates one sandbox per learner and course, in the lesson's starting state", async () => {
    const m = manager();
    const a = await m.ensure("alice", "k8s", lesson);
    expect(a.apiUrl).toBe(`https://127.0.0.1:4443/k8s/${a.id}`);
    expect(a.nodes).toEqual(["control-plane", "worker-1", "worker-2"]);
    expect((await a.client.get(core("configmaps"), "default", "starter")).data).toEqual({ k: "v" });
    expect(await m.ensure("alice", "k8s", lesson)).toBe(a);
    const [b, other] = await Promise.all([m.ensure("bob", "k8s", lesson), m.ensure("alice", "other", lesson)]);
    expect(new Set([a.id, b.id, other.id]).size).toBe(3);
    // concurrent first visits share one sandbox
    const [x, y] = await Promise.all([m.ensure("bob", "k3", lesson), m.ensure("bob", "k3", lesson)]);
    expect(x.id).toBe(y.id);
    expect(await t.db.sandbox.count()).toBe(4);
    // the kubeconfig for server-side kubectl: loopback URL, platform CA, internal token; 0600, outside the workspace
    const kc = parse(readFileSync(a.kubeconfigPath, "utf8"));
    expect(kc.clusters[0].cluster.server).toBe(a.apiUrl);
    expect(Buffer.from(kc.clusters[0].cluster["certificate-authority-data"], "base64").toString()).toBe("CA-PEM");
    expect(statSync(a.kubeconfigPath).mode & 0o777).toBe(0o600);
    expect(path.relative(a.workspaceDir, a.kubeconfigPath).startsWith("..")).toBe(true);
    expect(await m.authenticate(a.id, kc.users[0].user.token)).toBe("ok");
  });

  it("takes first visits from a warm pool of started clusters and refills it", async () => {
    const m = manager({ warmPool: 2 });
    await m.warmUp();
    expect(m.stats()).toMatchObject({ live: 0, warm: 2 });
    const pooled = (m as unknown as { pool: { id: string }[] }).pool.map((w) => w.id);
    const a = await m.ensure("alice", "k8s", lesson);
    expect(pooled).toContain(a.id);
    expect((await a.client.get(core("configmaps"), "default", "starter")).data).toEqual({ k: "v" });
    // refilled a moment later (not while the learner's first requests arrive)
    expect(m.stats()).toMatchObject({ live: 1, warm: 1 });
    await m.warmUp();
    expect(m.stats()).toMatchObject({ live: 1, warm: 2 });
    // a topology the pool does not hold is created on demand
    const b = await m.ensure("bob", "k8s", { nodes: 2, objects: [], faults: [] });
    expect(b.nodes).toEqual(["control-plane", "worker-1"]);
    await m.shutdown();
    expect(m.stats().warm).toBe(0);
  });

  it("applies faults: a stopped node stops heartbeating and goes NotReady", async () => {
    const m = manager();
    const a = await m.ensure("alice", "k8s", lesson);
    clock.advance(60_000);
    await a.client.list(core("nodes"));
    const ready = async (name: string) =>
      ((await a.client.get(core("nodes"), undefined, name)).status as { conditions: { type: string; status: string }[] }).conditions.find((c) => c.type === "Ready")?.status;
    for (let i = 0; i < 6; i++) {
      clock.advance(10_000);
      await new Promise((r) => setImmediate(r));
    }
    expect(await ready("worker-1")).toBe("True");
    expect(await ready("worker-2")).toBe("Unknown");
  });

  it("resets to the lesson's starting state and keeps id and learner token", async () => {
    const m = manager();
    const a = await m.ensure("alice", "k8s", lesson);
    const token = await m.issueToken(a.id);
    await a.client.create(core("configmaps"), "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "mine" } });
    await a.client.delete(core("configmaps"), "default", "starter");
    const events: string[] = [];
    m.onEvent((e) => events.push(`${e.type}:${e.id}`));
    const r = await m.reset(a.id);
    expect(r.id).toBe(a.id);
    await expect(r.client.get(core("configmaps"), "default", "mine")).rejects.toMatchObject({ code: 404 });
    expect((await a.client.get(core("configmaps"), "default", "starter")).data).toEqual({ k: "v" });
    expect(events).toEqual([`reset:${a.id}`]);
    expect(await m.authenticate(a.id, token)).toBe("ok");
  });

  it("hibernates idle sandboxes to the database and restores objects, revisions, events and logs", async () => {
    const m = manager();
    const a = await m.ensure("alice", "k8s", { ...lesson, faults: [] });
    await a.client.create(apps("deployments"), "default", deployment("web", 2));
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      await a.client.list(core("pods"));
      await new Promise((r) => setImmediate(r));
    }
    const handle = a;
    await (m as unknown as { live: Map<string, { instance: { settle(): Promise<void> } }> }).live.get(a.id)!.instance.settle();
    const pods = (await a.client.list(core("pods"), { namespace: "default" })).items;
    expect(pods).toHaveLength(2);
    const events = (await a.client.list(core("events"), { namespace: "default" })).items.map((e) => `${e.reason as string}`);
    expect(events).toContain("ScalingReplicaSet");
    const rv = (await a.client.list(core("configmaps"))).metadata.resourceVersion;
    const deploymentRv = (await a.client.get(apps("deployments"), "default", "web")).metadata.resourceVersion;

    now += 10 * 60_000;
    m.touch(a.id);
    now += 10 * 60_000;
    expect(await m.hibernateIdle()).toEqual([]);
    now += 6 * 60_000;
    expect(await m.hibernateIdle()).toEqual([a.id]);
    expect(m.stats().live).toBe(0);
    expect(m.peek(a.id)).toBeUndefined();
    const row = await t.db.sandbox.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.state).toBe("hibernated");
    expect(row.snapshot!.byteLength).toBeGreaterThan(100);

    const b = await m.get(a.id);
    expect(b).not.toBe(handle);
    expect((await b!.client.get(apps("deployments"), "default", "web")).metadata.resourceVersion).toBe(deploymentRv);
    expect((await b!.client.list(core("configmaps"))).metadata.resourceVersion).toBe(rv);
    expect((await b!.client.list(core("pods"), { namespace: "default" })).items.map((p) => p.metadata.name).sort()).toEqual(pods.map((p) => p.metadata.name).sort());
    expect((await b!.client.list(core("events"), { namespace: "default" })).items.map((e) => `${e.reason as string}`)).toEqual(events);
    expect(await m.ensure("alice", "k8s", lesson)).toBe(b);
    // container logs kept by the kubelets come back too: hibernating again yields the same logs
    const logsOf = (bytes: Uint8Array) => (JSON.parse(gunzipSync(bytes).toString("utf8")) as { cluster: { logs?: unknown } }).cluster.logs;
    const before = logsOf(row.snapshot!);
    expect(JSON.stringify(before)).toContain("nginx");
    await m.hibernate(a.id);
    expect(logsOf((await t.db.sandbox.findUniqueOrThrow({ where: { id: a.id } })).snapshot!)).toEqual(before);
  });

  it("survives a restart: shutdown snapshots everything, a new manager restores it; faults stay", async () => {
    const m1 = manager();
    const a = await m1.ensure("alice", "k8s", lesson);
    const token = await m1.issueToken(a.id);
    await a.client.create(core("configmaps"), "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "mine" }, data: { x: "1" } });
    await m1.shutdown();
    await expect(m1.ensure("bob", "k8s", lesson)).rejects.toThrow(/shut down/);

    const m2 = manager();
    expect(await m2.authenticate(a.id, token)).toBe("ok");
    expect(await m2.authenticate(a.id, "wrong")).toBe("unauthorized");
    expect(m2.stats().live).toBe(0);
    const b = await m2.ensure("alice", "k8s", { ...lesson, objects: [] });
    expect(b.id).toBe(a.id);
    expect((await b.client.get(core("configmaps"), "default", "mine")).data).toEqual({ x: "1" });
    const live = (m2 as unknown as { live: Map<string, { instance: { faults(): unknown } }> }).live.get(a.id)!;
    expect(live.instance.faults()).toEqual([{ stopNode: "worker-2" }]);
  });

  it("authenticates only the sandbox's own tokens", async () => {
    const m = manager();
    const a = await m.ensure("alice", "k8s", lesson);
    const b = await m.ensure("bob", "k8s", lesson);
    const ta = await m.issueToken(a.id);
    const tb = await m.issueToken(b.id);
    expect(await m.authenticate(a.id, ta)).toBe("ok");
    expect(await m.authenticate(a.id, tb)).toBe("unauthorized");
    expect(await m.authenticate(a.id, undefined)).toBe("unauthorized");
    expect(await m.authenticate("0".repeat(32), ta)).toBe("not-found");
    const rotated = await m.issueToken(a.id);
    expect(await m.authenticate(a.id, ta)).toBe("unauthorized");
    expect(await m.authenticate(a.id, rotated)).toBe("ok");
    const row = await t.db.sandbox.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(rotated);
  });

  it("enforces the object and pod limits with Kubernetes errors", async () => {
    const m = manager({ limits: { maxPods: 2, maxObjects: 1000 } });
    const a = await m.ensure("alice", "k8s", { nodes: 2, objects: [], faults: [] });
    const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "busybox" }] } });
    await a.client.create(core("pods"), "default", pod("p1"));
    await a.client.create(core("pods"), "default", pod("p2"));
    await expect(a.client.create(core("pods"), "default", pod("p3"))).rejects.toMatchObject({
      code: 403,
      message: `pods "p3" is forbidden: exceeded the sandbox's limit of 2 pods`,
    });
    const objects = await t.db.sandbox.count();
    expect(objects).toBe(1);
    const m2 = manager({ limits: { maxObjects: 300 } });
    const b = await m2.ensure("bob", "k8s", { nodes: 1, objects: [], faults: [] });
    const refused = [];
    for (let i = 0; i < 300 && refused.length === 0; i++) {
      try {
        await b.client.create(core("configmaps"), "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` } });
      } catch (e) {
        refused.push(e);
      }
    }
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 403, message: expect.stringMatching(/^configmaps "c\d+" is forbidden: exceeded the cluster's object limit of 300$/) });
  });

  it("refuses a starting state with an unknown node or kind, leaving nothing behind", async () => {
    const m = manager();
    await expect(m.ensure("alice", "k8s", { nodes: 2, objects: [], faults: [{ stopNode: "worker-5" }] })).rejects.toThrow(/no node named "worker-5"/);
    await expect(m.ensure("alice", "k8s", { nodes: 2, objects: [{ apiVersion: "v1", kind: "Nope", metadata: { name: "x" } }], faults: [] })).rejects.toThrow(
      /no matches for kind "Nope" in version "v1"/,
    );
    expect(await t.db.sandbox.count()).toBe(0);
    expect(m.stats().live).toBe(0);
  });
});
