import { describe, expect, it } from "vitest";
import { dropEmptyOptional } from "./omitempty";

const DEPLOYMENT = { group: "apps", version: "v1", kind: "Deployment" };

describe("dropEmptyOptional (Go omitempty after a typed round trip)", () => {
  it("drops empty optional maps and arrays, at any depth", () => {
    const d = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: {}, annotations: {}, finalizers: [] },
      spec: {
        selector: { matchLabels: { app: "web" }, matchExpressions: [] },
        template: { metadata: { labels: { app: "web" }, annotations: {} }, spec: { containers: [{ name: "c", image: "nginx", env: [], ports: [] }], volumes: [] } },
      },
    };
    dropEmptyOptional(DEPLOYMENT, d);
    expect(d).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    });
  });

  it("keeps required arrays, empty structs, zero values and non-empty containers", () => {
    const d = {
      metadata: { name: "web", labels: { a: "" } },
      spec: { replicas: 0, paused: false, template: { spec: { containers: [], securityContext: {} } } },
      status: {},
    };
    dropEmptyOptional(DEPLOYMENT, d);
    expect(d).toEqual({ metadata: { name: "web", labels: { a: "" } }, spec: { replicas: 0, paused: false, template: { spec: { containers: [], securityContext: {} } } }, status: {} });
  });

  it("leaves kinds without a schema alone", () => {
    const o = { metadata: { labels: {} } };
    dropEmptyOptional({ group: "example.com", version: "v1", kind: "Nope" }, o);
    expect(o).toEqual({ metadata: { labels: {} } });
  });
});
