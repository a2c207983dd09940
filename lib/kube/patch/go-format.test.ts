import { describe, expect, it } from "vitest";
import { goEncode } from "./managed-fields";
import { goJson, goStringCompare, goV, jsonEqual } from "./go-format";
import { goSliceStable } from "./go-sort";

describe("Go formatting helpers", () => {
  it("goV renders like fmt's %v on decoded JSON", () => {
    expect(goV({ b: [1, "x"], a: null, c: { d: true } })).toBe("map[a:<nil> b:[1 x] c:map[d:true]]");
    expect(goV(1.5)).toBe("1.5");
    expect(goV(1e-7)).toBe("1e-07");
  });

  it("goJson sorts keys and escapes HTML characters like encoding/json", () => {
    expect(goJson({ z: 1, a: "<a&b>", m: [true, null] })).toBe('{"a":"\\u003ca\\u0026b\\u003e","m":[true,null],"z":1}');
    expect(goEncode({ a: 1 })).toBe('{"a":1}\n');
  });

  it("jsonEqual ignores key order", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });
});

describe("goSliceStable", () => {
  it("is a correct stable sort for a proper ordering, beyond the 20-element insertion blocks", () => {
    const items = Array.from({ length: 137 }, (_, i) => ({ key: (i * 37) % 11, id: i }));
    const ours = [...items];
    goSliceStable(ours, (a, b) => a.key < b.key);
    const reference = [...items].sort((a, b) => a.key - b.key);
    expect(ours).toEqual(reference);
  });

  it("reproduces Go's result for strategic merge's non-strict comparator", () => {
    // less(x, y) is true whenever either is unknown — Go's insertion sort then moves unknowns left.
    const order = ["b", "a"];
    const items = ["a", "x", "b"];
    goSliceStable(items, (x, y) => {
      const i = order.indexOf(x);
      const j = order.indexOf(y);
      return i >= 0 && j >= 0 ? i < j : true;
    });
    expect(items).toEqual(["b", "x", "a"]);
  });
});

describe("goStringCompare", () => {
  it("orders like Go's byte-wise string comparison, surrogate pairs included", () => {
    const samples = ["", "a", "ab", "b", "B", "é", "z", "\u00ff", "\u0100", "\uffff", "\ue000", "😀", "😀a", "a😀", "\ud83d", "f:spec", "f:status", "k:{\"name\":\"x\"}"];
    const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
    for (const a of samples)
      for (const b of samples) expect(sign(goStringCompare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
