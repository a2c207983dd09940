import { describe, expect, it } from "vitest";
import {
  FieldSelector,
  SelectorError,
  checkFieldLabels,
  escapeFieldValue,
  parseFieldSelector,
  parseFieldSelectorParam,
  unescapeFieldValue,
} from "./index";
import { StatusError } from "../errors";

const pod = { "metadata.name": "web-1", "metadata.namespace": "default", "status.phase": "Running", "spec.nodeName": "" };
const get = (f: string) => (pod as Record<string, string | undefined>)[f];

describe("field selectors", () => {
  it("parses and matches =, == and != terms", () => {
    expect(parseFieldSelector("metadata.name=web-1").matches(get)).toBe(true);
    expect(parseFieldSelector("metadata.name==web-1").matches(get)).toBe(true);
    expect(parseFieldSelector("metadata.name=web-2").matches(get)).toBe(false);
    expect(parseFieldSelector("metadata.namespace!=kube-system,status.phase=Running").matches(get)).toBe(true);
    expect(parseFieldSelector("metadata.namespace!=default").matches(get)).toBe(false);
    expect(parseFieldSelector("spec.nodeName=").matches(get)).toBe(true);
    expect(parseFieldSelector("spec.missing=").matches(get)).toBe(true);
    expect(parseFieldSelector("spec.missing!=").matches(get)).toBe(false);
    expect(parseFieldSelector("").empty()).toBe(true);
    expect(parseFieldSelector(",,").empty()).toBe(true);
    expect(FieldSelector.oneTermEqual("metadata.name", "web-1").matchesSet(pod)).toBe(true);
  });

  it("orders terms sorted and prints them like upstream", () => {
    const s = parseFieldSelector("status.phase!=Failed,metadata.name==a\\,b");
    expect(s.requirements.map((r) => r.field)).toEqual(["metadata.name", "status.phase"]);
    expect(s.requirements[0]!.value).toBe("a,b");
    expect(s.toString()).toBe("metadata.name=a\\,b,status.phase!=Failed");
    expect(s.requiresExactMatch("metadata.name")).toBe("a,b");
    expect(s.requiresExactMatch("status.phase")).toBeUndefined();
  });

  it("splits on the first operator; the rest is the value", () => {
    const s = parseFieldSelector("a=b\\=c");
    expect(s.requirements[0]).toEqual({ field: "a", operator: "=", value: "b=c" });
    expect(parseFieldSelector("a!=b").requirements[0]!.operator).toBe("!=");
  });

  it("reports upstream's messages", () => {
    expect(() => parseFieldSelector("foo")).toThrow("invalid selector: 'foo'; can't understand 'foo'");
    expect(() => parseFieldSelector("a=b,foo")).toThrow("invalid selector: 'a=b,foo'; can't understand 'foo'");
    expect(() => parseFieldSelector("a=b=c")).toThrow("invalid field selector: unescaped character in value: 61");
    expect(() => parseFieldSelector("a=b\\x")).toThrow("invalid field selector: invalid escape sequence: \\x");
    expect(() => parseFieldSelector("a=b\\")).toThrow("invalid field selector: invalid escape sequence: \\");
    try {
      parseFieldSelectorParam("foo");
      expect.unreachable();
    } catch (e) {
      expect((e as StatusError).status).toMatchObject({ code: 400, reason: "BadRequest" });
    }
  });

  it("escapes and unescapes values", () => {
    expect(escapeFieldValue("a\\b,c=d")).toBe("a\\\\b\\,c\\=d");
    expect(unescapeFieldValue(escapeFieldValue("a\\b,c=d"))).toBe("a\\b,c=d");
  });

  it("checks field labels a resource supports", () => {
    const sel = parseFieldSelector("metadata.name=a,spec.foo=b");
    expect(() => checkFieldLabels(sel, ["metadata.name", "metadata.namespace", "spec.nodeName"])).toThrow(
      new SelectorError("field label not supported: spec.foo"),
    );
    expect(() => checkFieldLabels(sel, ["metadata.name", "metadata.namespace"])).toThrow(
      new SelectorError(`"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"`),
    );
    expect(() => checkFieldLabels(sel, ["metadata.name", "metadata.namespace"], "custom")).toThrow("field label not supported: spec.foo");
    expect(checkFieldLabels(parseFieldSelector("metadata.name=a"), ["metadata.name"]).toString()).toBe("metadata.name=a");
    expect(sel.transform((f, v) => (f === "spec.foo" ? ["", ""] : [f, v])).toString()).toBe("metadata.name=a");
  });
});
