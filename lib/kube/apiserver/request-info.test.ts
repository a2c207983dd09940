import { describe, expect, it } from "vitest";
import { requestInfo } from "./request-info";
import { dropPath } from "./context";
import { parseAccept, responseShape } from "./negotiation";
import { discoveryFlavor } from "./discovery";

const q = (s = "") => new URLSearchParams(s);

describe("requestInfo", () => {
  it("parses resource paths like upstream's RequestInfoFactory", () => {
    expect(requestInfo("GET", "/api/v1/namespaces/ns/pods/web/log", q())).toMatchObject({ isResourceRequest: true, group: "", version: "v1", namespace: "ns", resource: "pods", name: "web", subresource: "log", verb: "get" });
    expect(requestInfo("GET", "/apis/apps/v1/deployments", q())).toMatchObject({ group: "apps", resource: "deployments", namespace: "", verb: "list" });
    expect(requestInfo("GET", "/apis/apps/v1/namespaces/a/deployments", q("watch=true")).verb).toBe("watch");
    expect(requestInfo("GET", "/api/v1/watch/namespaces/a/pods", q()).verb).toBe("watch");
    expect(requestInfo("DELETE", "/api/v1/namespaces/a/pods", q()).verb).toBe("deletecollection");
    expect(requestInfo("PUT", "/api/v1/namespaces/a/finalize", q())).toMatchObject({ resource: "namespaces", name: "a", subresource: "finalize", verb: "update" });
    expect(requestInfo("GET", "/api/v1/namespaces/a", q())).toMatchObject({ resource: "namespaces", name: "a", namespace: "a" });
  });
  it("leaves non-resource paths alone", () => {
    for (const p of ["/version", "/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1", "/openapi/v3"]) expect(requestInfo("GET", p, q()).isResourceRequest).toBe(false);
  });
});

describe("negotiation", () => {
  it("picks Table, PartialObjectMetadata or the plain object from Accept", () => {
    expect(responseShape("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).toEqual({ as: "Table", metaVersion: "v1" });
    expect(responseShape("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).toEqual({ as: "Table", metaVersion: "v1beta1" });
    expect(responseShape("application/vnd.kubernetes.protobuf,application/json").as).toBe("object");
    expect(responseShape(undefined).as).toBe("object");
    expect(parseAccept("a/b;x=1, c/d").map((m) => m.type)).toEqual(["a/b", "c/d"]);
  });
  it("chooses the discovery document by the first acceptable entry", () => {
    expect(discoveryFlavor("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")).toBe("v2");
    expect(discoveryFlavor("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")).toBe("v2beta1");
    expect(discoveryFlavor("application/json, */*")).toBe("legacy");
    expect(discoveryFlavor("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json")).toBe("legacy");
  });
});

describe("dropPath", () => {
  it("removes unknown fields at strict-decoding paths, also under dotted map keys", () => {
    const o = { spec: { foo: 1, template: { spec: { containers: [{ name: "a", bad: true }] } } }, metadata: { labels: { "app.kubernetes.io/x": "y" } } };
    dropPath(o, "spec.foo");
    dropPath(o, "spec.template.spec.containers[0].bad");
    dropPath(o, "metadata.labels.app.kubernetes.io/x");
    expect(o).toEqual({ spec: { template: { spec: { containers: [{ name: "a" }] } } }, metadata: { labels: {} } });
  });
});
