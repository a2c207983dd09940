import { describe, expect, it } from "vitest";
import { groupResources } from "./index";
import { T0, obj } from "./testing";

const discovery = groupResources.map((r) => [
  `${r.group}/${r.version}/${r.resource}`,
  r.singular,
  r.kind,
  r.namespaced,
  (r.shortNames ?? []).join(","),
  (r.categories ?? []).join(","),
  r.verbs.join(","),
  (r.subresources ?? []).map((s) => s.name).join(","),
]);

describe("group resources: discovery table", () => {
  it("lists every resource as upstream discovery does", () => {
    const all = "create,delete,deletecollection,get,list,patch,update,watch";
    expect(discovery).toEqual([
      ["apps/v1/deployments", "deployment", "Deployment", true, "deploy", "all", all, "status,scale"],
      ["apps/v1/replicasets", "replicaset", "ReplicaSet", true, "rs", "all", all, "status,scale"],
      ["apps/v1/statefulsets", "statefulset", "StatefulSet", true, "sts", "all", all, "status,scale"],
      ["apps/v1/daemonsets", "daemonset", "DaemonSet", true, "ds", "all", all, "status"],
      ["apps/v1/controllerrevisions", "controllerrevision", "ControllerRevision", true, "", "", all, ""],
      ["batch/v1/jobs", "job", "Job", true, "", "all", all, "status"],
      ["batch/v1/cronjobs", "cronjob", "CronJob", true, "cj", "all", all, "status"],
      ["autoscaling/v2/horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, "hpa", "all", all, "status"],
      ["policy/v1/poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, "pdb", "", all, "status"],
      ["networking.k8s.io/v1/networkpolicies", "networkpolicy", "NetworkPolicy", true, "netpol", "", all, ""],
      ["discovery.k8s.io/v1/endpointslices", "endpointslice", "EndpointSlice", true, "", "", all, ""],
      ["coordination.k8s.io/v1/leases", "lease", "Lease", true, "", "", all, ""],
      ["events.k8s.io/v1/events", "event", "Event", true, "ev", "", all, ""],
      ["authorization.k8s.io/v1/selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, "", "", "create", ""],
      ["authorization.k8s.io/v1/selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, "", "", "create", ""],
      ["authorization.k8s.io/v1/subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview", false, "", "", "create", ""],
      ["authorization.k8s.io/v1/localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview", true, "", "", "create", ""],
      ["authentication.k8s.io/v1/tokenreviews", "tokenreview", "TokenReview", false, "", "", "create", ""],
      ["authentication.k8s.io/v1/selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, "", "", "create", ""],
    ]);
  });

  it("keeps statusSubresource in step with a /status subresource and lists kinds", () => {
    for (const r of groupResources) {
      expect(r.statusSubresource, r.resource).toBe((r.subresources ?? []).some((s) => s.name === "status"));
      expect(r.listKind).toBe(`${r.kind}List`);
    }
    expect(groupResources.find((r) => r.group === "events.k8s.io")?.storageResource).toBe("events");
  });

  it("every printer returns exactly one cell per column, even for an empty object", () => {
    for (const r of groupResources) {
      const empty = obj(`${r.group}/${r.version}`, r.kind, "x");
      expect(r.printer.cells(empty, T0).length, r.resource).toBe(r.printer.columns.length);
      expect(r.printer.columns[0]?.format === "name" || r.resource === "events", r.resource).toBe(true);
    }
  });

  it("never throws from hooks on an empty object", () => {
    const c = { now: () => T0, get: () => undefined, list: () => [] };
    for (const r of groupResources) {
      const o = obj(`${r.group}/${r.version}`, r.kind, "x");
      r.defaults?.(o);
      r.prepareForCreate?.(o, c);
      expect(Array.isArray(r.validateCreate?.(o, c) ?? []), r.resource).toBe(true);
      expect(Array.isArray(r.validateUpdate?.(o, structuredClone(o), c) ?? []), r.resource).toBe(true);
    }
  });
});
