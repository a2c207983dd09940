import Ajv from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { definitionForKind } from "../../lib/kube/openapi";
import { buildEditorSchema, EDITOR_KINDS, SCHEMA_PATH } from "./editor-schema";
import { startRoutes, type RoutesHarness } from "./editor-testing";

// a draft-07 validator stands in for the editor's yaml-language-server (same keywords)
const ajv = new Ajv({ allErrors: true, unknownFormats: "ignore", jsonPointers: true });
const validate = ajv.compile(buildEditorSchema());

function errorsOf(yaml: string): string[] {
  validate(parse(yaml));
  return (validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => `${e.dataPath} ${e.keyword} ${JSON.stringify(e.params)}`);
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          ports:
            - containerPort: 80
          resources:
            requests: { cpu: 1, memory: 64Mi }
`;

describe("editor JSON schema", () => {
  it("covers every listed kind and accepts a valid Deployment (int-or-string and quantities in both shapes)", () => {
    const schema = buildEditorSchema() as { allOf: { if: { properties: { kind: { const: string } } } }[] };
    const covered = schema.allOf.map((b) => b.if.properties.kind.const);
    const served = EDITOR_KINDS.filter((k) => definitionForKind(k)).map((k) => k.kind);
    expect(covered).toEqual(served);
    expect(covered).toEqual(
      expect.arrayContaining([
        "Pod",
        "Deployment",
        "Service",
        "ConfigMap",
        "Job",
        "CronJob",
        "NetworkPolicy",
        "HorizontalPodAutoscaler",
        "PersistentVolumeClaim",
      ]),
    );
    expect(errorsOf(deployment)).toEqual([]);
  });

  it("flags unknown fields, missing required fields and values outside an enum", () => {
    expect(errorsOf(deployment.replace("image: nginx", "image: nginx\n          imagePullPolice: Always"))).toContainEqual(
      '/spec/template/spec/containers/0 additionalProperties {"additionalProperty":"imagePullPolice"}',
    );
    expect(errorsOf(deployment.replace("- name: web\n          image", "- image"))).toContainEqual(
      '/spec/template/spec/containers/0 required {"missingProperty":"name"}',
    );
    expect(errorsOf(deployment.replace("type: RollingUpdate", "type: Rolling"))).toContainEqual(
      expect.stringMatching(/^\/spec\/strategy\/type enum /),
    );
    expect(errorsOf(deployment.replace("  name: web\nspec", "  labels: { a: b }\nspec"))).toContainEqual(
      '/metadata required {"missingProperty":"name"}',
    );
    expect(errorsOf(deployment.replace("replicas: 2", 'replicas: "two"'))).toContainEqual('/spec/replicas type {"type":"integer"}');
  });

  it("checks map values and leaves kinds it does not list alone", () => {
    expect(errorsOf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  n: 1\n")).toContainEqual(
      '/data/n type {"type":"string"}',
    );
    expect(errorsOf("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nanything: goes\n")).toEqual([]);
    expect(errorsOf("kind: Pod\n")).toContainEqual(' required {"missingProperty":"apiVersion"}');
  });
});

describe(`GET ${SCHEMA_PATH}`, () => {
  let h: RoutesHarness;
  beforeAll(async () => {
    h = await startRoutes({ nodes: 1 });
  });
  afterAll(async () => h.close());

  it("serves the schema with an ETag and answers 304 to a matching If-None-Match", async () => {
    const res = await fetch(`${h.base}${SCHEMA_PATH}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = (await res.json()) as { definitions: Record<string, unknown> };
    expect(Object.keys(body.definitions)).toContain("io.k8s.api.apps.v1.Deployment");
    const again = await fetch(`${h.base}${SCHEMA_PATH}`, { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${h.base}${SCHEMA_PATH}`)).headers.get("etag")).toBe(etag);
    expect((await fetch(`${h.base}${SCHEMA_PATH}`, { method: "POST" })).status).toBe(405);
  });
});
