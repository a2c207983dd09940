/**
 * `kubectl exec` / `kubectl attach` with the real kubectl against a cluster whose kubelets run
 * (a SteppingClock drives them until the pods run): WebSocket (1.33) and SPDY (1.29, 1.27)
 * transports, exit codes, streamed stdin, an interactive TTY through a pseudo-terminal
 * (`script`), two containers sharing a network namespace and an emptyDir, ConfigMap volumes,
 * and @kubernetes/client-node's Exec.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { Exec, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KubeObject } from "../../lib/kube/api/types";
import { kubeletTestCluster, type KubeletTestCluster } from "../../lib/kube/kubelet/testing";
import { createNetworking, runtimeListeners } from "../../lib/kube/network";
import { sharedServingCertificate } from "../../lib/kube/pki";
import { kubectlBinary, type KubectlVersion } from "./harness";

interface Env {
  t: KubeletTestCluster;
  kubeconfig: string;
  kubeconfigPath: string;
  dir: string;
  server: Server;
}

let env: Env;

beforeAll(async () => {
  const { ca, server: cert } = await sharedServingCertificate();
  const token = `exec-${Math.random().toString(36).slice(2)}`;
  const t = await kubeletTestCluster({ token, caPem: ca.certPem });
  // the data path (kube-proxy, cluster DNS) behind the containers' curl/wget/nslookup
  const networking = createNetworking(["control-plane", "worker-1", "worker-2"], { listeners: runtimeListeners(t.fleet.network) });
  for (const c of networking.components) await c.start(t.ctx);
  await t.ctx.informers.start();
  t.fleet.useNetwork(networking.network);
  const server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => t.cluster.handle(req, res));
  server.on("upgrade", (req, socket, head) => t.cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "kubelab-exec-"));
  const kubeconfig = t.cluster.kubeconfig(url, ca.certPem);
  const kubeconfigPath = join(dir, "kubeconfig");
  writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
  env = { t, kubeconfig, kubeconfigPath, dir, server };
  const client = t.cluster.apiServer.loopback;
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "site", namespace: "default" }, data: { "index.html": "<h1>hello from a ConfigMap</h1>\n", "app.conf": "mode=demo\n" } };
  await client.create({ group: "", version: "v1", resource: "configmaps" }, "default", cm as unknown as KubeObject);
  await t.createPod("nginx", { containers: [{ name: "nginx", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }, "worker-2", { labels: { app: "web" } });
  const svc = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 80 }] } };
  await client.create({ group: "", version: "v1", resource: "services" }, "default", svc as unknown as KubeObject);
  await t.createPod("bb", {
    containers: [{ name: "bb", image: "busybox:1.37", command: ["sleep", "infinity"], volumeMounts: [{ name: "site", mountPath: "/config" }] }],
    volumes: [{ name: "site", configMap: { name: "site" } }],
  });
  await t.createPod("crash", { containers: [{ name: "crash", image: "busybox:1.37", command: ["sh", "-c", "exit 1"] }] });
  await t.createPod("done", { restartPolicy: "Never", containers: [{ name: "done", image: "busybox:1.37", command: ["true"] }] });
  await t.createPod("term", { containers: [{ name: "term", image: "busybox:1.37", command: ["sh"], stdin: true, tty: true }] });
  await t.createPod("duo", {
    containers: [
      { name: "a", image: "busybox:1.37", command: ["sh", "-c", "sleep infinity"], volumeMounts: [{ name: "shared", mountPath: "/shared" }] },
      { name: "b", image: "registry.k8s.io/e2e-test-images/agnhost:2.52", args: ["netexec", "--http-port=8080"], volumeMounts: [{ name: "shared", mountPath: "/data" }] },
    ],
    volumes: [{ name: "shared", emptyDir: {} }],
  });
  // the CoreDNS add-on in small: a coredns pod (its process binds :53) labelled k8s-app=kube-dns behind the kube-dns Service
  const dnsPod = { apiVersion: "v1", kind: "Pod", metadata: { name: "coredns-0", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }, spec: { nodeName: "worker-1", containers: [{ name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.12.0" }] } };
  await client.create({ group: "", version: "v1", resource: "pods" }, "kube-system", dnsPod as unknown as KubeObject);
  const dnsSvc = { apiVersion: "v1", kind: "Service", metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }, spec: { clusterIP: "10.96.0.10", selector: { "k8s-app": "kube-dns" }, ports: [{ name: "dns", port: 53, protocol: "UDP", targetPort: 53 }] } };
  await client.create({ group: "", version: "v1", resource: "services" }, "kube-system", dnsSvc as unknown as KubeObject);
  await t.run(30_000);
  // no endpointslice controller runs here: publish the endpoints as it would
  const podIP = async (ns: string, name: string) => ((await client.get({ group: "", version: "v1", resource: "pods" }, ns, name)).status as { podIP: string }).podIP;
  const slice = (ns: string, svc: string, ip: string, node: string, port: number, protocol: string) => ({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${svc}-abcde`, namespace: ns, labels: { "kubernetes.io/service-name": svc } },
    addressType: "IPv4",
    endpoints: [{ addresses: [ip], conditions: { ready: true, serving: true, terminating: false }, nodeName: node }],
    ports: [{ name: protocol === "UDP" ? "dns" : "", port, protocol }],
  });
  const slices = { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" };
  await client.create(slices, "default", slice("default", "web", await podIP("default", "nginx"), "worker-2", 80, "TCP") as unknown as KubeObject);
  await client.create(slices, "kube-system", slice("kube-system", "kube-dns", await podIP("kube-system", "coredns-0"), "worker-1", 53, "UDP") as unknown as KubeObject);
  await t.run(1000);
});

afterAll(async () => {
  if (!env) return;
  env.t.close();
  env.server.closeAllConnections();
  await new Promise<void>((r) => env.server.close(() => r()));
  rmSync(env.dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(version: KubectlVersion, args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const argv = ["--kubeconfig", env.kubeconfigPath, "--cache-dir", join(env.dir, `cache-${version}`), ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlBinary(version), argv, { cwd: env.dir, env: { ...process.env, HOME: env.dir, ...(opts.env ?? {}) }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}

/**
 * `kubectl exec -it` on a pseudo-terminal (util-linux `script`): types each step's input once
 * the output so far matches its `expect`, then resolves with everything the terminal showed.
 */
