import { afterEach, describe, expect, it } from "vitest";
import { condition, cstatus, kubeletTestCluster, type KubeletTestCluster } from "./testing";

let t: KubeletTestCluster;
afterEach(() => t?.close());

const nginx = { containers: [{ name: "nginx", image: "nginx" }] };

describe("kubelet pod lifecycle", () => {
  it("runs an nginx pod through sandbox, pull, create, start and ready", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", nginx);
    let pod = await t.pod("web");
    expect(pod?.status).toMatchObject({ phase: "Pending", hostIP: "172.18.0.3" });
    expect(cstatus(pod).state).toEqual({ waiting: { reason: "ContainerCreating" } });
    expect(condition(pod, "PodReadyToStartContainers")).toBe("False");

    await t.run(300);
    pod = await t.pod("web");
    expect((pod?.status as { podIP?: string }).podIP).toBe("10.244.1.2");
    expect(condition(pod, "PodReadyToStartContainers")).toBe("True");
    expect(cstatus(pod).state).toEqual({ waiting: { reason: "ContainerCreating" } });

    await t.run(2000);
    pod = await t.pod("web");
    expect(pod?.status).toMatchObject({ phase: "Running", qosClass: "BestEffort", podIPs: [{ ip: "10.244.1.2" }] });
    const cs = cstatus(pod);
    expect(cs).toMatchObject({ name: "nginx", ready: true, started: true, restartCount: 0, image: "docker.io/library/nginx:latest", lastState: {} });
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(Object.keys(cs.state)).toEqual(["running"]);
    for (const c of ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]) expect(condition(pod, c)).toBe("True");
    const events = await t.events("web");
    expect(events[0]).toBe('Normal Pulling Pulling image "nginx"');
    expect(events[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 72195292 bytes\.$/);
    expect(events.slice(2)).toEqual(["Normal Created Created container: nginx", "Normal Started Started container nginx"]);
    const logs = await t.logs("web");
    expect(logs).toContain("/docker-entrypoint.sh: Configuration complete; ready for start up\n");
    expect(logs).toMatch(/\[notice\] 1#1: nginx\/1\.29\.3\n/);
  });

  it("three nginx replicas over two nodes are all Running within 2 s", async () => {
    t = await kubeletTestCluster();
    await Promise.all([t.createPod("r1", nginx, "worker-1"), t.createPod("r2", nginx, "worker-2"), t.createPod("r3", nginx, "worker-1")]);
    await t.run(2000);
    for (const n of ["r1", "r2", "r3"]) expect((await t.pod(n))?.status).toMatchObject({ phase: "Running" });
    expect((await t.pod("r3"))?.status).toMatchObject({ podIP: expect.stringMatching(/^10\.244\.1\.[23]$/) });
    // the second pull on worker-1 waited for the first (serialized pulls)
    expect((await t.events("r3")).find((e) => e.startsWith("Normal Pulled"))).toMatch(/in \d+ms \(1\.\d+s including waiting\)/);
  });

  it("skips the pull for IfNotPresent when the image is on the node", async () => {
    t = await kubeletTestCluster();
    await t.createPod("a", { containers: [{ name: "c", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }] });
    await t.run(2500);
    await t.createPod("b", { containers: [{ name: "c", image: "nginx:1.27", imagePullPolicy: "IfNotPresent" }] });
    await t.run(1000);
    expect(await t.events("b")).toEqual(['Normal Pulled Container image "nginx:1.27" already present on machine', "Normal Created Created container: c", "Normal Started Started container c"]);
    expect((await t.pod("b"))?.status).toMatchObject({ phase: "Running" });
  });

  it("ErrImagePull then ImagePullBackOff with a doubling back-off", async () => {
    t = await kubeletTestCluster();
    await t.createPod("bad", { containers: [{ name: "c", image: "nginx:1.99" }] });
    await t.run(1000);
    let cs = cstatus(await t.pod("bad"));
    const err = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found';
    expect(cs.state).toEqual({ waiting: { reason: "ErrImagePull", message: err } });
    await t.run(2000);
    cs = cstatus(await t.pod("bad"));
    expect(cs.state).toEqual({ waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "nginx:1.99": ErrImagePull: ${err}` } });
    const ev = await t.events("bad");
    expect(ev).toContain(`Warning Failed Failed to pull image "nginx:1.99": ${err}`);
    expect(ev).toContain("Warning Failed Error: ErrImagePull");
    expect(ev).toContain('Normal BackOff Back-off pulling image "nginx:1.99"');
    expect(ev).toContain("Warning Failed Error: ImagePullBackOff");
    // second pull after 10 s, third after 20 more
    await t.run(9000);
    expect((await t.events("bad")).find((e) => e.startsWith("Normal Pulling"))).toBe('Normal Pulling Pulling image "nginx:1.99" (x2)');
    await t.run(15_000);
    expect((await t.events("bad")).find((e) => e.startsWith("Normal Pulling"))).toBe('Normal Pulling Pulling image "nginx:1.99" (x2)');
    await t.run(7000);
    expect((await t.events("bad")).find((e) => e.startsWith("Normal Pulling"))).toBe('Normal Pulling Pulling image "nginx:1.99" (x3)');
  });

  it("runs a job-like pod to completion and keeps its logs", async () => {
    t = await kubeletTestCluster();
    await t.createPod("hi", { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["echo", "hi"] }] });
    await t.run(1500);
    const pod = await t.pod("hi");
    expect(pod?.status).toMatchObject({ phase: "Succeeded" });
    expect(cstatus(pod).state.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    expect(cstatus(pod).ready).toBe(false);
    expect(condition(pod, "Ready")).toBe("False");
    expect(condition(pod, "PodReadyToStartContainers")).toBe("False");
    expect(await t.logs("hi")).toBe("hi\n");
  });

  it("a failing command with restartPolicy Never fails the pod", async () => {
    t = await kubeletTestCluster();
    await t.createPod("f", { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo boom; exit 3"] }] });
    await t.run(1500);
    const pod = await t.pod("f");
    expect(pod?.status).toMatchObject({ phase: "Failed" });
    expect(cstatus(pod).state.terminated).toMatchObject({ exitCode: 3, reason: "Error" });
  });

  it("runs init containers in order before the app container", async () => {
    t = await kubeletTestCluster();
    await t.createPod("init", {
      initContainers: [
        { name: "one", image: "busybox", command: ["sh", "-c", "sleep 2"] },
        { name: "two", image: "busybox", command: ["sh", "-c", "echo two"] },
      ],
      containers: [{ name: "app", image: "busybox", command: ["sleep", "3600"] }],
    });
    await t.run(1200);
    let pod = await t.pod("init");
    expect(pod?.status).toMatchObject({ phase: "Pending" });
    expect(Object.keys(cstatus(pod, 0, true).state)).toEqual(["running"]);
    expect(cstatus(pod, 1, true).state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(cstatus(pod).state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect((pod?.status as { conditions: { type: string; reason?: string; message?: string }[] }).conditions.find((c) => c.type === "Initialized")).toMatchObject({ status: "False", reason: "ContainersNotInitialized", message: "containers with incomplete status: [one two]" });
    await t.run(3000);
    pod = await t.pod("init");
    expect(pod?.status).toMatchObject({ phase: "Running" });
    expect(cstatus(pod, 0, true).state.terminated).toMatchObject({ reason: "Completed", exitCode: 0 });
    expect(cstatus(pod, 1, true).state.terminated).toMatchObject({ reason: "Completed" });
    expect(condition(pod, "Initialized")).toBe("True");
    const ev = (await t.events("init")).filter((e) => e.includes("Started"));
    expect(ev).toEqual(["Normal Started Started container one", "Normal Started Started container two", "Normal Started Started container app"]);
  });

  it("rejects a pod that does not fit the node (OutOfcpu)", async () => {
    t = await kubeletTestCluster();
    await t.createPod("big", { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "3" } } }] });
    const pod = await t.pod("big");
    expect(pod?.status).toMatchObject({ phase: "Failed", reason: "OutOfcpu", message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
    expect(await t.events("big")).toEqual(["Warning OutOfcpu Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"]);
  });
});
