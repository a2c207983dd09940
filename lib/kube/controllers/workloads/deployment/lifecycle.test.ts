import { afterEach, describe, expect, it } from "vitest";
import type { Harness } from "../testing";
import { DEPLOYMENTS } from "../common/refs";
import { deployment, getDeployment, imageOf, patchDeployment, replicaSets, rolloutUndo, setImage, startDeploymentHarness } from "./testing";

let h: Harness;
afterEach(() => h?.close());

const rev = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.["deployment.kubernetes.io/revision"];
const progressing = async (name: string) => (await getDeployment(h, name)).status?.conditions?.find((c) => c.type === "Progressing");

describe("deployment-controller lifecycle", () => {
  it("rollout undo reuses the old ReplicaSet, bumps its revision and records revision-history", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 2));
    await h.runPods();
    await setImage(h, "web", "nginx:1.26");
    await h.runPods();
    await h.runPods();
    let rss = await replicaSets(h);
    expect(rss.map((r) => [rev(r), imageOf(r), r.spec.replicas])).toEqual([
      ["1", "nginx:1.25", 0],
      ["2", "nginx:1.26", 2],
    ]);
    const first = rss[0]!.metadata.name;
    await rolloutUndo(h, "web", 1);
    await h.runPods();
    await h.runPods();
    rss = await replicaSets(h);
    expect(rss).toHaveLength(2);
    expect(rss.map((r) => [r.metadata.name, rev(r), imageOf(r), r.spec.replicas])).toEqual([
      [rss[0]!.metadata.name, "2", "nginx:1.26", 0],
      [first, "3", "nginx:1.25", 2],
    ]);
    expect(rss[1]!.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    const d = await getDeployment(h, "web");
    expect(rev(d)).toBe("3");
    expect(imageOf(d)).toBe("nginx:1.25");
    expect((await progressing("web"))?.message).toBe(`ReplicaSet "${first}" has successfully progressed.`);
  });

  it("rollout restart (a template annotation) creates a new ReplicaSet; revisionHistoryLimit prunes old ones", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 1, { revisionHistoryLimit: 1 }));
    await h.runPods();
    for (let i = 1; i <= 3; i++) {
      await patchDeployment(h, "web", { spec: { template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": `2026-01-01T00:00:0${i}Z` } } } } });
      await h.runPods();
      await h.finishDeletions();
      await h.runPods();
    }
    const rss = await replicaSets(h);
    expect(rss.map((r) => [rev(r), r.spec.replicas])).toEqual([
      ["3", 0],
      ["4", 1],
    ]);
    expect(rev(await getDeployment(h, "web"))).toBe("4");
  });

  it("paused: template changes wait; resume rolls out", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 2));
    await h.runPods();
    await patchDeployment(h, "web", { spec: { paused: true } });
    expect(await progressing("web")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    await setImage(h, "web", "nginx:1.26");
    expect(await replicaSets(h)).toHaveLength(1);
    // scaling still works while paused
    await patchDeployment(h, "web", { spec: { replicas: 3 } });
    expect((await replicaSets(h)).map((r) => r.spec.replicas)).toEqual([3]);
    let d = await getDeployment(h, "web");
    expect(d.status?.observedGeneration).toBe(d.metadata.generation);
    await patchDeployment(h, "web", { spec: { paused: false } });
    const rss = await replicaSets(h);
    expect(rss).toHaveLength(2);
    expect(imageOf(rss[1]!)).toBe("nginx:1.26");
    d = await getDeployment(h, "web");
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")?.reason).toBe("ReplicaSetUpdated");
    expect((await h.events("web")).some((e) => e.includes("Scaled up replica set web-") && e.endsWith("from 2 to 3"))).toBe(true);
  });

  it("reports ProgressDeadlineExceeded after progressDeadlineSeconds without progress, with one timer", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 1, { progressDeadlineSeconds: 30 }));
    await h.runPods();
    expect(h.clock.pending()).toBe(0);
    await setImage(h, "web", "nginx:broken");
    const newRS = (await replicaSets(h))[1]!;
    expect(await progressing("web")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    expect(h.clock.pending()).toBe(1);
    await h.advance(25_000);
    expect((await progressing("web"))?.reason).toBe("ReplicaSetUpdated");
    await h.advance(7_000);
    expect(await progressing("web")).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` });
    expect(h.clock.pending()).toBe(0);
  });

  it("Recreate scales the old ReplicaSet to 0 and creates the new one only after old pods are gone", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 2, { strategy: { type: "Recreate" } }));
    await h.runPods();
    await setImage(h, "web", "nginx:1.26");
    let rss = await replicaSets(h);
    expect(rss.map((r) => r.spec.replicas)).toEqual([0]);
    expect((await h.pods()).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    await h.finishDeletions();
    rss = await replicaSets(h);
    expect(rss.map((r) => [rev(r), r.spec.replicas, imageOf(r)])).toEqual([
      ["1", 0, "nginx:1.25"],
      ["2", 2, "nginx:1.26"],
    ]);
    await h.runPods();
    expect((await getDeployment(h, "web")).status).toMatchObject({ replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    const ev = (await h.events("web")).filter((e) => e.startsWith("ScalingReplicaSet"));
    expect(ev.slice(1)).toEqual([`ScalingReplicaSet: Scaled down replica set ${rss[0]!.metadata.name} from 2 to 0`, `ScalingReplicaSet: Scaled up replica set ${rss[1]!.metadata.name} from 0 to 2`]);
  });
});