function interactive(version: KubectlVersion, args: string[], steps: { expect: RegExp; send: string }[]): Promise<Run> {
  const cmd = [kubectlBinary(version), "--kubeconfig", env.kubeconfigPath, "--cache-dir", join(env.dir, `cache-${version}`), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", cmd, "/dev/null"], { cwd: env.dir, env: { ...process.env, HOME: env.dir, TERM: "xterm" }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let step = 0;
    const advance = () => {
      while (step < steps.length && steps[step]!.expect.test(out)) child.stdin.write(steps[step++]!.send);
    };
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      advance();
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

const WS: KubectlVersion = "1.33";
/** 1.30+ speak WebSocket (v5.channel.k8s.io); 1.27–1.29 only SPDY/3.1 */
const VERSIONS: KubectlVersion[] = [WS, "1.30", "1.29", "1.27"];
const websocket = (v: KubectlVersion) => Number(v.split(".")[1]) >= 30;

for (const version of VERSIONS) {
  describe(`kubectl ${version} exec (${websocket(version) ? "WebSocket v5.channel.k8s.io" : "SPDY/3.1"})`, () => {
    it("runs one command: `exec nginx -- echo hi`", async () => {
      const r = await kubectl(version, ["exec", "nginx", "--", "echo", "hi"]);
      expect(r).toEqual({ code: 0, stdout: "hi\n", stderr: "" });
    });

    it("reports a non-zero exit code like a real cluster", async () => {
      const r = await kubectl(version, ["exec", "nginx", "--", "sh", "-c", "echo out; echo err >&2; exit 3"]);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("out\n");
      expect(r.stderr).toBe("err\ncommand terminated with exit code 3\n");
    });

    it("streams stdin: `echo data | exec -i nginx -- cat`", async () => {
      const r = await kubectl(version, ["exec", "-i", "nginx", "--", "cat"], { stdin: "data\nmore data\n" });
      expect(r).toEqual({ code: 0, stdout: "data\nmore data\n", stderr: "" });
    });

    it("an unknown command fails as containerd reports it", async () => {
      const r = await kubectl(version, ["exec", "nginx", "--", "nope"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in \$PATH: unknown\n$/);
    });

    it("errors before the upgrade: unknown pod, unknown container", async () => {
      const missing = await kubectl(version, ["exec", "nope", "--", "ls"]);
      expect(missing).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });
      const bad = await kubectl(version, ["exec", "nginx", "-c", "x", "--", "ls"]);
      expect(bad).toMatchObject({ code: 1, stderr: "Error from server (BadRequest): container x is not valid for pod nginx\n" });
    });

    it("an interactive shell on a TTY: prompt, echo, hostname, exit", async () => {
      const r = await interactive(version, ["exec", "-it", "bb", "--", "sh"], [
        { expect: /\/ # $/, send: "hostname\r" },
        { expect: /bb\r\n\/ # $/, send: "exit 4\r" },
      ]);
      expect(r.stdout).toContain("/ # hostname\r\nbb\r\n/ # exit 4\r\n");
      expect(r.stdout).toContain("command terminated with exit code 4");
      expect(r.code).toBe(4);
    });
  });
}

describe("inside the pods (kubectl 1.33)", () => {
  it("a container that is not running cannot be reached; a completed pod is refused by kubectl", async () => {
    for (const v of [WS, "1.27"] as KubectlVersion[]) {
      const r = await kubectl(v, ["exec", "crash", "--", "ls"]);
      expect(r).toEqual({ code: 1, stdout: "", stderr: 'error: unable to upgrade connection: container not found ("crash")\n' });
    }
    const done = await kubectl(WS, ["exec", "done", "--", "ls"]);
    expect(done).toEqual({ code: 1, stdout: "", stderr: "error: cannot exec into a container in a completed pod; current phase is Succeeded\n" });
  });

  it("falls back to SPDY when WebSockets are turned off", async () => {
    const r = await kubectl(WS, ["exec", "-i", "nginx", "--", "sh", "-c", "cat; exit 5"], { stdin: "via spdy\n", env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" } });
    expect(r).toEqual({ code: 5, stdout: "via spdy\n", stderr: "command terminated with exit code 5\n" });
  });

  it("Ctrl-C interrupts the running command, Ctrl-D ends the shell", async () => {
    const r = await interactive(WS, ["exec", "-it", "nginx", "--", "bash"], [
      { expect: /root@nginx:\/# $/, send: "sleep 100\r" },
      { expect: /sleep 100\r\n$/, send: "\x03" },
      { expect: /\^C\r\nroot@nginx:\/# $/, send: "echo $?\r" },
      { expect: /130\r\nroot@nginx:\/# $/, send: "\x04" },
    ]);
    expect(r.stdout).toContain("root@nginx:/# echo $?\r\n130\r\n");
    expect(r.code).toBe(0);
  });

  it("containers of a pod share localhost and an emptyDir", async () => {
    const hit = await kubectl(WS, ["exec", "duo", "-c", "a", "--", "wget", "-qO-", "http://localhost:8080/hostname"]);
    expect(hit).toEqual({ code: 0, stdout: "duo", stderr: "" });
    expect(await kubectl(WS, ["exec", "duo", "-c", "a", "--", "sh", "-c", "echo shared > /shared/note"])).toMatchObject({ code: 0 });
    expect(await kubectl(WS, ["exec", "duo", "-c", "b", "--", "cat", "/data/note"])).toEqual({ code: 0, stdout: "shared\n", stderr: "" });
  });

  it("attach -it reaches the main process's terminal (stdin: true, tty: true)", async () => {
    const r = await interactive(WS, ["attach", "-it", "term"], [
      { expect: /try pressing enter\.\r?\n/, send: "\r" },
      { expect: /\/ # $/, send: "hostname\r" },
      { expect: /term\r\n\/ # $/, send: "exit\r" },
    ]);
    expect(r.stdout).toContain("/ # hostname\r\nterm\r\n/ # exit\r\n");
    expect(r.stdout).toContain("Session ended, resume using 'kubectl attach term -c term -i -t' command when the pod is running");
  });

  it("reaches a Service by name through cluster DNS and kube-proxy", async () => {
    const page = await kubectl(WS, ["exec", "bb", "--", "wget", "-qO-", "http://web"]);
    expect(page.code).toBe(0);
    expect(page.stdout).toContain("<title>Welcome to nginx!</title>");
    const svc = await env.t.cluster.apiServer.loopback.get({ group: "", version: "v1", resource: "services" }, "default", "web");
    const clusterIP = (svc.spec as { clusterIP: string }).clusterIP;
    const ns = await kubectl(WS, ["exec", "bb", "--", "nslookup", "web"]);
    expect(ns).toEqual({ code: 0, stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${clusterIP}\n\n\n`, stderr: "" });
    const bad = await kubectl(WS, ["exec", "bb", "--", "wget", "-qO-", "http://nope"]);
    expect(bad).toEqual({ code: 1, stdout: "", stderr: "wget: bad address 'nope'\ncommand terminated with exit code 1\n" });
    const curl = await kubectl(WS, ["exec", "nginx", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", `http://${clusterIP}`]);
    expect(curl).toEqual({ code: 0, stdout: "200", stderr: "" });
    const env_ = await kubectl(WS, ["exec", "bb", "--", "env"]);
    expect(env_.stdout).toContain(`\nWEB_SERVICE_HOST=${clusterIP}\n`);
    expect(env_.stdout).toContain(`\nWEB_PORT_80_TCP=tcp://${clusterIP}:80\n`);
    const nohost = await kubectl(WS, ["exec", "nginx", "--", "curl", "-sS", "http://nope"]);
    expect(nohost.stderr).toBe("curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n");
  });

  it("a ConfigMap volume holds one file per key", async () => {
    const r = await kubectl(WS, ["exec", "bb", "--", "cat", "/config/index.html"]);
    expect(r).toEqual({ code: 0, stdout: "<h1>hello from a ConfigMap</h1>\n", stderr: "" });
    expect((await kubectl(WS, ["exec", "bb", "--", "ls", "/config"])).stdout).toBe("app.conf\nindex.html\n");
  });

  it("kubelet-written files: /etc/hosts, /etc/resolv.conf, /etc/hostname", async () => {
    const pod = await env.t.pod("bb");
    const ip = (pod?.status as { podIP: string }).podIP;
    const hosts = await kubectl(WS, ["exec", "bb", "--", "cat", "/etc/hosts"]);
    expect(hosts.stdout).toBe(`# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\tbb\n`);
    const resolv = await kubectl(WS, ["exec", "bb", "--", "cat", "/etc/resolv.conf"]);
    expect(resolv.stdout).toBe("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
  });
});

describe("changing a container from inside (kubectl 1.33)", () => {
  it("nginx serves the file written into its docroot through exec", async () => {
    const w = await kubectl(WS, ["exec", "nginx", "--", "sh", "-c", "cd /usr/share/nginx/html && echo 'hello from exec' > index.html && ls"]);
    expect(w).toEqual({ code: 0, stdout: "index.html\n", stderr: "" });
    expect(await kubectl(WS, ["exec", "bb", "--", "wget", "-qO-", "http://web"])).toEqual({ code: 0, stdout: "hello from exec\n", stderr: "" });
  });
});

describe("@kubernetes/client-node 1.4.0 Exec", () => {
  it("runs a command and reports the Status", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(env.kubeconfig);
    let out = "";
    const stdout = new Writable({ write: (c: Buffer, _e, cb) => ((out += c.toString()), cb()) });
    const status = await new Promise<unknown>((resolve, reject) => {
      new Exec(kc).exec("default", "nginx", "nginx", ["sh", "-c", "echo from-node; exit 2"], stdout, null, new PassThrough(), false, resolve).catch(reject);
    });
    expect(out).toBe("from-node\n");
    expect(status).toEqual({ metadata: {}, status: "Failure", message: "command terminated with non-zero exit code: error executing command [sh -c echo from-node; exit 2], exit code 2", reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: "2" }] } });
  });
});
