import { describe, expect, it } from "vitest";
import { isCreateOnlyReview, localsubjectaccessreviews, reviewResources, selfsubjectaccessreviews, subjectaccessreviews } from "./reviews";
import { deployments } from "./deployments";
import { T0, ctx, messages, obj } from "./testing";

const c = ctx([], T0);

describe("review resources (create-only, not stored)", () => {
  it("only allow create and are flagged as not stored", () => {
    for (const r of reviewResources) {
      expect(r.verbs).toEqual(["create"]);
      expect(isCreateOnlyReview(r)).toBe(true);
    }
    expect(isCreateOnlyReview(deployments)).toBe(false);
  });

  it("validates SelfSubjectAccessReview attributes", () => {
    const none = obj("authorization.k8s.io/v1", "SelfSubjectAccessReview", "", { spec: {} });
    expect(messages(selfsubjectaccessreviews.validateCreate!(none, c))).toEqual([
      "spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified",
    ]);
    const ok = obj("authorization.k8s.io/v1", "SelfSubjectAccessReview", "", { spec: { resourceAttributes: { verb: "get", resource: "pods" } } });
    expect(selfsubjectaccessreviews.validateCreate!(ok, c)).toEqual([]);
  });

  it("requires a user or group on SubjectAccessReview and a matching namespace on the local one", () => {
    const sar = obj("authorization.k8s.io/v1", "SubjectAccessReview", "", { spec: { nonResourceAttributes: { path: "/healthz", verb: "get" } } });
    expect(subjectaccessreviews.validateCreate!(sar, c).map((e) => e.detail)).toEqual(["at least one of user or group must be specified"]);
    const lsar = obj("authorization.k8s.io/v1", "LocalSubjectAccessReview", "", { spec: { user: "bob", resourceAttributes: { namespace: "other", verb: "get" } } });
    expect(localsubjectaccessreviews.validateCreate!(lsar, c).map((e) => `${e.field}: ${e.detail}`)).toEqual(["spec.resourceAttributes.namespace: must match metadata.namespace"]);
  });
});
