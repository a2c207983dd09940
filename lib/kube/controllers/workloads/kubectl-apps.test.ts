/**
 * End-to-end with the real kubectl for StatefulSets and DaemonSets: `rollout status`,
 * `set image`, `rollout history` and `rollout undo` (which re-applies a ControllerRevision).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROLLER_REVISIONS, DAEMONSETS, STATEFULSETS } from "./common/refs";
import { daemonSetController } from "./daemonset";
import { statefulSetController } from "./statefulset";
import { startHarness, type Harness } from "./testing";
import { serveKubectl, type KubectlHarness } from "./testing-kubectl";

let h: Harness;
let k: KubectlHarness;

beforeAll(async () => {
  h = await startHarness([statefulSetController(), daemonSetController()]);
  k = await serveKubectl(h);
});

afterAll(async () => {
  await k?.close();
  h?.close();
});

const template = (app: string, image: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: "c", image }] } });
const images = async (prefix: string) =>
  (await h.pods())
    .filter((p) => p.metadata.name!.startsWith(prefix) && !p.metadata.deletionTimestamp)
    .map((p) => (p.spec?.containers as { image: string }[])[0]!.image);
const history = (out: string) => out.split("\n").map((l) => l.trim());

describe("kubectl rollout for StatefulSets and DaemonSets", () => {
  it("statefulset: status, set image, history, undo", async () => {
    await h.create(STATEFULSETS, { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "db", namespace: "default" }, spec: { replicas: 2, serviceName: "db", selector: { matchLabels: { app: "db" } }, template: template("db", "db:1") } });
    for (let i = 0; i < 3; i++) await h.runPods();
    expect((await k.kubectl("rollout", "status", "statefulset/db", "--watch=false")).stdout).toBe("partitioned roll out complete: 2 new pods have been updated...\n");
    expect((await k.run("set", "image", "statefulset/db", "c=db:2")).stdout).toBe("statefulset.apps/db image updated\n");
    await k.run("get", "pods");
    expect(await images("db-")).toEqual(["db:2", "db:2"]);
    expect(history((await k.kubectl("rollout", "history", "statefulset/db")).stdout)).toEqual(["statefulset.apps/db", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>", "", ""]);
    const r = await k.run("rollout", "undo", "statefulset/db");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("statefulset.apps/db rolled back\n");
    await k.run("get", "pods");
    expect(await images("db-")).toEqual(["db:1", "db:1"]);
    const crs = (await h.list(CONTROLLER_REVISIONS)).filter((c) => c.metadata.name!.startsWith("db-"));
    expect(crs.map((c) => c.revision).sort()).toEqual([2, 3]);
    const st = (await h.get(STATEFULSETS, "db")).status as { currentRevision: string; updateRevision: string };
    expect(st.currentRevision).toBe(st.updateRevision);
    expect((await k.kubectl("rollout", "status", "statefulset/db", "--watch=false")).stdout).toBe("partitioned roll out complete: 2 new pods have been updated...\n");
  }, 120_000);

  it("daemonset: status, set image, history, undo", async () => {
    await h.create(DAEMONSETS, { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent", namespace: "default" }, spec: { selector: { matchLabels: { app: "agent" } }, template: template("agent", "agent:1") } });
    await h.runPods();
    expect((await k.kubectl("rollout", "status", "daemonset/agent", "--watch=false")).stdout).toBe('daemon set "agent" successfully rolled out\n');
    expect((await k.run("set", "image", "daemonset/agent", "c=agent:2")).stdout).toBe("daemonset.apps/agent image updated\n");
    await k.run("get", "pods");
    expect(await images("agent-")).toEqual(["agent:2", "agent:2"]);
    expect((await k.kubectl("rollout", "status", "daemonset/agent", "--watch=false")).stdout).toBe('daemon set "agent" successfully rolled out\n');
    expect(history((await k.kubectl("rollout", "history", "daemonset/agent")).stdout)).toEqual(["daemonset.apps/agent", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>", "", ""]);
    const r = await k.run("rollout", "undo", "daemonset/agent");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("daemonset.apps/agent rolled back\n");
    await k.run("get", "pods");
    expect(await images("agent-")).toEqual(["agent:1", "agent:1"]);
    const out = (await k.kubectl("get", "daemonset", "agent")).stdout.split("\n")[1];
    expect(out).toMatch(/^agent\s+2\s+2\s+2\s+2\s+2\s+<none>\s+\S+$/);
  }, 120_000);
});
