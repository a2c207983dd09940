/**
 * The real kubectl against a harness cluster: HTTPS (kubectl sends credentials only over
 * https) with the shared test serving certificate, a kubeconfig in a temp dir, and `run()`
 * that lets the controllers and the simulated scheduler/kubelets catch up after a write.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeconfigYaml } from "../../cluster";
import { sharedServingCertificate } from "../../pki";
import type { Harness } from "./testing";

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlHarness {
  kubectl(...args: string[]): Promise<KubectlResult>;
  /** kubectl, then settle, bind/run pods and finish graceful deletions a few rounds */
  run(...args: string[]): Promise<KubectlResult>;
  close(): Promise<void>;
}

export async function serveKubectl(h: Harness): Promise<KubectlHarness> {
  const { ca, server: cert } = await sharedServingCertificate();
  const server: Server = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => h.cluster.handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "kubelab-workloads-"));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}${h.cluster.apiServer.prefix}`;
  writeFileSync(join(dir, "config"), kubeconfigYaml({ server: url, token: "t", caPem: ca.certPem }), { mode: 0o600 });
  const kubectl = (...args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile("kubectl", ["--kubeconfig", join(dir, "config"), "--cache-dir", join(dir, "cache"), ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
      );
    });
  return {
    kubectl,
    async run(...args) {
      const res = await kubectl(...args);
      await h.settle();
      for (let i = 0; i < 4; i++) {
        await h.runPods();
        await h.finishDeletions();
      }
      return res;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
