import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, podObject, type Harness } from "../common/testing";
import { CONFIGMAPS, PODS } from "../common/util";
import { garbageCollector } from "./index";

let h: Harness;
afterEach(() => h?.close());

const cm = (name: string, owners: KubeObject[] = [], block = false): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name,
    ...(owners.length
      ? {
          ownerReferences: owners.map((o) => ({
            apiVersion: o.apiVersion,
            kind: o.kind,
            name: o.metadata.name!,
            uid: o.metadata.uid!,
            ...(block ? { blockOwnerDeletion: true } : {}),
          })),
        }
      : {}),
  },
});

async function exists(ref: typeof CONFIGMAPS, name: string): Promise<KubeObject | undefined> {
  try {
    return await h.client.get(ref, "default", name);
  } catch {
    return undefined;
  }
}

describe("garbage-collector-controller", () => {
  it("deletes dependents after their owner is gone (background)", async () => {
    h = await startHarness([garbageCollector()]);
    const owner = await h.client.create(CONFIGMAPS, "default", cm("owner"));
    await h.client.create(CONFIGMAPS, "default", cm("dep-1", [owner]));
    const dep2 = await h.client.create(CONFIGMAPS, "default", cm("dep-2", [owner]));
    await h.client.create(CONFIGMAPS, "default", cm("grandchild", [dep2]));
    await h.settle();
    expect(await exists(CONFIGMAPS, "dep-1")).toBeDefined();
    await h.client.delete(CONFIGMAPS, "default", "owner", { propagationPolicy: "Background" });
    await h.settle();
    expect(await exists(CONFIGMAPS, "dep-1")).toBeUndefined();
    expect(await exists(CONFIGMAPS, "dep-2")).toBeUndefined();
    expect(await exists(CONFIGMAPS, "grandchild")).toBeUndefined();
    expect(
      h.trace
        .entries()
        .filter((e) => e.component === "garbage-collector-controller" && e.action === "delete")
        .map((e) => e.object?.name)
        .sort(),
    ).toEqual(["dep-1", "dep-2", "grandchild"]);
  });

  it("keeps a foreground-deleted owner until blocking dependents are gone", async () => {
    h = await startHarness([garbageCollector()]);
    const owner = await h.client.create(CONFIGMAPS, "default", cm("owner"));
    // a pod on a node terminates gracefully: it blocks its owner until the kubelet finishes
    const pod = podObject("worker-pod", { app: "x" });
    pod.metadata.ownerReferences = [
      { apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata.uid!, blockOwnerDeletion: true },
    ];
    (pod.spec as Record<string, unknown>).nodeName = "worker-1";
    await h.client.create(PODS, "default", pod);
    await h.client.create(CONFIGMAPS, "default", cm("dep", [owner], true));
    await h.settle();
    await h.client.delete(CONFIGMAPS, "default", "owner", { propagationPolicy: "Foreground" });
    await h.settle();
    const waiting = await exists(CONFIGMAPS, "owner");
    expect(waiting?.metadata.deletionTimestamp).toBeDefined();
    expect(waiting?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(await exists(CONFIGMAPS, "dep")).toBeUndefined();
    const terminating = await h.client.get(PODS, "default", "worker-pod");
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    // the kubelet finishes: the pod is removed, and with it the last blocker
    await h.client.delete(PODS, "default", "worker-pod", { gracePeriodSeconds: 0 });
    await h.settle();
    expect(await exists(CONFIGMAPS, "owner")).toBeUndefined();
    expect(
      h.trace
        .entries()
        .some(
          (e) =>
            e.component === "garbage-collector-controller" && e.action === "remove-finalizer" && e.detail?.startsWith("foregroundDeletion"),
        ),
    ).toBe(true);
  });

  it("deletes a chain in the foreground from the leaves up", async () => {
    h = await startHarness([garbageCollector()]);
    const owner = await h.client.create(CONFIGMAPS, "default", cm("owner"));
    const middle = await h.client.create(CONFIGMAPS, "default", cm("middle", [owner], true));
    const leaf = podObject("leaf", { app: "x" });
    leaf.metadata.ownerReferences = [
      { apiVersion: "v1", kind: "ConfigMap", name: "middle", uid: middle.metadata.uid!, blockOwnerDeletion: true },
    ];
    (leaf.spec as Record<string, unknown>).nodeName = "worker-1";
    await h.client.create(PODS, "default", leaf);
    await h.settle();
    await h.client.delete(CONFIGMAPS, "default", "owner", { propagationPolicy: "Foreground" });
    await h.settle();
    // the leaf terminates gracefully; both owners wait for it
    expect((await exists(CONFIGMAPS, "owner"))?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect((await exists(CONFIGMAPS, "middle"))?.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect((await h.client.get(PODS, "default", "leaf")).metadata.deletionTimestamp).toBeDefined();
    await h.client.delete(PODS, "default", "leaf", { gracePeriodSeconds: 0 });
    await h.settle();
    expect(await exists(CONFIGMAPS, "middle")).toBeUndefined();
    expect(await exists(CONFIGMAPS, "owner")).toBeUndefined();
  });

  it("orphans dependents (propagationPolicy=Orphan)", async () => {
    h = await startHarness([garbageCollector()]);
    const owner = await h.client.create(CONFIGMAPS, "default", cm("owner"));
    const other = await h.client.create(CONFIGMAPS, "default", cm("other"));
    await h.client.create(CONFIGMAPS, "default", cm("dep", [owner]));
    await h.client.create(CONFIGMAPS, "default", cm("dep-shared", [owner, other]));
    await h.settle();
    await h.client.delete(CONFIGMAPS, "default", "owner", { propagationPolicy: "Orphan" });
    await h.settle();
    expect(await exists(CONFIGMAPS, "owner")).toBeUndefined();
    expect((await exists(CONFIGMAPS, "dep"))?.metadata.ownerReferences).toBeUndefined();
    expect((await exists(CONFIGMAPS, "dep-shared"))?.metadata.ownerReferences?.map((r) => r.name)).toEqual(["other"]);
  });

  it("follows owner kinds across API groups (a ReplicaSet's pods)", async () => {
    h = await startHarness([garbageCollector()]);
    const RS = { group: "apps", version: "v1", resource: "replicasets" };
    const rs = await h.client.create(RS, "default", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web-7d4b9" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } },
      },
    });
    const pod = podObject("web-7d4b9-x2x7q", { app: "web" });
    pod.metadata.ownerReferences = [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: rs.metadata.name!,
        uid: rs.metadata.uid!,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
    await h.client.create(PODS, "default", pod);
    await h.settle();
    await h.client.delete(RS, "default", "web-7d4b9");
    await h.settle();
    await expect(h.client.get(PODS, "default", "web-7d4b9-x2x7q")).rejects.toMatchObject({ code: 404 });
  });

  it("collects dependents of owners that never existed, and drops only dangling refs when an owner lives", async () => {
    h = await startHarness([garbageCollector()]);
    const live = await h.client.create(CONFIGMAPS, "default", cm("live"));
    const ghost = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "ghost", uid: "00000000-0000-0000-0000-000000000000" },
    } as KubeObject;
    await h.client.create(CONFIGMAPS, "default", cm("orphaned", [ghost]));
    await h.client.create(CONFIGMAPS, "default", cm("half", [ghost, live]));
    // same name as a live owner but another uid: still dangling
    await h.client.create(
      CONFIGMAPS,
      "default",
      cm("stale", [{ ...live, metadata: { ...live.metadata, uid: "11111111-1111-1111-1111-111111111111" } }]),
    );
    await h.settle();
    expect(await exists(CONFIGMAPS, "orphaned")).toBeUndefined();
    expect(await exists(CONFIGMAPS, "stale")).toBeUndefined();
    expect((await exists(CONFIGMAPS, "half"))?.metadata.ownerReferences?.map((r) => r.name)).toEqual(["live"]);
  });
});
