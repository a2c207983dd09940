import { afterEach, describe, expect, it } from "vitest";
import { condition, cstatus, kubeletTestCluster, type KubeletTestCluster } from "./testing";

let t: KubeletTestCluster;
afterEach(() => t?.close());

describe("kubelet features", () => {
  it("a startup probe gates started; then readiness (tcpSocket) makes redis ready", async () => {
    t = await kubeletTestCluster();
    await t.createPod("redis", {
      containers: [{ name: "redis", image: "redis:7", startupProbe: { tcpSocket: { port: 6379 }, periodSeconds: 2 }, readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5 } }],
    });
    await t.run(1500);
    let p = await t.pod("redis");
    expect(cstatus(p)).toMatchObject({ started: false, ready: false });
    await t.run(1500);
    p = await t.pod("redis");
    expect(cstatus(p).started).toBe(true);
    await t.run(1000);
    p = await t.pod("redis");
    expect(cstatus(p)).toMatchObject({ started: true, ready: true });
    expect(condition(p, "Ready")).toBe("True");
    expect(await t.logs("redis")).toContain("Ready to accept connections tcp");
  });

  it("a failing tcp readiness probe reports connection refused", async () => {
    t = await kubeletTestCluster();
    await t.createPod("np", { containers: [{ name: "c", image: "nginx", readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 2 } }] });
    await t.run(4000);
    const ev = await t.events("np");
    expect(ev.some((e) => /^Warning Unhealthy Readiness probe failed: dial tcp 10\.244\.1\.2:8080: connect: connection refused/.test(e))).toBe(true);
    expect(cstatus(await t.pod("np")).ready).toBe(false);
  });

  it("containers of a pod share emptyDir volumes and the network namespace", async () => {
    t = await kubeletTestCluster();
    await t.createPod("shared", {
      volumes: [{ name: "data", emptyDir: {} }],
      containers: [
        { name: "web", image: "nginx", volumeMounts: [{ name: "data", mountPath: "/usr/share/nginx/html" }] },
        { name: "writer", image: "busybox", command: ["sh", "-c", "while true; do date >> /data/index.html; sleep 2; done"], volumeMounts: [{ name: "data", mountPath: "/data" }] },
        { name: "client", image: "curlimages/curl", command: ["sh", "-c", "sleep 3; curl -s http://localhost/; sleep 3600"] },
      ],
    });
    await t.run(8000);
    const rt = t.fleet.runtime("worker-1")!;
    const pod = (await t.pod("shared"))!;
    const web = rt.containersOf(pod.metadata.uid!, "web")[0]!;
    expect(web.fs.read("/usr/share/nginx/html/index.html")).toMatch(/UTC 2026\n/);
    // nginx serves its docroot, which is the shared emptyDir the writer fills
    expect(await t.logs("shared", { container: "client" })).toMatch(/^Fri Nov 27 13:00:01 UTC 2026\n/);
  });

  it("a missing ConfigMap is a CreateContainerConfigError; env from a ConfigMap and fieldRefs otherwise", async () => {
    t = await kubeletTestCluster();
    const env = [
      { name: "GREETING", valueFrom: { configMapKeyRef: { name: "cfg", key: "greeting" } } },
      { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "MSG", value: "$(GREETING) from $(POD)" },
    ];
    await t.createPod("env", { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo $MSG"], env }] });
    await t.run(1500);
    expect(cstatus(await t.pod("env")).state).toEqual({ waiting: { reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' } });
    expect(await t.events("env")).toContain('Warning Failed Error: configmap "cfg" not found');
    await t.ctx.client.create({ group: "", version: "v1", resource: "configmaps" }, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { greeting: "hello" } } as never);
    await t.run(12_000);
    expect(await t.logs("env")).toBe("hello from env\n");
    expect((await t.pod("env"))?.status).toMatchObject({ phase: "Succeeded" });
  });

  it("a sidecar init container keeps running beside the app", async () => {
    t = await kubeletTestCluster();
    await t.createPod("side", {
      initContainers: [{ name: "log", image: "busybox", restartPolicy: "Always", command: ["sh", "-c", "while true; do echo tick; sleep 5; done"] }],
      containers: [{ name: "app", image: "nginx" }],
    });
    await t.run(4000);
    const p = await t.pod("side");
    expect(p?.status).toMatchObject({ phase: "Running" });
    expect(Object.keys(cstatus(p, 0, true).state)).toEqual(["running"]);
    expect(Object.keys(cstatus(p).state)).toEqual(["running"]);
    expect(condition(p, "Initialized")).toBe("True");
  });

  it("changing a pod's image restarts its container with the new image", async () => {
    t = await kubeletTestCluster();
    await t.createPod("web", { containers: [{ name: "nginx", image: "nginx:1.27" }] });
    await t.run(2500);
    await t.ctx.client.patch({ group: "", version: "v1", resource: "pods" }, "default", "web", "strategic", { spec: { containers: [{ name: "nginx", image: "nginx:1.28" }] } });
    await t.run(3000);
    const cs = cstatus(await t.pod("web"));
    expect(cs).toMatchObject({ restartCount: 1, image: "docker.io/library/nginx:1.28", ready: true });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
    const ev = await t.events("web");
    expect(ev).toContain("Normal Killing Container nginx definition changed, will be restarted");
    expect(ev).toContain('Normal Pulling Pulling image "nginx:1.28"');
  });

  it("a failing init container crash-loops (Always) or fails the pod (Never)", async () => {
    t = await kubeletTestCluster();
    const spec = { initContainers: [{ name: "init", image: "busybox", command: ["sh", "-c", "exit 2"] }], containers: [{ name: "app", image: "nginx" }] };
    await t.createPod("loop", spec);
    await t.createPod("once", { ...spec, restartPolicy: "Never" }, "worker-2");
    await t.run(5000);
    const loop = await t.pod("loop");
    expect(loop?.status).toMatchObject({ phase: "Pending" });
    expect(cstatus(loop, 0, true)).toMatchObject({ restartCount: 1, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 2, reason: "Error" } } });
    expect(cstatus(loop).state).toEqual({ waiting: { reason: "PodInitializing" } });
    const once = await t.pod("once");
    expect(once?.status).toMatchObject({ phase: "Failed" });
    expect(cstatus(once, 0, true).state.terminated).toMatchObject({ exitCode: 2, reason: "Error" });
  });

  it("hostNetwork pods use the node's IP", async () => {
    t = await kubeletTestCluster();
    await t.createPod("hn", { hostNetwork: true, containers: [{ name: "c", image: "nginx" }] });
    await t.run(2500);
    expect((await t.pod("hn"))?.status).toMatchObject({ phase: "Running", podIP: "172.18.0.3", hostIP: "172.18.0.3" });
  });
});

