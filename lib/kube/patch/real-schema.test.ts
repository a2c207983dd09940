/** The engines against the real upstream schemas from lib/kube/openapi. */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api";
import { schemaSource } from "../openapi";
import { applyPatch, serverSideApply, updateManagedFields } from "./index";

type Obj = Record<string, unknown>;
const deploymentSchema = schemaSource.forKind({ group: "apps", version: "v1", kind: "Deployment" });
const podSchema = schemaSource.forKind({ group: "", version: "v1", kind: "Pod" });
const T0 = "2026-11-27T10:00:00Z";

/** A Deployment as kube-apiserver stores it after defaulting. */
function storedDeployment(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      uid: "u1",
      resourceVersion: "1",
      generation: 1,
      creationTimestamp: T0,
      labels: { app: "web" },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "nginx",
              image: "nginx:1.25",
              ports: [{ containerPort: 80, protocol: "TCP" }],
              resources: {},
              terminationMessagePath: "/dev/termination-log",
              terminationMessagePolicy: "File",
              imagePullPolicy: "IfNotPresent",
            },
          ],
          restartPolicy: "Always",
          terminationGracePeriodSeconds: 30,
          dnsPolicy: "ClusterFirst",
          securityContext: {},
          schedulerName: "default-scheduler",
        },
      },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

describe("patch engines with the real Deployment/Pod schemas", () => {
  it("the schema source is available", () => {
    expect(deploymentSchema?.properties?.spec).toBeDefined();
    expect(podSchema?.properties?.spec).toBeDefined();
  });

  it("records `kubectl create` of a defaulted Deployment like kube-apiserver", () => {
    const entries = updateManagedFields({
      before: undefined,
      after: storedDeployment(),
      manager: "kubectl-create",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T0,
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.fieldsV1).toEqual({
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": {
        "f:progressDeadlineSeconds": {},
        "f:replicas": {},
        "f:revisionHistoryLimit": {},
        "f:selector": {},
        "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} },
        "f:template": {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:containers": {
              'k:{"name":"nginx"}': {
                ".": {},
                "f:image": {},
                "f:imagePullPolicy": {},
                "f:name": {},
                "f:ports": { ".": {}, 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:protocol": {} } },
                "f:resources": {},
                "f:terminationMessagePath": {},
                "f:terminationMessagePolicy": {},
              },
            },
            "f:dnsPolicy": {},
            "f:restartPolicy": {},
            "f:schedulerName": {},
            "f:securityContext": {},
            "f:terminationGracePeriodSeconds": {},
          },
        },
      },
    });
  });

  it("applies kubectl's client-side-apply patch (sidecar first via $setElementOrder)", () => {
    const patch = {
      spec: {
        template: {
          spec: {
            "$setElementOrder/containers": [{ name: "sidecar" }, { name: "nginx" }],
            containers: [{ image: "busybox", name: "sidecar" }],
          },
        },
      },
    };
    const out = applyPatch("strategic", storedDeployment(), patch, deploymentSchema);
    const names = ((((out.spec as Obj).template as Obj).spec as Obj).containers as Obj[]).map((c) => c.name);
    expect(names).toEqual(["sidecar", "nginx"]);
  });

  it("switches the rollout strategy with $retainKeys (kubectl apply of strategy: Recreate)", () => {
    const out = applyPatch(
      "strategic",
      storedDeployment(),
      { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
      deploymentSchema,
    );
    expect((out.spec as Obj).strategy).toEqual({ type: "Recreate" });
  });

  it("server-side apply over a kubectl-create'd Deployment: shared fields, a conflict on change", () => {
    const live = storedDeployment();
    live.metadata.managedFields = updateManagedFields({
      before: undefined,
      after: live,
      manager: "kubectl-create",
      apiVersion: "apps/v1",
      schema: deploymentSchema,
      now: T0,
    });
    const applied = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" } },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] }] },
        },
      },
    };
    const opts = { live, applied, manager: "kubectl", force: false, schema: deploymentSchema, apiVersion: "apps/v1", now: T0 };
    expect(() => serverSideApply(opts)).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
    );
    const forced = serverSideApply({ ...opts, force: true });
    expect((forced.spec as Obj).replicas).toBe(4);
    const ports = ((((forced.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[0]!.ports as Obj[];
    expect(ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    expect(forced.metadata.managedFields!.map((e) => e.manager)).toEqual(["kubectl", "kubectl-create"]);
  });

  it("a Pod's containers merge by name with the real schema", () => {
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: {
        containers: [
          { name: "a", image: "a:1" },
          { name: "b", image: "b:1" },
        ],
      },
    };
    const out = applyPatch("strategic", pod, { spec: { containers: [{ name: "b", image: "b:2" }] } }, podSchema);
    expect((out.spec as Obj).containers).toEqual([
      { name: "a", image: "a:1" },
      { name: "b", image: "b:2" },
    ]);
  });
});
