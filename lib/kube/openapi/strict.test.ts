import { describe, expect, it } from "vitest";
import { findUnknownFields, strictDecodingMessage } from "./strict";

const DEPLOYMENT = { group: "apps", version: "v1", kind: "Deployment" };

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: "web" }) {
  return { apiVersion: "apps/v1", kind: "Deployment", metadata, spec };
}

describe("findUnknownFields", () => {
  it("accepts a valid object", () => {
    const obj = deployment({
      replicas: 2,
      selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "a", operator: "In", values: ["x"] }] },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: "web" }, annotations: { "a/b": "c" } },
        spec: {
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "nginx",
              image: "nginx",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
              resources: { limits: { cpu: 1, memory: "1Gi" }, requests: { cpu: "100m" } },
              livenessProbe: { httpGet: { path: "/", port: "http" } },
            },
          ],
          volumes: [{ name: "v", emptyDir: { sizeLimit: "1Gi" } }],
        },
      },
    });
    expect(findUnknownFields(DEPLOYMENT, obj)).toEqual([]);
  });

  it("reports paths with list indexes, in document order", () => {
    const obj = deployment({
      foo: 1,
      template: {
        spec: {
          containers: [
            { name: "a", image: "x" },
            { name: "b", imagePullPolice: "Always", ports: [{ containerPort: 80, hostPortt: 1 }] },
          ],
        },
      },
      bar: { nested: { unknown: true } },
    });
    expect(findUnknownFields(DEPLOYMENT, obj)).toEqual([
      "spec.foo",
      "spec.template.spec.containers[1].imagePullPolice",
      "spec.template.spec.containers[1].ports[0].hostPortt",
      "spec.bar",
    ]);
  });

  it("checks metadata and top-level fields", () => {
    const obj = { ...deployment({}, { name: "x", labelz: {} }), extra: 1 };
    expect(findUnknownFields(DEPLOYMENT, obj)).toEqual(["metadata.labelz", "extra"]);
  });

  it("walks map values (map of lists) and leaves map keys alone", () => {
    const sar = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: { user: "u", extra: { "any-key": ["a", "b"] }, resourceAttributes: { verb: "get", resourse: "pods" } },
    };
    expect(findUnknownFields({ group: "authorization.k8s.io", version: "v1", kind: "SubjectAccessReview" }, sar)).toEqual([
      "spec.resourceAttributes.resourse",
    ]);
  });

  it("treats int-or-string and quantity values as scalars", () => {
    const obj = deployment({ strategy: { rollingUpdate: { maxSurge: 3, maxUnavailable: "10%" } } });
    expect(findUnknownFields(DEPLOYMENT, obj)).toEqual([]);
  });

  it("accepts anything inside preserve-unknown objects (RawExtension, FieldsV1)", () => {
    const rev = {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: { name: "r" },
      revision: 1,
      data: { spec: { whatever: [1, { x: 2 }] } },
    };
    expect(findUnknownFields({ group: "apps", version: "v1", kind: "ControllerRevision" }, rev)).toEqual([]);
    const withManaged = deployment(
      {},
      {
        name: "x",
        managedFields: [
          { manager: "m", operation: "Apply", fieldsType: "FieldsV1", fieldsV1: { "f:spec": { "f:replicas": {} } }, bogus: 1 },
        ],
      },
    );
    expect(findUnknownFields(DEPLOYMENT, withManaged)).toEqual(["metadata.managedFields[0].bogus"]);
  });

  it("uses each group's own schema for same-named kinds", () => {
    const ev = { apiVersion: "events.k8s.io/v1", kind: "Event", metadata: { name: "e" }, eventTime: null, note: "n", message: "m" };
    expect(findUnknownFields({ group: "events.k8s.io", version: "v1", kind: "Event" }, ev)).toEqual(["message"]);
    expect(findUnknownFields({ group: "", version: "v1", kind: "Event" }, ev)).toEqual(["note"]);
  });

  it("stops at 100 errors like the apiserver's decoder", () => {
    const spec: Record<string, number> = {};
    for (let i = 0; i < 150; i++) spec[`f${i}`] = i;
    const found = findUnknownFields(DEPLOYMENT, deployment(spec));
    expect(found).toHaveLength(100);
    expect(found[99]).toBe("spec.f99");
  });

  it("returns nothing for kinds without a schema", () => {
    expect(findUnknownFields({ group: "example.com", version: "v1", kind: "Widget" }, { spec: { a: 1 } })).toEqual([]);
  });

  it("formats the strict decoding message", () => {
    expect(strictDecodingMessage(["spec.foo", "spec.bar"])).toBe(
      'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
  });
});
