import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, type Harness } from "../testing";
import { PODS, REPLICASETS } from "../common/refs";
import { replicaSetController, REPLICASET_CONTROLLER } from "./index";

const rs = (replicas: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    ...extra,
  },
});

let h: Harness;
afterEach(() => h?.close());

describe("replicaset-controller", () => {
  it("creates owned pods named <rs>-xxxxx in slow-start batches and reports status", async () => {
    h = await startHarness([replicaSetController()]);
    await h.create(REPLICASETS, rs(3));
    const pods = await h.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: expect.any(String), controller: true, blockOwnerDeletion: true }]);
    }
    const ev = await h.events("web");
    expect(ev.filter((e) => e.startsWith("SuccessfulCreate: Created pod: web-"))).toHaveLength(3);
    // batches of 1 then 2
    const creates = h.cluster.trace.entries().filter((e) => e.component === REPLICASET_CONTROLLER && e.action === "create pod");
    expect(creates).toHaveLength(3);
    expect(creates[0]!.cause).toBe("default/web");
    let st = (await h.get(REPLICASETS, "web")).status;
    expect(st).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    await h.runPods();
    st = (await h.get(REPLICASETS, "web")).status;
    expect(st).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(h.clock.pending()).toBe(0);
  });

  it("replaces a deleted pod and never double-creates", async () => {
    h = await startHarness([replicaSetController()]);
    await h.create(REPLICASETS, rs(2));
    await h.runPods();
    const [victim] = await h.pods();
    await h.client.delete(PODS, "default", victim!.metadata.name!);
    await h.settle();
    // the terminating pod no longer counts: a replacement is created at once
    let pods = await h.pods();
    expect(pods).toHaveLength(3);
    expect(pods.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    await h.finishDeletions();
    pods = await h.pods();
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim!.metadata.name);
  });

  it("scales down deleting unscheduled, then not-ready pods first", async () => {
    h = await startHarness([replicaSetController()]);
    await h.create(REPLICASETS, rs(3));
    const [a, b] = await h.pods();
    await h.runPods({ only: (p) => p.metadata.name === a!.metadata.name });
    await h.runPods({ only: (p) => p.metadata.name === b!.metadata.name, ready: false });
    const cur = await h.get(REPLICASETS, "web");
    await h.client.update(REPLICASETS, "default", { ...cur, spec: { ...(cur.spec as object), replicas: 2 } });
    await h.settle();
    let left = (await h.pods()).map((p) => p.metadata.name);
    expect(left.sort()).toEqual([a!.metadata.name, b!.metadata.name].sort());
    const cur2 = await h.get(REPLICASETS, "web");
    await h.client.update(REPLICASETS, "default", { ...cur2, spec: { ...(cur2.spec as object), replicas: 1 } });
    await h.settle();
    await h.finishDeletions();
    left = (await h.pods()).map((p) => p.metadata.name);
    expect(left).toEqual([a!.metadata.name]);
    expect((await h.events("web")).filter((e) => e.startsWith("SuccessfulDelete: Deleted pod: "))).toHaveLength(2);
  });

  it("adopts matching orphans and releases pods whose labels stop matching", async () => {
    h = await startHarness([replicaSetController()]);
    await h.client.create(PODS, "default", { apiVersion: "v1", kind: "Pod", metadata: { name: "stray", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } });
    await h.create(REPLICASETS, rs(2));
    let pods = await h.pods();
    expect(pods).toHaveLength(2);
    const stray = pods.find((p) => p.metadata.name === "stray")!;
    expect(stray.metadata.ownerReferences?.[0]?.name).toBe("web");
    await h.client.patch(PODS, "default", "stray", "merge", { metadata: { labels: { app: "other" } } });
    await h.settle();
    pods = await h.pods();
    expect(pods).toHaveLength(3);
    expect(pods.find((p) => p.metadata.name === "stray")!.metadata.ownerReferences).toBeUndefined();
  });

  it("counts availability after minReadySeconds with one timer", async () => {
    h = await startHarness([replicaSetController()]);
    await h.create(REPLICASETS, rs(1, { minReadySeconds: 10 }));
    await h.runPods();
    expect((await h.get(REPLICASETS, "web")).status).toMatchObject({ readyReplicas: 1 });
    expect((await h.get(REPLICASETS, "web")).status).not.toHaveProperty("availableReplicas");
    await h.advance(11_000);
    expect((await h.get(REPLICASETS, "web")).status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    expect(h.clock.pending()).toBe(0);
  });
});
