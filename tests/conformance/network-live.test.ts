/**
 * Networking on a live cluster (issue "Embedded Kubernetes (3)"): the real kubectl against a
 * cluster whose add-ons run as kubeadm deploys them — the `coredns` Deployment behind the
 * `kube-dns` Service and the `kube-proxy` DaemonSet — on a FakeClock. Services, DNS answered by
 * the coredns pods, load balancing, NetworkPolicy, shared pod namespaces and kube-proxy's rules,
 * each checked on what kubectl prints, as on a real cluster.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hop } from "../../lib/kube/network";
import { kubectlBinary } from "./harness";
import { rows, startLiveCluster, type LiveCluster, type Result } from "./live-harness";

let c: LiveCluster;

beforeAll(async () => {
  c = await startLiveCluster();
  // a fresh kubeadm cluster: the add-on pods come up within seconds
  await c.advance(5000);
  expect((await c.kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2")).code).toBe(0);
  expect((await c.kubectl("run", "client", "--image=busybox:1.37", "--", "sleep", "infinity")).code).toBe(0);
  expect((await c.kubectlWhile({}, "rollout", "status", "deployment/web", "--timeout=60s")).code).toBe(0);
  await c.advance(2000);
}, 120_000);

afterAll(async () => {
  await c?.close();
});

const exec = (...args: string[]) => c.kubectl("exec", "client", "--", ...args);
/** a command that waits on cluster time (a client timeout) runs while the clock moves */
const execTimed = (...args: string[]) => c.kubectlWhile({}, "exec", "client", "--", ...args);
const clusterIP = async (svc: string, ns = "default") => (await c.kubectl("get", "svc", svc, "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).stdout;

describe("the add-ons of a kubeadm cluster", () => {
  it("kube-system runs two coredns pods and a kube-proxy pod per node", async () => {
    const pods = rows((await c.kubectl("get", "pods", "-n", "kube-system", "-o", "wide")).stdout);
    const coredns = pods.filter((p) => p[0]!.startsWith("coredns-"));
    const proxies = pods.filter((p) => p[0]!.startsWith("kube-proxy-"));
    expect(coredns).toHaveLength(2);
    for (const p of coredns) {
      expect(p[0]).toMatch(/^coredns-[a-z0-9]{8,10}-[a-z0-9]{5}$/);
      expect(p.slice(1, 4)).toEqual(["1/1", "Running", "0"]);
      expect(p[5]).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    expect(proxies).toHaveLength(3);
    for (const p of proxies) {
      expect(p[0]).toMatch(/^kube-proxy-[a-z0-9]{5}$/);
      expect(p.slice(1, 4)).toEqual(["1/1", "Running", "0"]);
    }
    // kube-proxy runs in the host network namespace of every node, the control plane included
    expect(proxies.map((p) => [p[6], p[5]]).sort()).toEqual([
      ["control-plane", "172.18.0.2"],
      ["worker-1", "172.18.0.3"],
      ["worker-2", "172.18.0.4"],
    ]);
  });

  it("get deploy,ds,svc shows coredns, kube-proxy and kube-dns at 10.96.0.10", async () => {
    const deploy = rows((await c.kubectl("get", "deploy", "coredns", "-n", "kube-system")).stdout)[0]!;
    expect(deploy.slice(0, 4)).toEqual(["coredns", "2/2", "2", "2"]);
    const ds = rows((await c.kubectl("get", "ds", "kube-proxy", "-n", "kube-system")).stdout)[0]!;
    expect(ds.slice(0, 7)).toEqual(["kube-proxy", "3", "3", "3", "3", "3", "kubernetes.io/os=linux"]);
    const svc = rows((await c.kubectl("get", "svc", "kube-dns", "-n", "kube-system")).stdout)[0]!;
    expect(svc.slice(0, 5)).toEqual(["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"]);
    const spec = JSON.parse((await c.kubectl("get", "deploy", "coredns", "-n", "kube-system", "-o", "json")).stdout) as {
      spec: { template: { spec: { priorityClassName: string; tolerations: unknown[]; containers: { image: string }[] } } };
    };
    expect(spec.spec.template.spec.priorityClassName).toBe("system-cluster-critical");
    expect(spec.spec.template.spec.tolerations).toContainEqual({ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" });
    expect(spec.spec.template.spec.containers[0]!.image).toBe("registry.k8s.io/coredns/coredns:v1.12.0");
    const ep = rows((await c.kubectl("get", "endpoints", "kube-dns", "-n", "kube-system")).stdout)[0]!;
    // per port, every address (dns, then dns-tcp …), cut after three as kubectl prints them
    expect(ep[1]).toMatch(/^(10\.244\.\d+\.\d+):53,(10\.244\.\d+\.\d+):53,\1:53 \+ 3 more\.\.\.$/);
  });

  it("their logs read like CoreDNS's and kube-proxy's", async () => {
    const corefile = (await c.kubectl("get", "cm", "coredns", "-n", "kube-system", "-o", "jsonpath={.data.Corefile}")).stdout;
    const sha = createHash("sha512").update(corefile).digest("hex");
    const dns = await c.kubectl("logs", "-n", "kube-system", "deploy/coredns");
    expect(dns.stdout).toBe(`maxprocs: Leaving GOMAXPROCS=2: CPU quota undefined\n.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${sha}\nCoreDNS-1.12.0\nlinux/amd64, go1.23.3, 51e11f1\n`);
    const proxy = await c.kubectl("logs", "-n", "kube-system", "ds/kube-proxy");
    const lines = proxy.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^I1127 09:00:\d\d\.\d{6} {7}1 server_linux\.go:63\] "Using iptables proxy"$/);
    expect(lines).toContainEqual(expect.stringMatching(/ server_linux\.go:145\] "Using iptables Proxier"$/));
    expect(lines).toContainEqual(expect.stringMatching(/ server\.go:516\] "Version info" version="v1\.33\.1"$/));
    expect(lines.at(-1)).toMatch(/ shared_informer\.go:357\] "Caches are synced" controller="node config"$/);
  });
});

