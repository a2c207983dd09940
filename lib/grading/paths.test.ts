import { describe, expect, it } from "vitest";
import { resolveKind, schemaOf } from "./kinds";
import { formatPath, getPath, parsePath, PathError, validatePath } from "./paths";

const deploy = schemaOf(resolveKind("Deployment")!)!;

describe("parsePath / getPath", () => {
  it("parses keys, indexes, quoted keys and matches", () => {
    expect(parsePath(".spec.template.spec.containers[0].image")).toEqual([
      { key: "spec" },
      { key: "template" },
      { key: "spec" },
      { key: "containers" },
      { index: 0 },
      { key: "image" },
    ]);
    expect(parsePath('metadata.labels["app.kubernetes.io/name"]')).toEqual([
      { key: "metadata" },
      { key: "labels" },
      { key: "app.kubernetes.io/name" },
    ]);
    expect(parsePath("spec.containers[name=web].image")[2]).toEqual({ match: { field: "name", value: "web" } });
    expect(formatPath(parsePath('metadata.annotations["a/b"]'))).toBe('metadata.annotations["a/b"]');
  });

  it("rejects bad syntax", () => {
    expect(() => parsePath("spec..replicas")).toThrow(PathError);
    expect(() => parsePath("spec.containers[0")).toThrow(/unclosed/);
    expect(() => parsePath("spec.")).toThrow(/ends with/);
    expect(() => parsePath("spec.containers[?]")).toThrow(/index like \[0\]/);
  });

  it("reads values, undefined when absent", () => {
    const o = {
      spec: {
        containers: [
          { name: "a", image: "x" },
          { name: "web", image: "nginx" },
        ],
      },
    };
    expect(getPath(o, parsePath("spec.containers[1].image"))).toBe("nginx");
    expect(getPath(o, parsePath("spec.containers[name=web].image"))).toBe("nginx");
    expect(getPath(o, parsePath("spec.containers[5].image"))).toBeUndefined();
    expect(getPath(o, parsePath("spec.replicas"))).toBeUndefined();
  });
});

describe("validatePath against the upstream OpenAPI schema", () => {
  it("returns the leaf type", () => {
    expect(validatePath(deploy, parsePath("status.readyReplicas"), "Deployment")).toBe("integer");
    expect(validatePath(deploy, parsePath("spec.template.spec.containers[0].image"), "Deployment")).toBe("string");
    expect(validatePath(deploy, parsePath("metadata.labels.app"), "Deployment")).toBe("string");
    expect(validatePath(schemaOf(resolveKind("Node")!)!, parsePath("spec.unschedulable"), "Node")).toBe("boolean");
  });

  it("names the unknown field and suggests the right one", () => {
    expect(() => validatePath(deploy, parsePath("spec.replica"), "Deployment")).toThrow(
      'Deployment has no field "spec.replica" (did you mean "replicas"?)',
    );
    expect(() => validatePath(deploy, parsePath("spec.template.spec.containers.image"), "Deployment")).toThrow(/is a list: use an index/);
    expect(() => validatePath(deploy, parsePath("spec.replicas.x"), "Deployment")).toThrow(
      '"spec.replicas" of Deployment is an integer and has no field "x"',
    );
    expect(() => validatePath(deploy, parsePath("spec.template.spec.containers[nme=web]"), "Deployment")).toThrow(/have no field "nme"/);
  });
});
