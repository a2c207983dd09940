/** kubectl against a cluster mounted under a path prefix, as the platform serves sandboxes. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { kubectlBinary, startConformanceCluster, type ConformanceCluster } from "./harness";
import { runScenario } from "./scenario";

let c: ConformanceCluster;
beforeAll(async () => {
  kubectlBinary("default");
  c = await startConformanceCluster({ prefix: "/sandboxes/abc/k8s" });
});
afterAll(async () => c?.close());

describe("kubectl with a server path prefix", () => {
  for (const version of ["default", "1.27"] as const) {
    it(`discovery, OpenAPI, apply and get work under the prefix (${version})`, () =>
      runScenario(c, version, {
        name: "prefix",
        files: { "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pfx-${version.replace(".", "")}\ndata:\n  a: b\n  c: d\n` },
        steps: [
          { args: ["get", "ns", "default"], stdout: "NAME      STATUS   AGE\ndefault   Active   0s\n" },
          { args: ["apply", "-f", "cm.yaml"], stdout: `configmap/pfx-${version.replace(".", "")} created\n` },
          { args: ["get", "cm", `pfx-${version.replace(".", "")}`], stdout: /^NAME +DATA +AGE\npfx-\w+ +2 +0s\n$/ },
        ],
      }));
  }
});
