/**
 * The terminal end to end with the real kubectl: a WebSocket client → the platform server's
 * terminal route → the default spawner (child_process, node-pty) → kubectl → an embedded cluster
 * whose kubelets run pods, served over HTTPS. Skipped when kubectl is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttps, type Server as HttpsServer } from "node:https";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { kubeletTestCluster, type KubeletTestCluster } from "../../lib/kube/kubelet/testing";
import { sharedServingCertificate } from "../../lib/kube/pki";
import { PROMPT_TEXT, stripAnsi } from "../../lib/terminal/index";
import { kubectlAvailable, kubectlBinary } from "../../tests/conformance/harness";
import { createPlatformServer } from "../http";
import { terminalRoute, type TerminalRoute } from "./terminal";

const available = kubectlAvailable("1.33");

describe.skipIf(!available)("terminal with the real kubectl", () => {
  let t: KubeletTestCluster;
  let api: HttpsServer;
  let server: Server;
  let route: TerminalRoute;
  let dir: string;
  let host: string;

  beforeAll(async () => {
    const { ca, server: cert } = await sharedServingCertificate();
    t = await kubeletTestCluster({ token: `term-${Math.random().toString(36).slice(2)}`, caPem: ca.certPem });
    await t.ctx.informers.start();
    await t.createPod("bb", { containers: [{ name: "bb", image: "busybox:1.37", command: ["sleep", "infinity"] }] });
    await t.run(30_000);
    api = createHttps({ cert: cert.certPem, key: cert.keyPem }, (req, res) => t.cluster.handle(req, res));
    api.on("upgrade", (req, socket, head) => t.cluster.upgrade(req, socket, head));
    await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
    dir = mkdtempSync(join(tmpdir(), "kubelab-terminal-live-"));
    const workspace = join(dir, "ws");
    const kubeconfigPath = join(dir, "kubeconfig");
    writeFileSync(kubeconfigPath, t.cluster.kubeconfig(`https://127.0.0.1:${(api.address() as AddressInfo).port}`, ca.certPem), {
      mode: 0o600,
    });
    mkdirSync(workspace);
    writeFileSync(join(workspace, "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-terminal\ndata:\n  a: b\n");
    route = terminalRoute({
      kubectlPath: kubectlBinary("1.33"),
      resolve: async () => ({ sandboxId: "live", workspaceDir: workspace, kubeconfigPath }),
    });
    server = createPlatformServer({ routes: [route], fallback: (_q, r) => void r.writeHead(404).end(), trustProxy: false });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    route?.close();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    t?.close();
    api?.closeAllConnections();
    await new Promise<void>((r) => (api ? api.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    const sock = new WebSocket(`ws://${host}/api/sandboxes/live/terminal?cols=120&rows=30`, { headers: { origin: `http://${host}` } });
    let out = "";
    sock.on("message", (d) => (out += (JSON.parse(d.toString()) as { data: string }).data));
    await new Promise<void>((r, j) => {
      sock.once("open", () => r());
      sock.once("error", j);
    });
    const waitFor = async (re: RegExp, from = 0, ms = 45_000) => {
      const end = Date.now() + ms;
      while (!re.test(stripAnsi(out.slice(from)))) {
        if (Date.now() > end) throw new Error(`never saw ${re}; output:\n${stripAnsi(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const type = async (data: string, until: RegExp) => {
      const from = out.length;
      sock.send(JSON.stringify({ type: "input", data }));
      await waitFor(until, from);
      return stripAnsi(out.slice(from));
    };
    return { sock, waitFor, type, text: () => stripAnsi(out) };
  }

  it("kubectl get nodes / apply -f / get pods, in the learner's sandbox", async () => {
    const c = await open();
    await c.waitFor(/learner@kubelab:~\$ $/);
    const nodes = await c.type("kubectl get nodes\r", /\n.*learner@kubelab:~\$ $/);
    expect(nodes).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(nodes).toMatch(/worker-1\s+Ready/);
    const applied = await c.type("k apply -f cm.yaml\r", /\n.*learner@kubelab:~\$ $/);
    expect(applied).toContain("configmap/from-terminal created");
    const pods = await c.type("k get pods\r", /\n.*learner@kubelab:~\$ $/);
    expect(pods).toMatch(/bb\s+1\/1\s+Running/);
    const refused = await c.type("k get pods --kubeconfig=/etc/kubernetes/admin.conf\r", /\n.*learner@kubelab:~\$ $/);
    expect(refused).toContain("the flag --kubeconfig isn't allowed here");
    c.sock.close();
  });

  it("kubectl exec -it runs under a pseudo-terminal", async () => {
    const c = await open();
    await c.waitFor(/learner@kubelab:~\$ $/);
    await c.type("kubectl exec -it bb -- sh\r", /# $/);
    const echoed = await c.type("echo from-the-pty\r", /\r\nfrom-the-pty\r?\n[\s\S]*# $/);
    expect(echoed).toContain("from-the-pty");
    await c.type("exit\r", new RegExp(`${PROMPT_TEXT.replace(/[$]/g, "\\$")}$`));
    c.sock.close();
  });
});
