/**
 * Captures what real kubectl sends for typed `create`/`auth` commands, to test the protobuf
 * decoder against reality. Not run by tests. Usage:
 *
 *   npx tsx lib/kube/protobuf/capture-fixtures.ts
 *
 * It starts a throwaway HTTPS server on 127.0.0.1 (self-signed cert made with openssl in a temp
 * dir) that serves legacy discovery and records POST bodies, then runs each command twice:
 * kubectl 1.33 (sends `application/vnd.kubernetes.protobuf`) -> fixtures/<name>.bin, and
 * kubectl 1.31 (sends JSON) -> fixtures/<name>.json, the oracle for what decoding must yield.
 * The commands fail after the POST (the server answers 400); that is expected. Commands that
 * kubectl 1.33 still sends as JSON are reported and skipped. CAPTURE_ONLY=a,b limits the run.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

function kubectlBinary(minor: number): string {
  for (const dir of (process.env.PATH ?? "").split(":").concat("/usr/lib/google-cloud-sdk/bin")) {
    const p = join(dir, `kubectl.1.${minor}`);
    if (existsSync(p)) return p;
  }
  throw new Error(`kubectl.1.${minor} not found`);
}

/** name -> kubectl arguments */
const CASES: Record<string, string[]> = {
  configmap: ["create", "configmap", "cm1", "--from-literal=a=b", "--from-literal=greeting=hello world"],
  "configmap-binary": ["create", "configmap", "cm2", "--from-file=blob=@BINFILE@", "--from-literal=text=x", "-n", "team-a"],
  "secret-generic": ["create", "secret", "generic", "s1", "--from-literal=password=s3cr3t", "--from-literal=user=admin"],
  "secret-typed": [
    "create",
    "secret",
    "generic",
    "s2",
    "--type=kubernetes.io/basic-auth",
    "--from-literal=username=u",
    "--from-literal=password=p",
  ],
  namespace: ["create", "namespace", "ns1"],
  deployment: ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=80"],
  "deployment-multi": ["create", "deployment", "app", "--image=nginx", "--image=busybox", "-n", "dev"],
  "service-clusterip": ["create", "service", "clusterip", "svc1", "--tcp=80:8080", "--tcp=443:https"],
  "service-nodeport": ["create", "service", "nodeport", "svc2", "--tcp=5678:8080", "--node-port=30080"],
  "service-headless": ["create", "service", "clusterip", "svc3", "--clusterip=None"],
  "service-externalname": ["create", "service", "externalname", "svc4", "--external-name=example.com"],
  job: ["create", "job", "job1", "--image=busybox", "--", "echo", "hi"],
  "can-i-resource": ["auth", "can-i", "create", "pods", "-n", "kube-system"],
  "can-i-subresource": ["auth", "can-i", "get", "pods", "--subresource=log", "--all-namespaces"],
  "can-i-named": ["auth", "can-i", "delete", "deployments.apps/web"],
  "can-i-nonresource": ["auth", "can-i", "get", "/healthz"],
  whoami: ["auth", "whoami"],
  cronjob: ["create", "cronjob", "cj1", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"],
  serviceaccount: ["create", "serviceaccount", "sa1"],
  quota: ["create", "quota", "q1", "--hard=cpu=2,memory=1Gi,pods=10"],
  role: ["create", "role", "r1", "--verb=get,list", "--resource=pods,pods/log"],
  rolebinding: ["create", "rolebinding", "rb1", "--role=r1", "--user=alice", "--serviceaccount=default:sa1"],
  clusterrole: ["create", "clusterrole", "cr1", "--verb=get", "--non-resource-url=/healthz"],
  clusterrolebinding: ["create", "clusterrolebinding", "crb1", "--clusterrole=cr1", "--group=devs"],
  pdb: ["create", "poddisruptionbudget", "pdb1", "--selector=app=web", "--min-available=1"],
  priorityclass: ["create", "priorityclass", "pc1", "--value=1000", "--description=high"],
  ingress: ["create", "ingress", "ing1", "--rule=example.com/*=svc1:80"],
  token: ["create", "token", "sa1", "--duration=10m"],
  "can-i-list": ["auth", "can-i", "--list", "-n", "default"],
};

const discovery: Record<string, unknown> = {
  "/api": { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1" }] },
  "/apis": {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [
      "apps",
      "batch",
      "authorization.k8s.io",
      "authentication.k8s.io",
      "rbac.authorization.k8s.io",
      "policy",
      "scheduling.k8s.io",
      "networking.k8s.io",
    ].map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: "v1" }],
      preferredVersion: { groupVersion: `${name}/v1`, version: "v1" },
    })),
  },
  "/api/v1": resources("v1", [
    ["namespaces", "Namespace", false, ["ns"]],
    ["configmaps", "ConfigMap", true, ["cm"]],
    ["secrets", "Secret", true, []],
    ["services", "Service", true, ["svc"]],
    ["pods", "Pod", true, ["po"]],
    ["serviceaccounts", "ServiceAccount", true, ["sa"]],
    ["serviceaccounts/token", "TokenRequest", true, []],
    ["resourcequotas", "ResourceQuota", true, ["quota"]],
  ]),
  "/apis/apps/v1": resources("apps/v1", [["deployments", "Deployment", true, ["deploy"]]]),
  "/apis/batch/v1": resources("batch/v1", [
    ["jobs", "Job", true, []],
    ["cronjobs", "CronJob", true, ["cj"]],
  ]),
  "/apis/authorization.k8s.io/v1": resources(
    "authorization.k8s.io/v1",
    [
      ["selfsubjectaccessreviews", "SelfSubjectAccessReview", false, []],
      ["selfsubjectrulesreviews", "SelfSubjectRulesReview", false, []],
    ],
    ["create"],
  ),
  "/apis/rbac.authorization.k8s.io/v1": resources("rbac.authorization.k8s.io/v1", [
    ["roles", "Role", true, []],
    ["rolebindings", "RoleBinding", true, []],
    ["clusterroles", "ClusterRole", false, []],
    ["clusterrolebindings", "ClusterRoleBinding", false, []],
  ]),
  "/apis/policy/v1": resources("policy/v1", [["poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"]]]),
  "/apis/scheduling.k8s.io/v1": resources("scheduling.k8s.io/v1", [["priorityclasses", "PriorityClass", false, ["pc"]]]),
  "/apis/networking.k8s.io/v1": resources("networking.k8s.io/v1", [["ingresses", "Ingress", true, ["ing"]]]),
  "/apis/authentication.k8s.io/v1": resources(
    "authentication.k8s.io/v1",
    [["selfsubjectreviews", "SelfSubjectReview", false, []]],
    ["create"],
  ),
};

