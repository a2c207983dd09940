/**
 * The embedded cluster comes to life (issue "Embedded Kubernetes (2)"): the real kubectl against
 * a cluster running the scheduler, the controllers and a kubelet per node, on a fake clock.
 * Each scenario asserts on what kubectl prints, as on a real cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, startLiveCluster, type LiveCluster } from "./live-harness";

let c: LiveCluster;

beforeAll(async () => {
  c = await startLiveCluster();
});
afterAll(async () => {
  await c?.close();
});

const podsOf = async (selector: string, ns = "default") => rows((await c.kubectl("get", "pods", "-n", ns, "-l", selector, "--no-headers=false")).stdout);

describe("a Deployment end to end", () => {
  it("create deployment → rollout status → 3 pods Running on the workers", async () => {
    const r = await c.kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3");
    expect(r.stdout).toBe("deployment.apps/web created\n");
    const status = await c.kubectlWhile({}, "rollout", "status", "deployment/web", "--timeout=60s");
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    expect(status.code).toBe(0);
    const pods = await podsOf("app=web");
    expect(pods).toHaveLength(3);
    for (const p of pods) expect(p.slice(1, 4)).toEqual(["1/1", "Running", "0"]);
    const wide = rows((await c.kubectl("get", "pods", "-l", "app=web", "-o", "wide")).stdout);
    for (const p of wide) expect(p[6]).toMatch(/^worker-\d$/);
  });

  it("kubectl wait --for=condition=Available returns", async () => {
    const r = await c.kubectlWhile({}, "wait", "--for=condition=Available", "deployment/web", "--timeout=60s");
    expect(r.stdout).toBe("deployment.apps/web condition met\n");
  });

  it("get deploy and rs print the controllers' status", async () => {
    const d = rows((await c.kubectl("get", "deploy", "web")).stdout)[0]!;
    expect(d.slice(0, 4)).toEqual(["web", "3/3", "3", "3"]);
    const rs = rows((await c.kubectl("get", "rs", "-l", "app=web")).stdout)[0]!;
    expect(rs[0]).toMatch(/^web-[a-z0-9]{8,10}$/);
    expect(rs.slice(1, 4)).toEqual(["3", "3", "3"]);
  });

  it("deleting a ReplicaSet's pod gets a replacement", async () => {
    const before = (await podsOf("app=web")).map((p) => p[0]!);
    const r = await c.kubectlWhile({}, "delete", "pod", before[0]!);
    expect(r.stdout).toBe(`pod "${before[0]}" deleted\n`);
    await c.advance(3000);
    const after = await podsOf("app=web");
    expect(after).toHaveLength(3);
    expect(after.map((p) => p[0])).not.toContain(before[0]);
    for (const p of after) expect(p[2]).toBe("Running");
  });

  it("set image rolls out a new ReplicaSet, and rollout undo restores the previous image", async () => {
    expect((await c.kubectl("set", "image", "deployment/web", "nginx=nginx:1.26")).stdout).toBe("deployment.apps/web image updated\n");
    expect((await c.kubectlWhile({}, "rollout", "status", "deployment/web", "--timeout=60s")).stdout).toContain('deployment "web" successfully rolled out');
    const history = (await c.kubectl("rollout", "history", "deployment/web")).stdout.split("\n").map((l) => l.trim());
    expect(history.slice(0, 4)).toEqual(["deployment.apps/web", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"]);
    expect((await c.kubectl("rollout", "undo", "deployment/web")).stdout).toBe("deployment.apps/web rolled back\n");
    expect((await c.kubectlWhile({}, "rollout", "status", "deployment/web", "--timeout=60s")).stdout).toContain("successfully rolled out");
    const image = await c.kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
    expect(image.stdout).toBe("nginx:1.27");
  });

  it("the Deployment's events read like a real cluster's", async () => {
    const r = await c.kubectl("describe", "deployment", "web");
    expect(r.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-[a-z0-9]+ (from 0 )?to 3/);
    const ev = await c.kubectl("get", "events", "--field-selector", "reason=Scheduled", "-o", "jsonpath={.items[0].message}");
    expect(ev.stdout).toMatch(/^Successfully assigned default\/web-[a-z0-9]+-[a-z0-9]{5} to worker-\d$/);
  });

  it("deleting the Deployment garbage-collects its ReplicaSets and pods", async () => {
    expect((await c.kubectlWhile({}, "delete", "deployment", "web")).stdout).toBe('deployment.apps "web" deleted\n');
    await c.advance(5000);
    expect((await c.kubectl("get", "rs,pods", "-l", "app=web")).stderr).toBe("No resources found in default namespace.\n");
  });
});

describe("failures a learner debugs", () => {
  it("an image typo shows ErrImagePull, then ImagePullBackOff", async () => {
    expect((await c.kubectl("run", "typo", "--image=nginx:1.99")).stdout).toBe("pod/typo created\n");
    await c.advance(1000);
    const first = rows((await c.kubectl("get", "pod", "typo")).stdout)[0]!;
    expect(first.slice(1, 3)).toEqual(["0/1", "ErrImagePull"]);
    await c.advance(3000);
    const later = rows((await c.kubectl("get", "pod", "typo")).stdout)[0]!;
    expect(later.slice(1, 3)).toEqual(["0/1", "ImagePullBackOff"]);
    const d = await c.kubectl("describe", "pod", "typo");
    expect(d.stdout).toContain('Failed to pull image "nginx:1.99"');
  });

  it("a crash loop shows growing restarts and CrashLoopBackOff", async () => {
    await c.kubectl("run", "crash", "--image=busybox", "--", "sh", "-c", "exit 1");
    await c.advance(3000);
    const early = rows((await c.kubectl("get", "pod", "crash")).stdout)[0]!;
    await c.advance(60_000);
    const late = rows((await c.kubectl("get", "pod", "crash")).stdout)[0]!;
    expect(late[2]).toBe("CrashLoopBackOff");
    expect(Number.parseInt(late[3]!, 10)).toBeGreaterThan(Number.parseInt(early[3]!, 10));
    const d = await c.kubectl("describe", "pod", "crash");
    expect(d.stdout).toMatch(/Warning\s+BackOff\s+.*Back-off restarting failed container crash in pod crash_default/);
  });

  it("a pod requesting more CPU than any node has stays Pending with the real message", async () => {
    const manifest = c.write(
      "big.yaml",
      `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: "64"
`,
    );
    expect((await c.kubectl("apply", "-f", manifest)).stdout).toBe("pod/big created\n");
    await c.advance(2000);
    expect(rows((await c.kubectl("get", "pod", "big")).stdout)[0]!.slice(1, 3)).toEqual(["0/1", "Pending"]);
    const ev = await c.kubectl("get", "events", "--field-selector", "involvedObject.name=big,reason=FailedScheduling", "-o", "jsonpath={.items[0].message}");
    // 64 CPUs exceed every node's allocatable, so NodeResourcesFit marks them unresolvable
    // (upstream's InsufficientResource.Unresolvable): preemption cannot help on any node
    expect(ev.stdout).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});

describe("Jobs, DaemonSets and StatefulSets", () => {
  it("a Job completes and its logs show its output", async () => {
    expect((await c.kubectl("create", "job", "hello", "--image=busybox", "--", "echo", "hello from the job")).stdout).toBe("job.batch/hello created\n");
    const w = await c.kubectlWhile({}, "wait", "--for=condition=complete", "job/hello", "--timeout=60s");
    expect(w.stdout).toBe("job.batch/hello condition met\n");
    expect((await c.kubectl("logs", "job/hello")).stdout).toBe("hello from the job\n");
    const job = rows((await c.kubectl("get", "job", "hello")).stdout)[0]!;
    expect(job.slice(1, 3)).toEqual(["Complete", "1/1"]);
  });

  it("a DaemonSet runs one pod per schedulable node", async () => {
    const manifest = c.write(
      "ds.yaml",
      `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox
        command: ["sleep", "3600"]
`,
    );
    await c.kubectl("apply", "-f", manifest);
    await c.advance(4000);
    const pods = rows((await c.kubectl("get", "pods", "-l", "app=agent", "-o", "wide")).stdout);
    expect(pods.map((p) => p[6]).sort()).toEqual(["worker-1", "worker-2"]);
    const ds = rows((await c.kubectl("get", "ds", "agent")).stdout)[0]!;
    expect(ds.slice(1, 6)).toEqual(["2", "2", "2", "2", "2"]);
  });

  it("a StatefulSet creates db-0 before db-1", async () => {
    const manifest = c.write(
      "sts.yaml",
      `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: redis
        image: redis:7
`,
    );
    await c.kubectl("apply", "-f", manifest);
    await c.advance(300);
    expect(rows((await c.kubectl("get", "pods", "-l", "app=db")).stdout).map((p) => p[0])).toEqual(["db-0"]);
    await c.advance(6000);
    expect(rows((await c.kubectl("get", "pods", "-l", "app=db")).stdout).map((p) => [p[0], p[2]])).toEqual([
      ["db-0", "Running"],
      ["db-1", "Running"],
    ]);
  });
});

describe("nodes", () => {
  it("cordon, uncordon and taint", async () => {
    expect((await c.kubectl("cordon", "worker-2")).stdout).toBe("node/worker-2 cordoned\n");
    expect(rows((await c.kubectl("get", "node", "worker-2")).stdout)[0]![1]).toBe("Ready,SchedulingDisabled");
    expect((await c.kubectl("uncordon", "worker-2")).stdout).toBe("node/worker-2 uncordoned\n");
    expect((await c.kubectl("taint", "nodes", "worker-2", "dedicated=gpu:NoSchedule")).stdout).toBe("node/worker-2 tainted\n");
    expect((await c.kubectl("taint", "nodes", "worker-2", "dedicated=gpu:NoSchedule-")).stdout).toBe("node/worker-2 untainted\n");
  });

  it("kubectl drain moves pods off a node", async () => {
    await c.kubectl("create", "deployment", "spread", "--image=nginx", "--replicas=4");
    await c.advance(4000);
    // bare pods (no controller) would make drain refuse without --force: remove the earlier ones
    await c.kubectlWhile({}, "delete", "pod", "typo", "crash", "big", "--grace-period=0", "--force");
    const r = await c.kubectlWhile({}, "drain", "worker-1", "--ignore-daemonsets", "--timeout=60s");
    // the node also runs kube-proxy, kubeadm's DaemonSet
    expect(r.stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: default\/agent-[a-z0-9]{5}, kube-system\/kube-proxy-[a-z0-9]{5}\n$/);
    expect(r.stdout).toContain("node/worker-1 cordoned");
    expect(r.stdout).toMatch(/evicting pod default\/spread-[a-z0-9]+-[a-z0-9]{5}/);
    expect(r.stdout).toContain("node/worker-1 drained");
    await c.advance(4000);
    const pods = rows((await c.kubectl("get", "pods", "-l", "app=spread", "-o", "wide")).stdout);
    expect(pods).toHaveLength(4);
    for (const p of pods) expect(p[6]).toBe("worker-2");
    await c.kubectl("uncordon", "worker-1");
  });

  it("a stopped node turns NotReady and its pods are recreated elsewhere", async () => {
    const before = rows((await c.kubectl("get", "pods", "-l", "app=spread", "-o", "wide")).stdout);
    expect(before.every((p) => p[6] === "worker-2")).toBe(true);
    c.cluster.components!.fleet!.stopKubelet("worker-2");
    await c.advance(45_000);
    expect(rows((await c.kubectl("get", "node", "worker-2")).stdout)[0]![1]).toBe("NotReady");
    await c.advance(310_000);
    const running = rows((await c.kubectl("get", "pods", "-l", "app=spread", "-o", "wide")).stdout).filter((p) => p[2] === "Running");
    expect(running).toHaveLength(4);
    for (const p of running) expect(p[6]).toBe("worker-1");
  });
});
