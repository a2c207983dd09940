import { afterEach, describe, expect, it } from "vitest";
import { InformerFactory, WorkTracker, seededRandom, type ComponentContext } from "../../../client";
import { FakeClock, ParkableClock } from "../../../clock";
import { createCluster, type Cluster } from "../../../cluster";
import { renewLease } from "../common/testing";
import { NODES, getCondition, rfc3339 } from "../common/util";
import { nodeLifecycleController } from "./index";

/**
 * A cluster that resumes from a park is treated like a restarted kube-controller-manager: the
 * grace period of every node starts again at the resume, however long the park was.
 */
describe("node-lifecycle-controller across a park", () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  async function start() {
    const clock = new FakeClock(Date.UTC(2026, 10, 27, 9));
    const cluster: Cluster = await createCluster({ token: "t", clock, nodes: 3 });
    const parkable = new ParkableClock(clock);
    const client = cluster.apiServer.loopback;
    const informers = new InformerFactory(client);
    const tracker = new WorkTracker();
    const ctx: ComponentContext = { client, informers, clock: parkable, trace: cluster.trace, tracker, random: seededRandom(1) };
    const nlc = nodeLifecycleController();
    await nlc.start(ctx);
    await informers.start();
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await tracker.settle();
        await nlc.flushEvents();
      }
    };
    stop = () => {
      nlc.stop();
      informers.stop();
      cluster.close();
    };
    const readiness = async () => (await client.list(NODES)).items.map((n) => getCondition(n, "Ready")?.status);
    for (const n of ["control-plane", "worker-1", "worker-2"]) await renewLease(client, n, clock.now());
    await settle();
    return { clock, parkable, client, settle, readiness, trace: cluster.trace };
  }

  it("does not hold the parked hour against the nodes; their grace period restarts at the resume", async () => {
    const { clock, parkable, client, settle, readiness, trace } = await start();
    clock.advance(30_000);
    await settle();
    parkable.park();
    expect(clock.pending()).toBe(0);
    clock.advance(3_600_000);
    const resumedAt = clock.now();
    expect(parkable.resume()).toBeGreaterThan(0); // the node checks due at lease expiry
    await settle();
    expect(await readiness()).toEqual(["True", "True", "True"]);
    // worker-1's kubelet renews 20 s after the resume; the others never do
    clock.advance(20_000);
    await renewLease(client, "worker-1", clock.now());
    await settle();
    clock.advance(19_000);
    await settle();
    expect(await readiness()).toEqual(["True", "True", "True"]);
    clock.advance(1_000);
    await settle();
    expect(await readiness()).toEqual(["Unknown", "True", "Unknown"]);
    const health = trace.entries().filter((e) => e.action === "update-node-health");
    expect(health.map((e) => e.detail)).toEqual([
      `lease not renewed since ${rfc3339(resumedAt)} (grace period 40s): Kubelet stopped posting node status.`,
      `lease not renewed since ${rfc3339(resumedAt)} (grace period 40s): Kubelet stopped posting node status.`,
    ]);
  });
});