describe("Services, DNS and kube-proxy", () => {
  it("kubectl expose deploy web --port=80; wget -qO- http://web returns nginx's page", async () => {
    expect(await c.kubectl("expose", "deploy", "web", "--port=80")).toEqual({ code: 0, stdout: "service/web exposed\n", stderr: "" });
    await c.advance(1000);
    const page = await exec("wget", "-qO-", "http://web");
    expect(page.code).toBe(0);
    expect(page.stdout).toContain("<title>Welcome to nginx!</title>");
  });

  it("nslookup web.default.svc.cluster.local prints the ClusterIP, answered by a coredns pod", async () => {
    const ip = await clusterIP("web");
    const r = await exec("nslookup", "web.default.svc.cluster.local");
    expect(r).toEqual({ code: 0, stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n\n`, stderr: "" });
    // the packet's way: kube-proxy DNATs 10.96.0.10:53/UDP to a coredns pod, which answers
    const hops: Hop[] = [];
    const answer = c.cluster.components!.networking!.network.dnsQuery({ fromPod: { namespace: "default", name: "client" } }, "10.96.0.10", "web.default.svc.cluster.local", "A", hops);
    expect(answer).not.toBe("timeout");
    expect(hops.some((h) => h.kind === "dnat" && h.detail.includes(":53"))).toBe(true);
    expect(hops.at(-1)!.detail).toMatch(new RegExp(`→ coredns coredns-[a-z0-9]+-[a-z0-9]{5} \\(10\\.244\\.\\d+\\.\\d+\\): NOERROR ${ip.replace(/\./g, "\\.")}$`));
  });

  it("30 requests to a 3-replica traefik/whoami Service reach all 3 pods", async () => {
    await c.kubectl("create", "deployment", "who", "--image=traefik/whoami", "--replicas=3");
    expect((await c.kubectlWhile({}, "rollout", "status", "deployment/who", "--timeout=60s")).code).toBe(0);
    expect((await c.kubectl("expose", "deploy", "who", "--port=80")).stdout).toBe("service/who exposed\n");
    await c.advance(1000);
    const r = await exec("sh", "-c", "for i in $(seq 30); do wget -qO- http://who; done");
    expect(r.code).toBe(0);
    const hostnames = r.stdout.split("\n").filter((l) => l.startsWith("Hostname: "));
    expect(hostnames).toHaveLength(30);
    const pods = rows((await c.kubectl("get", "pods", "-l", "app=who")).stdout).map((p) => `Hostname: ${p[0]}`);
    expect(new Set(hostnames)).toEqual(new Set(pods));
  });

  it("the rule table for a Service with 3 endpoints has kube-proxy's probability chain", async () => {
    const ip = await clusterIP("who");
    const text = c.cluster.components!.networking!.proxies.get("worker-1")!.iptablesSave({ table: "nat" });
    const jump = text.split("\n").find((l) => l.startsWith(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/who cluster IP"`))!;
    expect(jump).toMatch(/ -m tcp --dport 80 -j (KUBE-SVC-[A-Z0-9]{16})$/);
    const svcChain = / -j (KUBE-SVC-[A-Z0-9]{16})$/.exec(jump)![1]!;
    const toSeps = text.split("\n").filter((l) => l.startsWith(`-A ${svcChain} `) && l.includes("-j KUBE-SEP-"));
    expect(toSeps).toHaveLength(3);
    expect(toSeps[0]).toMatch(/ -m statistic --mode random --probability 0\.33333333349 -j KUBE-SEP-[A-Z0-9]{16}$/);
    expect(toSeps[1]).toMatch(/ -m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-[A-Z0-9]{16}$/);
    expect(toSeps[2]).not.toContain("--probability");
    expect(toSeps[2]).toMatch(/ -j KUBE-SEP-[A-Z0-9]{16}$/);
    // each KUBE-SEP chain DNATs to one pod
    for (const l of toSeps) {
      const sep = / -j (KUBE-SEP-[A-Z0-9]{16})$/.exec(l)![1]!;
      expect(text).toMatch(new RegExp(`-A ${sep} -p tcp -m comment --comment "default/who" -m tcp -j DNAT --to-destination 10\\.244\\.\\d+\\.\\d+:80`));
    }
  });

  it("a NetworkPolicy denial is observable and lifting it restores traffic", async () => {
    const policy = c.write(
      "deny-web.yaml",
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-web
spec:
  podSelector:
    matchLabels: {app: web}
  policyTypes: [Ingress]
`,
    );
    expect((await c.kubectl("apply", "-f", policy)).stdout).toBe("networkpolicy.networking.k8s.io/deny-web created\n");
    await c.advance(500);
    const denied = await execTimed("wget", "-qO-", "-T", "2", "http://web");
    expect(denied).toEqual({ code: 1, stdout: "", stderr: "wget: download timed out\ncommand terminated with exit code 1\n" });
    expect((await c.kubectl("delete", "networkpolicy", "deny-web")).stdout).toBe('networkpolicy.networking.k8s.io "deny-web" deleted\n');
    await c.advance(500);
    const back = await execTimed("wget", "-qO-", "-T", "2", "http://web");
    expect(back.code).toBe(0);
    expect(back.stdout).toContain("<title>Welcome to nginx!</title>");
  });

  it("scaling to 0 leaves no endpoints and the request fails", async () => {
    expect((await c.kubectl("scale", "deploy", "web", "--replicas=0")).stdout).toBe("deployment.apps/web scaled\n");
    await c.advance(35_000);
    const ep = rows((await c.kubectl("get", "endpoints", "web")).stdout)[0]!;
    expect(ep.slice(0, 2)).toEqual(["web", "<none>"]);
    const ip = await clusterIP("web");
    const r = await execTimed("wget", "-qO-", "-T", "2", "http://web");
    expect(r).toEqual({ code: 1, stdout: "", stderr: `wget: can't connect to remote host (${ip}): Connection refused\ncommand terminated with exit code 1\n` });
    await c.kubectl("scale", "deploy", "web", "--replicas=2");
    expect((await c.kubectlWhile({}, "rollout", "status", "deployment/web", "--timeout=60s")).code).toBe(0);
    await c.advance(1000);
    expect((await exec("wget", "-qO-", "http://web")).code).toBe(0);
  });

  it("without coredns pods nothing answers DNS; scaled back, names resolve again", async () => {
    await c.kubectl("scale", "deploy", "coredns", "-n", "kube-system", "--replicas=0");
    await c.advance(10_000);
    expect(rows((await c.kubectl("get", "endpoints", "kube-dns", "-n", "kube-system")).stdout)[0]![1]).toBe("<none>");
    const r = await exec("nslookup", "web");
    expect(r).toEqual({ code: 1, stdout: ";; connection timed out; no servers could be reached\n\n", stderr: "command terminated with exit code 1\n" });
    expect((await execTimed("wget", "-qO-", "-T", "2", "http://web")).stderr).toBe("wget: bad address 'web'\ncommand terminated with exit code 1\n");
    await c.kubectl("scale", "deploy", "coredns", "-n", "kube-system", "--replicas=2");
    expect((await c.kubectlWhile({}, "rollout", "status", "deployment/coredns", "-n", "kube-system", "--timeout=60s")).code).toBe(0);
    await c.advance(1000);
    expect((await exec("nslookup", "web")).code).toBe(0);
  });
});

describe("inside the pods", () => {
  it("a two-container pod reaches its sibling on localhost and shares an emptyDir", async () => {
    const manifest = c.write(
      "duo.yaml",
      `apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  containers:
  - name: a
    image: busybox:1.37
    command: ["sh", "-c", "sleep infinity"]
    volumeMounts: [{name: shared, mountPath: /shared}]
  - name: b
    image: registry.k8s.io/e2e-test-images/agnhost:2.52
    args: ["netexec", "--http-port=8080"]
    volumeMounts: [{name: shared, mountPath: /data}]
  volumes:
  - name: shared
    emptyDir: {}
`,
    );
    expect((await c.kubectl("apply", "-f", manifest)).stdout).toBe("pod/duo created\n");
    expect((await c.kubectlWhile({}, "wait", "--for=condition=Ready", "pod/duo", "--timeout=60s")).code).toBe(0);
    expect(await c.kubectl("exec", "duo", "-c", "a", "--", "wget", "-qO-", "http://localhost:8080/hostname")).toEqual({ code: 0, stdout: "duo", stderr: "" });
    expect((await c.kubectl("exec", "duo", "-c", "a", "--", "sh", "-c", "echo shared > /shared/note")).code).toBe(0);
    expect(await c.kubectl("exec", "duo", "-c", "b", "--", "cat", "/data/note")).toEqual({ code: 0, stdout: "shared\n", stderr: "" });
  });

  it("kubectl exec pod -- sh -c 'exit 3' exits 3", async () => {
    expect(await exec("sh", "-c", "exit 3")).toEqual({ code: 3, stdout: "", stderr: "command terminated with exit code 3\n" });
  });

  it("kubectl exec -it works interactively through a pseudo-terminal", async () => {
    const r = await interactive(["exec", "-it", "client", "--", "sh"], [
      { expect: /\/ # $/, send: "nslookup web\r" },
      { expect: /Name:\tweb[^]*\/ # $/, send: "hostname\r" },
      { expect: /client\r\n\/ # $/, send: "exit 4\r" },
    ]);
    const ip = await clusterIP("web");
    expect(r.stdout).toContain(`Name:\tweb.default.svc.cluster.local\r\nAddress: ${ip}\r\n`);
    expect(r.stdout).toContain("/ # hostname\r\nclient\r\n/ # exit 4\r\n");
    expect(r.stdout).toContain("command terminated with exit code 4");
    expect(r.code).toBe(4);
  });
});

/**
 * `kubectl exec -it` on a pseudo-terminal (util-linux `script`): types each step's input once
 * the terminal output so far matches its `expect`; cluster time keeps moving meanwhile.
 */
function interactive(args: string[], steps: { expect: RegExp; send: string }[]): Promise<Result> {
  const cmd = [kubectlBinary("default"), "--kubeconfig", join(c.dir, "config"), "--cache-dir", join(c.dir, "cache"), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", cmd, "/dev/null"], { cwd: c.dir, env: { ...process.env, HOME: c.dir, TERM: "xterm" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let step = 0;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      while (step < steps.length && steps[step]!.expect.test(out)) child.stdin.write(steps[step++]!.send);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`interactive session stuck at step ${step}; terminal so far:\n${out}`));
    }, 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: out, stderr: "" });
    });
  });
}
