/**
 * The editor's Apply and the real `kubectl apply` agree: same output words for the same
 * manifests, and each sees the other's last-applied configuration as its own (so applying the
 * same file from the terminal after the editor, or the other way round, prints `unchanged`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveCluster, type LiveCluster } from "../../tests/conformance/live-harness";
import { applyManifests } from "./editor-apply";

let live: LiveCluster;

const manifest = (name: string, replicas: number, note: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations:
    note: "${note}"
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          args: ["--port", "80"]
          resources:
            requests: { memory: 64Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports:
    - port: 80
      targetPort: 8080
`;

const editorApply = async (yaml: string) =>
  (await applyManifests(live.cluster.apiServer.loopback, yaml, "app.yaml")).items.map((i) => i.text);
const kubectlApply = async (yaml: string) => {
  const r = await live.kubectl("apply", "-f", live.write("app.yaml", yaml));
  expect(r.stderr).toBe("");
  return r.stdout.trim().split("\n");
};

describe.each(["default", "1.27"] as const)("editor Apply vs kubectl apply (kubectl %s)", (version) => {
  beforeAll(async () => {
    live = await startLiveCluster({ nodes: 2, version });
  }, 60_000);
  afterAll(async () => live.close());

  it("kubectl after the editor: unchanged, then both say configured for the same change", async () => {
    const yaml = manifest("one", 2, "<a & b>");
    expect(await editorApply(yaml)).toEqual(["deployment.apps/one created", "service/one created"]);
    await live.advance(2000);
    expect(await kubectlApply(yaml)).toEqual(["deployment.apps/one unchanged", "service/one unchanged"]);
    expect(await kubectlApply(manifest("one", 3, "<a & b>"))).toEqual(["deployment.apps/one configured", "service/one unchanged"]);
    expect(await editorApply(manifest("one", 3, "<a & b>"))).toEqual(["deployment.apps/one unchanged", "service/one unchanged"]);
    expect(await editorApply(manifest("one", 1, "<a & b>"))).toEqual(["deployment.apps/one configured", "service/one unchanged"]);
    expect(await kubectlApply(manifest("one", 1, "<a & b>"))).toEqual(["deployment.apps/one unchanged", "service/one unchanged"]);
  });

  it("the editor after kubectl: unchanged", async () => {
    const yaml = manifest("two", 1, "plain");
    expect(await kubectlApply(yaml)).toEqual(["deployment.apps/two created", "service/two created"]);
    await live.advance(2000);
    expect(await editorApply(yaml)).toEqual(["deployment.apps/two unchanged", "service/two unchanged"]);
  });
});
