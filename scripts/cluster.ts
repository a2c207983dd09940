/**
 * Serves one embedded cluster over HTTPS on 127.0.0.1 and writes a kubeconfig for it.
 *
 *   npm run cluster -- --port 6443 --kubeconfig ./kubeconfig [--nodes 3] [--prefix /k8s] [--speed 1]
 *
 * `--port 0` picks a free port (printed). Ctrl-C / SIGTERM stop it cleanly.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createCluster } from "../lib/kube/cluster";
import { realClock } from "../lib/kube/clock";
import { sharedServingCertificate } from "../lib/kube/pki";

const Args = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(6443),
  kubeconfig: z.string().min(1).default("./kubeconfig"),
  nodes: z.coerce.number().int().min(1).max(100).default(3),
  prefix: z.string().regex(/^(\/[A-Za-z0-9._~-]+)*$/, "must look like /a/b").default(""),
  speed: z.coerce.number().positive().max(1000).default(1),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, kubeconfig: { type: "string" }, nodes: { type: "string" }, prefix: { type: "string" }, speed: { type: "string" } },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(`cluster: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
    process.exit(2);
  }
  const args = parsed.data;
  const { ca, server: cert } = await sharedServingCertificate();
  const token = randomBytes(24).toString("base64url");
  const cluster = await createCluster({ token, nodes: args.nodes, prefix: args.prefix, caPem: ca.certPem, clock: realClock(args.speed), components: true });
  const https = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => cluster.handle(req, res));
  https.on("upgrade", (req, socket, head) => cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => https.listen(args.port, "127.0.0.1", r));
  const port = (https.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}${args.prefix}`;
  const path = resolve(args.kubeconfig);
  writeFileSync(path, cluster.kubeconfig(url), { mode: 0o600 });
  console.log(`kubelab cluster (${args.nodes} node${args.nodes === 1 ? "" : "s"}) serving on ${url}`);
  console.log(`port: ${port}`);
  console.log(`kubeconfig written to ${path}`);
  console.log("");
  console.log(`  export KUBECONFIG=${path}`);
  console.log("  kubectl get nodes");
  console.log("");
  console.log("The scheduler, the controllers and a kubelet per node are running" + (args.speed === 1 ? "" : ` at ${args.speed}x speed`) + ". Ctrl-C stops the cluster.");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    cluster.close();
    https.close(() => process.exit(0));
    https.closeAllConnections();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
