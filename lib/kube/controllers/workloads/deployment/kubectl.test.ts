/**
 * End-to-end with the real kubectl: `rollout status|history|undo|pause|resume|restart` and
 * `set image` against the embedded API server, with our controllers running and the harness
 * standing in for the scheduler and kubelets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEPLOYMENTS } from "../common/refs";
import type { Harness } from "../testing";
import { serveKubectl, type KubectlHarness } from "../testing-kubectl";
import { deployment, getDeployment, imageOf, replicaSets, startDeploymentHarness } from "./testing";

let h: Harness;
let k: KubectlHarness;
const kubectl = (...args: string[]) => k.kubectl(...args);
const run = (...args: string[]) => k.run(...args);

beforeAll(async () => {
  h = await startDeploymentHarness();
  k = await serveKubectl(h);
});

afterAll(async () => {
  await k?.close();
  h?.close();
});

describe("kubectl rollout against the deployment controller", () => {
  it("status, set image, history, undo, pause/resume and restart", async () => {
    await h.create(DEPLOYMENTS, deployment("web", 2));
    await h.runPods();
    let r = await kubectl("rollout", "status", "deployment/web", "--watch=false");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('deployment "web" successfully rolled out\n');

    r = await run("set", "image", "deployment/web", "c=nginx:1.26");
    expect(r.stdout).toBe("deployment.apps/web image updated\n");
    expect((await kubectl("rollout", "status", "deployment/web", "--watch=false")).stdout).toBe('deployment "web" successfully rolled out\n');
    r = await kubectl("rollout", "history", "deployment/web");
    expect(r.stdout.split("\n").map((l) => l.trim())).toEqual(["deployment.apps/web", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>", "", ""]);

    r = await run("rollout", "undo", "deployment/web");
    expect(r.stdout).toBe("deployment.apps/web rolled back\n");
    let d = await getDeployment(h, "web");
    expect(imageOf(d)).toBe("nginx:1.25");
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect((await replicaSets(h)).map((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"])).toEqual(["2", "3"]);
    expect((await kubectl("rollout", "status", "deployment/web", "--watch=false")).stdout).toBe('deployment "web" successfully rolled out\n');

    expect((await run("rollout", "pause", "deployment/web")).stdout).toBe("deployment.apps/web paused\n");
    await run("set", "image", "deployment/web", "c=nginx:1.27");
    expect(await replicaSets(h)).toHaveLength(2);
    r = await kubectl("rollout", "status", "deployment/web", "--watch=false");
    expect(r.stdout).toBe('Waiting for deployment "web" rollout to finish: 0 out of 2 new replicas have been updated...\n');
    expect((await run("rollout", "resume", "deployment/web")).stdout).toBe("deployment.apps/web resumed\n");
    d = await getDeployment(h, "web");
    expect(imageOf(d)).toBe("nginx:1.27");
    expect((await kubectl("rollout", "status", "deployment/web", "--watch=false")).stdout).toBe('deployment "web" successfully rolled out\n');

    expect((await run("rollout", "restart", "deployment/web")).stdout).toBe("deployment.apps/web restarted\n");
    expect((await getDeployment(h, "web")).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("5");
    r = await kubectl("get", "deployment", "web");
    expect(r.stdout.split("\n")[1]).toMatch(/^web\s+2\/2\s+2\s+2\s+\S+$/);
    r = await kubectl("describe", "deployment", "web");
    expect(r.stdout).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
    expect(r.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 2/);
  }, 120_000);
});
