import { describe, expect, it } from "vitest";
import { StatusError, type KubeObject } from "../api";
import { applyPatch } from "./index";

const base = (): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web", tier: "fe" } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "a", image: "a:1" },
          { name: "b", image: "b:1" },
        ],
      },
    },
  },
});

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error("expected a StatusError");
}

describe("JSON merge patch (RFC 7386)", () => {
  it("merges objects recursively and deletes with null", () => {
    const out = applyPatch("merge", base(), { metadata: { labels: { tier: null, env: "prod" } }, spec: { replicas: 5 } }, undefined);
    expect(out.metadata.labels).toEqual({ app: "web", env: "prod" });
    expect((out.spec as { replicas: number }).replicas).toBe(5);
  });

  it("replaces lists wholesale (no merge by key)", () => {
    const out = applyPatch("merge", base(), { spec: { template: { spec: { containers: [{ name: "b", image: "b:2" }] } } } }, undefined);
    expect(out.spec).toEqual({ replicas: 2, template: { spec: { containers: [{ name: "b", image: "b:2" }] } } });
  });

  it("prunes nulls inside newly added objects and list items", () => {
    const out = applyPatch(
      "merge",
      base(),
      { spec: { strategy: { type: "Recreate", rollingUpdate: null }, extra: [{ a: null, b: 1 }, null] } },
      undefined,
    );
    const spec = out.spec as Record<string, unknown>;
    expect(spec.strategy).toEqual({ type: "Recreate" });
    expect(spec.extra).toEqual([{ b: 1 }, null]);
  });

  it("replaces a scalar with an object and vice versa", () => {
    const out = applyPatch("merge", base(), { spec: { replicas: { x: 1 }, template: "t" } }, undefined);
    expect(out.spec).toEqual({ replicas: { x: 1 }, template: "t" });
  });

  it("deleting an absent key is a no-op; the input is untouched", () => {
    const cur = base();
    const out = applyPatch("merge", cur, { metadata: { annotations: null } }, undefined);
    expect(out).toEqual(base());
    expect(out).not.toBe(cur);
  });

  it("a null or scalar body is 400 Invalid JSON Patch", () => {
    for (const body of [null, 5, "x"]) {
      const e = statusOf(() => applyPatch("merge", base(), body, undefined));
      expect(e.code).toBe(400);
      expect(e.status.message).toBe("Invalid JSON Patch");
    }
  });

  it("an array body replaces the document and fails to decode (422 patch: Invalid value)", () => {
    const e = statusOf(() => applyPatch("merge", base(), [1], undefined));
    expect(e.code).toBe(422);
    expect(e.status.message).toMatch(
      /^ "" is invalid: patch: Invalid value: "\[1\]": couldn't get version\/kind; json parse error: json: cannot unmarshal array/,
    );
    expect(e.status.details?.causes?.[0]).toMatchObject({ reason: "FieldValueInvalid", field: "patch" });
  });
});
