import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../kube/cluster/index";
import { findResourceType, kubeClientCompletion } from "./kube-completion";

let cluster: Cluster;
beforeAll(async () => {
  cluster = await createCluster({ token: "t", nodes: 2 });
  const cm = { group: "", version: "v1", resource: "configmaps" };
  await cluster.apiServer.loopback.create(cm, "default", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "web-config", namespace: "default" },
  });
  await cluster.apiServer.loopback.create({ group: "", version: "v1", resource: "namespaces" }, undefined, {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "demo" },
  });
  await cluster.apiServer.loopback.create(cm, "demo", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "demo-config", namespace: "demo" },
  });
});
afterAll(() => cluster.close());

describe("kubeClientCompletion", () => {
  it("matches resource types like kubectl: plural, singular, short name, plural.group", () => {
    expect(findResourceType("deploy")).toMatchObject({ group: "apps", resource: "deployments" });
    expect(findResourceType("Pod")).toMatchObject({ group: "", resource: "pods" });
    expect(findResourceType("cm")).toMatchObject({ resource: "configmaps" });
    expect(findResourceType("deployments.apps")).toMatchObject({ resource: "deployments" });
    expect(findResourceType("nope")).toBeUndefined();
  });
  it("lists names in the namespace asked for (default: the kubeconfig's), cluster-scoped without one", async () => {
    const source = kubeClientCompletion(cluster.apiServer.loopback);
    expect(await source.names("cm", undefined)).toContain("web-config");
    expect(await source.names("configmaps", "demo")).toContain("demo-config");
    expect(await source.names("configmaps", "demo")).not.toContain("web-config");
    expect((await source.names("nodes", "demo")).length).toBe(2);
    expect(await kubeClientCompletion(() => cluster.apiServer.loopback).names("cm", "demo")).toContain("demo-config");
    expect(await source.names("nope", undefined)).toEqual([]);
  });
});
