import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, podObject, type Harness } from "../common/testing";
import { CONFIGMAPS, NAMESPACES, PODS, SERVICEACCOUNTS, conditionsOf } from "../common/util";
import { namespaceController } from "./index";

let h: Harness;
afterEach(() => h?.close());

const SECRETS = { group: "", version: "v1", resource: "secrets" };

describe("namespace-controller", () => {
  it("empties a terminating namespace, reports what remains, then finalizes and removes it", async () => {
    h = await startHarness([namespaceController()], { bare: true });
    const c = h.client;
    await c.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await c.create(SERVICEACCOUNTS, "team", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } });
    await c.create(CONFIGMAPS, "team", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" } });
    await c.create(SECRETS, "team", { apiVersion: "v1", kind: "Secret", metadata: { name: "held", finalizers: ["example.com/hold"] } });
    const pod = podObject("web", { app: "web" }, { namespace: "team" });
    (pod.spec as Record<string, unknown>).nodeName = "worker-1";
    await c.create(PODS, "team", pod);
    await h.settle();
    expect((await c.get(NAMESPACES, undefined, "team")).metadata.deletionTimestamp).toBeUndefined();

    await c.delete(NAMESPACES, undefined, "team");
    await h.settle();
    const ns = await c.get(NAMESPACES, undefined, "team");
    expect((ns.status as { phase: string }).phase).toBe("Terminating");
    await expect(c.get(CONFIGMAPS, "team", "cfg")).rejects.toMatchObject({ code: 404 });
    const byType = Object.fromEntries(conditionsOf(ns).map((x) => [x.type, x]));
    expect(Object.keys(byType)).toEqual([
      "NamespaceDeletionDiscoveryFailure",
      "NamespaceDeletionGroupVersionParsingFailure",
      "NamespaceDeletionContentFailure",
      "NamespaceContentRemaining",
      "NamespaceFinalizersRemaining",
    ]);
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({
      status: "False",
      reason: "ResourcesDiscovered",
      message: "All resources successfully discovered",
    });
    expect(byType.NamespaceContentRemaining).toMatchObject({
      status: "True",
      reason: "SomeResourcesRemain",
      message: "Some resources are remaining: pods. has 1 resource instances, secrets. has 1 resource instances",
    });
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({
      status: "True",
      reason: "SomeFinalizerRemain",
      message: "Some finalizers are remaining: example.com/hold in 1 resource instances",
    });

    // the kubelet finishes the pod; another controller drops its finalizer
    await c.delete(PODS, "team", "web", { gracePeriodSeconds: 0 });
    await h.settle();
    expect(conditionsOf(await c.get(NAMESPACES, undefined, "team")).find((x) => x.type === "NamespaceContentRemaining")?.message).toBe(
      "Some resources are remaining: secrets. has 1 resource instances",
    );
    const held = await c.get(SECRETS, "team", "held");
    await c.update(SECRETS, "team", { ...held, metadata: { ...held.metadata, finalizers: [] } } as KubeObject);
    await h.settle();
    await expect(c.get(NAMESPACES, undefined, "team")).rejects.toMatchObject({ code: 404 });
    const actions = h.trace
      .entries()
      .filter((e) => e.component === "namespace-controller")
      .map((e) => e.action);
    expect(actions).toContain("finalize");
    expect(actions).toContain("delete");
  });

  it("removes an empty namespace at once and holds no timers afterwards", async () => {
    h = await startHarness([namespaceController()], { bare: true });
    await h.client.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "empty" } });
    await h.client.delete(NAMESPACES, undefined, "empty");
    await h.settle();
    await expect(h.client.get(NAMESPACES, undefined, "empty")).rejects.toMatchObject({ code: 404 });
    expect(h.clock.pending()).toBe(0);
  });
});
