import { describe, expect, it } from "vitest";
import { formatFieldError, fieldError } from "../../api/field-errors";
import { formatLabelSelector, goLabelSelector, goStringMap, selectorEmpty, selectorMatches, selectorString } from "./selector";

describe("label selectors as upstream prints and matches them", () => {
  const sel = {
    matchLabels: { tier: "web", app: "shop" },
    matchExpressions: [
      { key: "env", operator: "In", values: ["prod", "dev"] },
      { key: "canary", operator: "DoesNotExist" },
      { key: "zone", operator: "NotIn", values: ["b"] },
    ],
  };

  it("renders LabelSelectorAsSelector(...).String() sorted by key", () => {
    expect(selectorString(sel)).toBe("app=shop,!canary,env in (dev,prod),tier=web,zone notin (b)");
    expect(selectorString(undefined)).toBe("");
    expect(selectorString({ matchExpressions: [{ key: "a", operator: "Near" }] })).toBeUndefined();
  });

  it("formats <none> and <error> as FormatLabelSelector does", () => {
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toBe("<error>");
  });

  it("matches like labels.Selector (nil matches nothing, empty matches everything)", () => {
    expect(selectorMatches(sel, { app: "shop", tier: "web", env: "prod", zone: "a" })).toBe(true);
    expect(selectorMatches(sel, { app: "shop", tier: "web", env: "prod", canary: "1" })).toBe(false);
    expect(selectorMatches(sel, { app: "shop", tier: "web", env: "qa" })).toBe(false);
    expect(selectorMatches(undefined, {})).toBe(false);
    expect(selectorMatches({}, { any: "thing" })).toBe(true);
    expect(selectorEmpty({})).toBe(true);
    expect(selectorEmpty(undefined)).toBe(false);
  });

  it("prints values the way Go's %#v does inside field errors", () => {
    expect(formatFieldError(fieldError.invalid("x", goStringMap({ b: "2", a: "1" }), "d"))).toBe('x: Invalid value: map[string]string{"a":"1", "b":"2"}: d');
    expect(formatFieldError(fieldError.invalid("x", goStringMap(undefined), "d"))).toBe("x: Invalid value: map[string]string(nil): d");
    expect(goLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: ["v"] }] })?.text).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"k", Operator:"In", Values:[]string{"v"}}}}',
    );
    expect(goLabelSelector(undefined)).toBeNull();
  });
});