function resources(
  gv: string,
  list: [string, string, boolean, string[]][],
  verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
) {
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: gv,
    resources: list.map(([name, kind, namespaced, shortNames]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs,
      shortNames,
    })),
  };
}

interface Captured {
  contentType: string;
  path: string;
  body: Buffer;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kubelab-capture-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const binFile = join(dir, "blob.bin");
    writeFileSync(binFile, Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28]));

    let captured: Captured | undefined;
    const server = createServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
      (req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          const path = (req.url ?? "/").split("?")[0]!;
          if (req.method === "POST") {
            captured = { contentType: String(req.headers["content-type"] ?? ""), path, body: Buffer.concat(chunks) };
            res.writeHead(400, { "Content-Type": "application/json" });
            res.end(
              JSON.stringify({
                kind: "Status",
                apiVersion: "v1",
                metadata: {},
                status: "Failure",
                message: "captured",
                reason: "BadRequest",
                code: 400,
              }),
            );
            return;
          }
          if (path === "/version") {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(
              JSON.stringify({
                major: "1",
                minor: "33",
                gitVersion: "v1.33.0",
                gitCommit: "0",
                gitTreeState: "clean",
                buildDate: "2025-01-01T00:00:00Z",
                goVersion: "go1.24",
                compiler: "gc",
                platform: "linux/amd64",
              }),
            );
            return;
          }
          const body = discovery[path];
          res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
          res.end(
            JSON.stringify(
              body ?? { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: "not found" },
            ),
          );
        });
      },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context: {cluster: c, user: u, namespace: default}\ncurrent-context: c\n`,
    );

    const run = async (minor: number, args: string[]): Promise<Captured | undefined> => {
      captured = undefined;
      const argv = [
        "--kubeconfig",
        kubeconfig,
        "--cache-dir",
        join(dir, `cache-${minor}`),
        ...args.map((a) => a.replace("@BINFILE@", binFile)),
      ];
      // spawn asynchronously so this process keeps serving requests
      await new Promise<void>((resolve) => {
        const child = spawn(kubectlBinary(minor), argv, { stdio: "ignore" });
        child.on("close", () => resolve());
      });
      return captured;
    };

    const only = process.env.CAPTURE_ONLY?.split(",");
    for (const [name, args] of Object.entries(CASES)) {
      if (only && !only.includes(name)) continue;
      const pb = await run(33, args);
      const js = await run(31, args);
      if (!pb || !js) {
        console.error(`${name}: no POST captured (1.33: ${!!pb}, 1.31: ${!!js})`);
        continue;
      }
      if (!pb.contentType.includes("protobuf")) {
        console.log(`${name}: 1.33 sends ${pb.contentType}, not protobuf (no fixture)`);
        continue;
      }
      writeFileSync(join(FIXTURES, `${name}.bin`), pb.body);
      writeFileSync(join(FIXTURES, `${name}.json`), JSON.stringify(JSON.parse(js.body.toString("utf8")), null, 2) + "\n");
      console.log(`${name}: ${pb.path} ${pb.contentType} ${pb.body.length} bytes; JSON ${js.body.length} bytes`);
    }
    server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
