import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, type Harness } from "../testing";
import { CONTROLLER_REVISIONS, STATEFULSETS } from "../common/refs";
import type { Pod } from "../common/types";
import { statefulSetController } from "./index";

const sts = (replicas: number, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db", namespace: "default" },
  spec: {
    replicas,
    serviceName: "db",
    selector: { matchLabels: { app: "db" } },
    template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "c", image: "db:1" }] } },
    ...spec,
  },
});

let h: Harness;
afterEach(() => h?.close());
const names = async () => (await h.pods()).map((p) => p.metadata.name + (p.metadata.deletionTimestamp ? "(terminating)" : ""));
const image = (p: Pod) => (p.spec?.containers as { image: string }[])[0]!.image;
const status = async () => (await h.get(STATEFULSETS, "db")).status as Record<string, unknown>;

describe("statefulset-controller", () => {
  it("creates db-0, db-1, db-2 in order, each after its predecessor is Running and Ready", async () => {
    h = await startHarness([statefulSetController()]);
    await h.create(STATEFULSETS, sts(3));
    expect(await names()).toEqual(["db-0"]);
    const [p0] = await h.pods();
    const [cr] = await h.list(CONTROLLER_REVISIONS);
    expect(cr!.metadata.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(cr!.metadata.labels?.["controller.kubernetes.io/hash"]).toBe(cr!.metadata.name!.slice(3));
    expect(p0!.metadata.labels).toEqual({ app: "db", "statefulset.kubernetes.io/pod-name": "db-0", "apps.kubernetes.io/pod-index": "0", "controller-revision-hash": cr!.metadata.name });
    expect(p0!.metadata.generateName).toBe("db-");
    expect([p0!.spec?.hostname, p0!.spec?.subdomain]).toEqual(["db-0", "db"]);
    await h.runPods({ ready: false });
    expect(await names()).toEqual(["db-0"]);
    await h.setPhase(p0!, "Running", true);
    expect(await names()).toEqual(["db-0", "db-1"]);
    await h.runPods();
    expect(await names()).toEqual(["db-0", "db-1", "db-2"]);
    await h.runPods();
    expect(await status()).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: cr!.metadata.name,
      updateRevision: cr!.metadata.name,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(await h.events("db")).toEqual(["create Pod db-0 in StatefulSet db successful", "create Pod db-1 in StatefulSet db successful", "create Pod db-2 in StatefulSet db successful"].map((m) => `SuccessfulCreate: ${m}`));
  });

  it("scales down from the highest ordinal, one at a time", async () => {
    h = await startHarness([statefulSetController()]);
    await h.create(STATEFULSETS, sts(3));
    for (let i = 0; i < 3; i++) await h.runPods();
    await h.client.patch(STATEFULSETS, "default", "db", "merge", { spec: { replicas: 1 } });
    await h.settle();
    expect(await names()).toEqual(["db-0", "db-1", "db-2(terminating)"]);
    await h.finishDeletions();
    expect(await names()).toEqual(["db-0", "db-1(terminating)"]);
    await h.finishDeletions();
    expect(await names()).toEqual(["db-0"]);
  });

  it("Parallel creates every ordinal at once and recreates a deleted pod under the same name", async () => {
    h = await startHarness([statefulSetController()]);
    await h.create(STATEFULSETS, sts(3, { podManagementPolicy: "Parallel" }));
    expect(await names()).toEqual(["db-0", "db-1", "db-2"]);
    await h.runPods();
    await h.client.delete({ group: "", version: "v1", resource: "pods" }, "default", "db-1");
    await h.finishDeletions();
    expect(await names()).toEqual(["db-0", "db-1", "db-2"]);
  });

  it("rolls from the highest ordinal down to the partition; revisions track current and update", async () => {
    h = await startHarness([statefulSetController()]);
    await h.create(STATEFULSETS, sts(3, { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } } }));
    for (let i = 0; i < 3; i++) await h.runPods();
    const before = (await status()).currentRevision;
    await h.client.patch(STATEFULSETS, "default", "db", "merge", { spec: { template: { spec: { containers: [{ name: "c", image: "db:2" }] } } } });
    await h.settle();
    const after = (await status()).updateRevision;
    expect(after).not.toBe(before);
    expect(await names()).toEqual(["db-0", "db-1", "db-2(terminating)"]);
    await h.finishDeletions();
    await h.runPods();
    expect(await names()).toEqual(["db-0", "db-1(terminating)", "db-2"]);
    await h.finishDeletions();
    await h.runPods();
    const pods = await h.pods();
    expect(pods.map(image)).toEqual(["db:1", "db:2", "db:2"]);
    expect(await status()).toMatchObject({ currentRevision: before, updateRevision: after, currentReplicas: 1, updatedReplicas: 2, readyReplicas: 3 });
    await h.client.patch(STATEFULSETS, "default", "db", "merge", { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await h.settle();
    await h.finishDeletions();
    await h.runPods();
    expect((await h.pods()).map(image)).toEqual(["db:2", "db:2", "db:2"]);
    expect(await status()).toMatchObject({ currentRevision: after, updateRevision: after, currentReplicas: 3, updatedReplicas: 3 });
  });

  it("creates a claim per volumeClaimTemplate and mounts it", async () => {
    h = await startHarness([statefulSetController()]);
    await h.create(STATEFULSETS, sts(1, { volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }] }));
    const pvcs = await h.list({ group: "", version: "v1", resource: "persistentvolumeclaims" });
    expect(pvcs.map((p) => [p.metadata.name, p.metadata.labels])).toEqual([["data-db-0", { app: "db" }]]);
    const [p] = await h.pods();
    expect(p!.spec?.volumes).toContainEqual({ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } });
  });
});
