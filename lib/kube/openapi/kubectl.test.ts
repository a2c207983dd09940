/**
 * End-to-end: real kubectl (the Google Cloud CLI dispatcher picks kubectl.1.<minor> from
 * /version) against a throwaway HTTPS server serving this module's OpenAPI documents.
 * kubectl is installed on our machines; if it is missing these tests fail.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaSource } from "./load";
import { startFakeApiServer, type FakeApiServer } from "./testing/fake-apiserver";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(server: FakeApiServer, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      "kubectl",
      ["--kubeconfig", server.kubeconfig, "--cache-dir", join(server.dir, "cache"), ...args],
      { timeout: 60_000, env: { ...process.env, KUBECONFIG: server.kubeconfig } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        if (err && typeof err.code !== "number") stderr += String(err);
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const DEPLOYMENT = { group: "apps", version: "v1", kind: "Deployment" };

function manifest(dir: string, name: string, containers: string[], extra = "", objectName = "web"): string {
  const file = join(dir, name);
  const lines = [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${objectName}`,
    "spec:",
    "  replicas: 1",
    ...(extra ? [extra] : []),
    "  selector:",
    "    matchLabels: {app: web}",
    "  template:",
    "    metadata:",
    "      labels: {app: web}",
    "    spec:",
    "      containers:",
    ...containers,
  ];
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("kubectl 1.33 against our OpenAPI", () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer("33");
  });
  afterAll(() => server.close());

  it("explain deployment.spec.replicas prints the upstream type and description", async () => {
    const r = await kubectl(server, "explain", "deployment.spec.replicas");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^GROUP: +apps\nKIND: +Deployment\nVERSION: +v1\n\nFIELD: replicas <integer>\n/);
    const description = schemaSource.forKind(DEPLOYMENT)?.properties?.spec?.properties?.replicas?.description ?? "";
    expect(description).toMatch(/^Number of desired pods/);
    expect(r.stdout.replace(/\s+/g, " ")).toContain(description);
  });

  it("explain pods lists the top-level fields with their types", async () => {
    const r = await kubectl(server, "explain", "pods");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KIND: +Pod\nVERSION: +v1\n/);
    expect(r.stdout).toContain("  metadata\t<ObjectMeta>\n");
    expect(r.stdout).toContain("  spec\t<PodSpec>\n");
  });

  it("explain pod.spec.containers --recursive walks nested types", async () => {
    const r = await kubectl(server, "explain", "pod.spec.containers", "--recursive");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("FIELD: containers <[]Container>");
    expect(r.stdout).toContain("  name\t<string> -required-\n");
    expect(r.stdout).toContain("  ports\t<[]ContainerPort>\n");
    expect(r.stdout).toContain("      divisor\t<Quantity>\n");
    expect(r.stdout).toContain("        port\t<IntOrString> -required-\n");
  });

  it("apply sends fieldValidation=Strict and leaves unknown fields to the server", async () => {
    const file = manifest(
      server.dir,
      "bad.yaml",
      ["      - name: nginx", "        image: nginx", "        imagePullPolice: Always"],
      "  foo: bar",
    );
    const r = await kubectl(server, "apply", "-f", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.template.spec.containers[0].imagePullPolice"',
    );
    const post = server.requests.find((q) => q.method === "POST");
    expect(post?.url).toContain("fieldValidation=Strict");
  });

  it("client-side apply builds its strategic merge patch from the v3 schemas", async () => {
    const nginx = ["      - name: nginx", "        image: nginx"];
    const first = await kubectl(server, "apply", "-f", manifest(server.dir, "v1.yaml", nginx));
    expect(first.stdout).toBe("deployment.apps/web created\n");
    const before = server.requests.length;
    const second = await kubectl(
      server,
      "apply",
      "-f",
      manifest(server.dir, "v2.yaml", ["      - name: sidecar", "        image: busybox", ...nginx]),
    );
    expect(second.stderr).toBe("");
    expect(second.stdout).toBe("deployment.apps/web configured\n");
    const later = server.requests.slice(before);
    const patch = later.find((q) => q.method === "PATCH");
    expect(patch?.contentType).toBe("application/strategic-merge-patch+json");
    const body = JSON.parse(patch?.body ?? "{}") as { spec?: unknown };
    expect(body.spec).toEqual({
      template: {
        spec: {
          "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }],
          containers: [{ image: "busybox", name: "sidecar" }],
        },
      },
    });
    // the v3 document sufficed: no fallback to /openapi/v2
    expect(later.some((q) => q.url.startsWith("/openapi/v2"))).toBe(false);
  });
});

describe("kubectl 1.33 client-side apply with retainKeys", () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer("33");
  });
  afterAll(() => server.close());

  it("clears the other strategy keys through $retainKeys (DeploymentSpec.strategy)", async () => {
    const nginx = ["      - name: nginx", "        image: nginx"];
    const rolling = "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 1}";
    const created = await kubectl(server, "apply", "-f", manifest(server.dir, "s1.yaml", nginx, rolling, "api"));
    expect(created.stdout).toBe("deployment.apps/api created\n");
    const r = await kubectl(server, "apply", "-f", manifest(server.dir, "s2.yaml", nginx, "  strategy:\n    type: Recreate", "api"));
    expect(r.stdout).toBe("deployment.apps/api configured\n");
    const patch = server.requests.find((q) => q.method === "PATCH");
    const body = JSON.parse(patch?.body ?? "{}") as { spec?: unknown };
    expect(body.spec).toEqual({ strategy: { $retainKeys: ["type"], rollingUpdate: null, type: "Recreate" } });
  });
});

describe("kubectl 1.27 against our OpenAPI", () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer("27");
  });
  afterAll(() => server.close());

  it("explain reads the v3 documents", async () => {
    const r = await kubectl(server, "explain", "deployment.spec.replicas");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("FIELD: replicas <integer>");
    expect(r.stdout).toContain("Number of desired pods.");
  });

  it("explain --output plaintext-openapiv2 reads the v2 protobuf document", async () => {
    const r = await kubectl(server, "explain", "deployment.spec.strategy.rollingUpdate", "--output", "plaintext-openapiv2");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("RESOURCE: rollingUpdate <Object>");
    expect(r.stdout).toContain("   maxSurge\t<string>\n     The maximum number of pods that can be scheduled above the desired number\n");
  });

  it("apply with unknown fields gets the server's strict decoding error", async () => {
    const file = manifest(server.dir, "bad.yaml", ["      - name: nginx", "        image: nginx"], "  foo: bar");
    const r = await kubectl(server, "apply", "-f", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.foo"');
    expect(server.requests.some((q) => q.url.startsWith("/openapi/v2"))).toBe(true);
  });
});
