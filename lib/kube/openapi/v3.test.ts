import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openapiV3Document, openapiV3Entry, openapiV3Root } from "./v3";

type Json = Record<string, unknown>;
type Op = {
  parameters?: { name: string }[];
  requestBody?: { content: Json };
  "x-kubernetes-group-version-kind"?: Json;
  "x-kubernetes-action"?: string;
};

function doc(gv: string): { paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, Json> } } {
  const d = openapiV3Document(gv);
  if (!d) throw new Error(`no document for ${gv}`);
  return d as ReturnType<typeof doc>;
}

function refs(v: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.add(x);
      else refs(x, out);
    }
  }
  return out;
}

describe("openapiV3Root", () => {
  it("lists every served group-version with a hashed server-relative URL", () => {
    const root = openapiV3Root();
    expect(Object.keys(root.paths)).toEqual(
      expect.arrayContaining(["api/v1", "apis/apps/v1", "apis/batch/v1", "apis/autoscaling/v2", "apis/events.k8s.io/v1"]),
    );
    for (const [gv, { serverRelativeURL }] of Object.entries(root.paths)) {
      const entry = openapiV3Entry(gv);
      expect(entry).toBeDefined();
      expect(serverRelativeURL).toBe(`/openapi/v3/${gv}?hash=${entry?.hash}`);
      expect(entry?.hash).toBe(
        createHash("sha512")
          .update(entry?.json ?? "")
          .digest("hex")
          .toUpperCase(),
      );
    }
  });
});

describe("openapiV3Document", () => {
  it("returns undefined for a group-version we do not serve", () => {
    expect(openapiV3Document("apis/example.com/v1")).toBeUndefined();
    expect(openapiV3Document("/apis/apps/v1")).toEqual(openapiV3Document("apis/apps/v1"));
  });

  it("has a PATCH operation kubectl accepts for server-side field validation and SMP", () => {
    const d = doc("apis/apps/v1");
    const item = d.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"];
    const patch = item?.patch;
    expect(patch?.["x-kubernetes-group-version-kind"]).toEqual({ group: "apps", kind: "Deployment", version: "v1" });
    expect(patch?.["x-kubernetes-action"]).toBe("patch");
    expect(patch?.parameters?.map((p) => p.name)).toContain("fieldValidation");
    expect(Object.keys(patch?.requestBody?.content ?? {})).toContain("application/strategic-merge-patch+json");
    const scale = d.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"]?.patch;
    expect(scale?.["x-kubernetes-group-version-kind"]).toEqual({ group: "autoscaling", kind: "Scale", version: "v1" });
  });

  it("has the list paths kubectl explain searches for the GVK", () => {
    const core = doc("api/v1");
    expect(core.paths["/api/v1/namespaces/{namespace}/pods"]?.get?.["x-kubernetes-group-version-kind"]).toEqual({
      group: "",
      kind: "Pod",
      version: "v1",
    });
    expect(core.paths["/api/v1/nodes"]?.get?.["x-kubernetes-group-version-kind"]).toEqual({ group: "", kind: "Node", version: "v1" });
    expect(core.paths["/api/v1/namespaces/{namespace}/pods/{name}/eviction"]?.post?.["x-kubernetes-group-version-kind"]).toEqual({
      group: "policy",
      kind: "Eviction",
      version: "v1",
    });
    const authz = doc("apis/authorization.k8s.io/v1");
    expect(authz.paths["/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"]?.post).toBeDefined();
  });

  it("carries components.schemas closed under $ref, shaped like upstream v3", () => {
    for (const gv of Object.keys(openapiV3Root().paths)) {
      const d = doc(gv);
      for (const r of refs(d, new Set())) {
        expect(r.startsWith("#/components/schemas/"), r).toBe(true);
        expect(d.components.schemas[r.slice("#/components/schemas/".length)], `${gv}: ${r}`).toBeDefined();
      }
    }
    const s = doc("apis/apps/v1").components.schemas;
    expect(s["io.k8s.api.apps.v1.Deployment"]?.["x-kubernetes-group-version-kind"]).toEqual([
      { group: "apps", kind: "Deployment", version: "v1" },
    ]);
    const props = s["io.k8s.api.apps.v1.DeploymentSpec"]?.properties as Record<string, Json>;
    expect(props.template).toEqual({
      allOf: [{ $ref: "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec" }],
      description: expect.stringMatching(/^Template describes the pods/),
    });
    expect(s["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toMatchObject({
      format: "int-or-string",
      oneOf: [{ type: "integer" }, { type: "string" }],
    });
    expect(s["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]?.type).toBeUndefined();
    expect(s["io.k8s.apimachinery.pkg.api.resource.Quantity"]).toMatchObject({ oneOf: [{ type: "string" }, { type: "number" }] });
    const containers = (s["io.k8s.api.core.v1.PodSpec"]?.properties as Record<string, Json>).containers;
    expect(containers).toMatchObject({ "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge", type: "array" });
  });
});
