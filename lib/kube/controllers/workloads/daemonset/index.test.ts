import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../../../api/types";
import { startHarness, type Harness } from "../testing";
import { CONTROLLER_REVISIONS, DAEMONSETS, NODES } from "../common/refs";
import type { Pod } from "../common/types";
import { daemonSetController } from "./index";
import { targetNode } from "./predicates";

const ds = (spec: Record<string, unknown> = {}, tplSpec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "DaemonSet",
  metadata: { name: "agent", namespace: "default" },
  spec: {
    selector: { matchLabels: { app: "agent" } },
    template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "c", image: "agent:1" }], ...tplSpec } },
    ...spec,
  },
});

let h: Harness;
afterEach(() => h?.close());
const live = async () => (await h.pods()).filter((p) => !p.metadata.deletionTimestamp);
const image = (p: Pod) => (p.spec?.containers as { image: string }[])[0]!.image;

describe("daemonset-controller", () => {
  it("runs one pinned pod per schedulable node with the default tolerations and a ControllerRevision", async () => {
    h = await startHarness([daemonSetController()]);
    await h.create(DAEMONSETS, ds());
    const pods = await h.pods();
    expect(pods.map(targetNode).sort()).toEqual(["worker-1", "worker-2"]);
    const p = pods[0]!;
    expect(p.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(p.spec?.nodeName).toBeUndefined();
    expect((p.spec?.affinity as Record<string, unknown>).nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [targetNode(p)] }] }] },
    });
    expect(p.spec?.tolerations?.map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/not-ready:NoExecute",
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/disk-pressure:NoSchedule",
      "node.kubernetes.io/memory-pressure:NoSchedule",
      "node.kubernetes.io/pid-pressure:NoSchedule",
      "node.kubernetes.io/unschedulable:NoSchedule",
    ]);
    const [cr] = await h.list(CONTROLLER_REVISIONS);
    const hash = p.metadata.labels!["controller-revision-hash"]!;
    expect(cr!.metadata.name).toBe(`agent-${hash}`);
    expect(cr!.revision).toBe(1);
    expect(p.metadata.labels).toMatchObject({ app: "agent", "controller-revision-hash": hash, "pod-template-generation": "1" });
    expect((await h.get(DAEMONSETS, "agent")).status).toEqual({ currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 0, observedGeneration: 1, updatedNumberScheduled: 2, numberUnavailable: 2 });
    await h.runPods();
    expect((await h.pods()).map((x) => x.spec?.nodeName).sort()).toEqual(["worker-1", "worker-2"]);
    expect((await h.get(DAEMONSETS, "agent")).status).toMatchObject({ numberReady: 2, numberAvailable: 2, desiredNumberScheduled: 2 });
    expect(await h.events("agent")).toHaveLength(2);
  });

  it("tolerating the control-plane taint covers every node; nodeSelector narrows and follows label changes", async () => {
    h = await startHarness([daemonSetController()]);
    await h.create(DAEMONSETS, ds({}, { tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }));
    expect((await h.pods()).map(targetNode).sort()).toEqual(["control-plane", "worker-1", "worker-2"]);
    await h.client.delete(DAEMONSETS, "default", "agent");
    for (const p of await h.pods()) await h.client.delete({ group: "", version: "v1", resource: "pods" }, "default", p.metadata.name!);
    await h.settle();
    await h.create(DAEMONSETS, ds({}, { nodeSelector: { disk: "ssd" } }));
    expect(await h.pods()).toHaveLength(0);
    await h.client.patch(NODES, undefined, "worker-2", "merge", { metadata: { labels: { disk: "ssd" } } });
    await h.settle();
    expect((await h.pods()).map(targetNode)).toEqual(["worker-2"]);
    await h.client.patch(NODES, undefined, "worker-2", "merge", { metadata: { labels: { disk: null } } });
    await h.settle();
    expect(await live()).toHaveLength(0);
  });

  it("kills a failed daemon pod and recreates it, backing off 1 s, 2 s, ... when it keeps failing", async () => {
    h = await startHarness([daemonSetController()]);
    await h.create(DAEMONSETS, ds({}, { nodeSelector: { "kubernetes.io/hostname": "worker-1" } }));
    await h.client.patch(NODES, undefined, "worker-1", "merge", { metadata: { labels: { "kubernetes.io/hostname": "worker-1" } } });
    await h.settle();
    await h.runPods();
    const failOnly = async () => {
      const [p] = await live();
      await h.setPhase(p!, "Failed", false);
      return p!.metadata.name;
    };
    const first = await failOnly();
    let names = (await live()).map((p) => p.metadata.name);
    expect(names).toHaveLength(1);
    expect(names).not.toContain(first);
    await h.runPods();
    const second = await failOnly();
    // within the 1 s backoff: the failed pod stays
    expect((await h.pods()).map((p) => p.metadata.name)).toEqual([second]);
    await h.advance(1_000);
    names = (await h.pods()).map((p) => p.metadata.name);
    expect(names).toHaveLength(1);
    expect(names).not.toContain(second);
    expect((await h.events("agent")).filter((e) => e.startsWith("FailedDaemonPod: Found failed daemon pod default/"))).toHaveLength(2);
    expect(h.clock.pending()).toBe(0);
  });

  it("recreates pods and rolls an image update node by node (maxUnavailable 1)", async () => {
    h = await startHarness([daemonSetController()], 4);
    await h.create(DAEMONSETS, ds());
    await h.runPods();
    expect(await live()).toHaveLength(3);
    await h.client.patch(DAEMONSETS, "default", "agent", "merge", { spec: { template: { spec: { containers: [{ name: "c", image: "agent:2" }] } } } });
    await h.settle();
    expect((await h.list(CONTROLLER_REVISIONS)).map((r) => r.revision).sort()).toEqual([1, 2]);
    for (let step = 1; step <= 3; step++) {
      // one old pod at a time is terminating
      expect((await h.pods()).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
      await h.finishDeletions();
      expect((await live()).filter((p) => image(p) === "agent:2")).toHaveLength(step);
      await h.runPods();
    }
    expect((await live()).map(image)).toEqual(["agent:2", "agent:2", "agent:2"]);
    expect((await h.get(DAEMONSETS, "agent")).status).toMatchObject({ updatedNumberScheduled: 3, numberAvailable: 3, observedGeneration: 2 });
    expect(h.clock.pending()).toBe(0);
  });
});
