import { afterEach, describe, expect, it } from "vitest";
import type { Harness } from "../testing";
import { DEPLOYMENTS } from "../common/refs";
import { DEPLOYMENT_CONTROLLER } from "./index";
import { deployment, getDeployment, imageOf, patchDeployment, replicaSets, setImage, startDeploymentHarness } from "./testing";
import { maxSurge, maxUnavailable, type Deployment } from "./util";

let h: Harness;
afterEach(() => h?.close());

const scaling = async (name: string) => (await h.events(name)).filter((e) => e.startsWith("ScalingReplicaSet: "));

describe("deployment-controller", () => {
  it("creates <deploy>-<hash> with revision 1 and reports a complete rollout", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 3));
    const [rs] = await replicaSets(h);
    const hash = rs!.metadata.labels!["pod-template-hash"]!;
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    expect(rs!.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "1", "deployment.kubernetes.io/desired-replicas": "3", "deployment.kubernetes.io/max-replicas": "4" });
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", controller: true });
    expect(await scaling("web")).toEqual([`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`]);
    let d = await getDeployment(h, "web");
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(d.status).toMatchObject({ observedGeneration: d.metadata.generation, replicas: 3, updatedReplicas: 3, unavailableReplicas: 3 });
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ["Available", "False", "MinimumReplicasUnavailable"],
      ["Progressing", "True", "ReplicaSetUpdated"],
    ]);
    await h.runPods();
    d = await getDeployment(h, "web");
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status).not.toHaveProperty("unavailableReplicas");
    const progressing = d.status?.conditions?.find((c) => c.type === "Progressing");
    expect(progressing).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(d.status?.conditions?.find((c) => c.type === "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable", message: "Deployment has minimum availability." });
    expect(h.cluster.trace.entries().some((e) => e.component === DEPLOYMENT_CONTROLLER && e.action === "create replicaset" && e.cause === "default/web")).toBe(true);
    expect(h.clock.pending()).toBe(0);
  });

  it("resolves maxSurge up and maxUnavailable down like ResolveFenceposts", () => {
    const d = (replicas: number, s: number | string, u: number | string) => deployment("x", replicas, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: s, maxUnavailable: u } } }) as Deployment;
    expect([maxSurge(d(10, "25%", "25%")), maxUnavailable(d(10, "25%", "25%"))]).toEqual([3, 2]);
    expect([maxSurge(d(3, "25%", "25%")), maxUnavailable(d(3, "25%", "25%"))]).toEqual([1, 0]);
    expect([maxSurge(d(1, 0, "10%")), maxUnavailable(d(1, 0, "10%"))]).toEqual([0, 1]);
    expect(maxUnavailable(d(2, 1, 5))).toBe(2);
  });

  it("rolls step by step within maxSurge=1 and maxUnavailable=1", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 4, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await h.runPods();
    const [old] = await replicaSets(h);
    await setImage(h, "web", "nginx:1.26");
    const rss = await replicaSets(h);
    expect(rss).toHaveLength(2);
    const neu = rss[1]!;
    expect(imageOf(neu)).toBe("nginx:1.26");
    expect(neu.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    const sizes = async () => (await replicaSets(h)).map((r) => r.spec.replicas);
    expect(await sizes()).toEqual([3, 2]);
    let d = await getDeployment(h, "web");
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")).toMatchObject({ reason: "ReplicaSetUpdated", message: `ReplicaSet "${neu.metadata.name}" is progressing.` });
    await h.runPods();
    expect(await sizes()).toEqual([1, 4]);
    await h.runPods();
    expect(await sizes()).toEqual([0, 4]);
    await h.finishDeletions();
    const o = old!.metadata.name;
    const n = neu.metadata.name;
    expect(await scaling("web")).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${o} from 0 to 4`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 0 to 1`,
      `ScalingReplicaSet: Scaled down replica set ${o} from 4 to 3`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 1 to 2`,
      // the harness makes pods ready one at a time, so the rollout advances one pod per step
      `ScalingReplicaSet: Scaled down replica set ${o} from 3 to 2`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 2 to 3`,
      `ScalingReplicaSet: Scaled down replica set ${o} from 2 to 1`,
      `ScalingReplicaSet: Scaled up replica set ${n} from 3 to 4`,
      `ScalingReplicaSet: Scaled down replica set ${o} from 1 to 0`,
    ]);
    d = await getDeployment(h, "web");
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4, readyReplicas: 4 });
    expect(d.status?.conditions?.find((c) => c.type === "Progressing")?.reason).toBe("NewReplicaSetAvailable");
  });

  it("surges with percentages: 10 replicas at 25%/25% start with +3 new and -2 old", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 10));
    await h.runPods();
    await setImage(h, "web", "nginx:1.26");
    expect((await replicaSets(h)).map((r) => r.spec.replicas)).toEqual([8, 5]);
    const all = await h.pods();
    expect(all.filter((p) => !p.metadata.deletionTimestamp).length).toBeLessThanOrEqual(13);
  });

  it("scales proportionally during a rollout (kubectl scale)", async () => {
    h = await startDeploymentHarness();
    await h.create(DEPLOYMENTS, deployment("web", 4, { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } } }));
    await h.runPods();
    await setImage(h, "web", "nginx:1.26");
    expect((await replicaSets(h)).map((r) => r.spec.replicas)).toEqual([3, 2]);
    await patchDeployment(h, "web", { spec: { replicas: 8 } });
    const rss = await replicaSets(h);
    expect(rss.map((r) => r.spec.replicas)).toEqual([5, 4]);
    expect(rss.map((r) => r.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"])).toEqual(["8", "8"]);
  });
});
