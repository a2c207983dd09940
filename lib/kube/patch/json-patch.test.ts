import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api";
import { StatusError } from "../api";
import { applyPatch } from "./index";

const base = (): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cm", labels: { app: "web" }, annotations: { "a/b": "slash", "t~x": "tilde" } },
  data: { k: "v" },
  list: [1, 2, 3],
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

describe("JSON patch (RFC 6902, evanphx/json-patch v4 semantics)", () => {
  it("adds, replaces and removes object members", () => {
    const out = applyPatch(
      "json",
      base(),
      [
        { op: "add", path: "/data/new", value: "n" },
        { op: "replace", path: "/data/k", value: "w" },
        { op: "remove", path: "/metadata/labels/app" },
      ],
      undefined,
    );
    expect(out.data).toEqual({ k: "w", new: "n" });
    expect(out.metadata.labels).toEqual({});
  });

  it("unescapes ~1 and ~0 in pointers", () => {
    const out = applyPatch(
      "json",
      base(),
      [
        { op: "replace", path: "/metadata/annotations/a~1b", value: "S" },
        { op: "remove", path: "/metadata/annotations/t~0x" },
      ],
      undefined,
    );
    expect(out.metadata.annotations).toEqual({ "a/b": "S" });
  });

  it("appends with '-' and inserts at an index", () => {
    const out = applyPatch(
      "json",
      base(),
      [
        { op: "add", path: "/list/-", value: 4 },
        { op: "add", path: "/list/0", value: 0 },
      ],
      undefined,
    );
    expect(out.list).toEqual([0, 1, 2, 3, 4]);
  });

  it("accepts negative indices like v4 (counting from the end)", () => {
    expect(applyPatch("json", base(), [{ op: "remove", path: "/list/-1" }], undefined).list).toEqual([1, 2]);
    expect(applyPatch("json", base(), [{ op: "replace", path: "/list/-3", value: 9 }], undefined).list).toEqual([9, 2, 3]);
  });

  it("moves and copies values", () => {
    const out = applyPatch(
      "json",
      base(),
      [
        { op: "copy", from: "/data/k", path: "/data/copy" },
        { op: "move", from: "/metadata/labels/app", path: "/data/moved" },
      ],
      undefined,
    );
    expect(out.data).toEqual({ k: "v", copy: "v", moved: "web" });
    expect(out.metadata.labels).toEqual({});
  });

  it("a missing value adds null", () => {
    expect(applyPatch("json", base(), [{ op: "add", path: "/data/x" }], undefined).data).toEqual({ k: "v", x: null });
  });

  it("passes a matching test and leaves the input untouched", () => {
    const cur = base();
    const out = applyPatch(
      "json",
      cur,
      [
        { op: "test", path: "/data/k", value: "v" },
        { op: "replace", path: "/data/k", value: "z" },
      ],
      undefined,
    );
    expect(out.data).toEqual({ k: "z" });
    expect(cur.data).toEqual({ k: "v" });
  });

  it("a failing test is 422 with upstream's generic message and empty details", () => {
    const e = statusOf(() => applyPatch("json", base(), [{ op: "test", path: "/data/k", value: "nope" }], undefined));
    expect(e.status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "the server rejected our request due to an error in our request",
      reason: "Invalid",
      details: {},
      code: 422,
    });
    expect(String((e.cause as Error).message)).toContain("testing value /data/k failed");
  });

  it.each([
    ["removing a missing path", { op: "remove", path: "/spec/affinity" }],
    ["replacing a missing key", { op: "replace", path: "/data/missing", value: 1 }],
    ["adding below a missing parent", { op: "add", path: "/a/b/c", value: 1 }],
    ["an index past the end", { op: "add", path: "/list/7", value: 1 }],
    ["an unknown op", { op: "frobnicate", path: "/data/k" }],
    ["a pointer without leading slash", { op: "add", path: "data", value: 1 }],
    ["the root path", { op: "add", path: "", value: {} }],
  ])("%s is 422 Invalid", (_name, op) => {
    const e = statusOf(() => applyPatch("json", base(), [op], undefined));
    expect(e.code).toBe(422);
    expect(e.reason).toBe("Invalid");
  });

  it("a body that is not an array is 400 with Go's decode error", () => {
    const e = statusOf(() => applyPatch("json", base(), { op: "add" }, undefined));
    expect(e.code).toBe(400);
    expect(e.status.message).toBe("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  });

  it("an operation that is not an object is 400", () => {
    const e = statusOf(() => applyPatch("json", base(), ["add"], undefined));
    expect(e.status.message).toBe("json: cannot unmarshal string into Go value of type jsonpatch.Operation");
  });

  it("more than 10000 operations is 413", () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/data/k", value: "v" }));
    const e = statusOf(() => applyPatch("json", base(), ops, undefined));
    expect(e.code).toBe(413);
    expect(e.status.message).toBe("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
  });

  it("a null body is an empty patch", () => {
    expect(applyPatch("json", base(), null, undefined)).toEqual(base());
  });
});
