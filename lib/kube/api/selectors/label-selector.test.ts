import { describe, expect, it } from "vitest";
import { SelectorError, formatLabelSelector, labelSelectorAsSelector, parseToLabelSelector } from "./index";

describe("metav1.LabelSelector helpers", () => {
  it("formats like FormatLabelSelector (kubectl get rs -o wide, scale status.selector)", () => {
    expect(formatLabelSelector({ matchLabels: { app: "web" } })).toBe("app=web");
    expect(formatLabelSelector({ matchLabels: { tier: "fe", app: "web" } })).toBe("app=web,tier=fe");
    expect(
      formatLabelSelector({
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "dev"] },
          { key: "canary", operator: "DoesNotExist" },
          { key: "zone", operator: "NotIn", values: ["b"] },
          { key: "app.kubernetes.io/name", operator: "Exists" },
        ],
      }),
    ).toBe("app=web,app.kubernetes.io/name,!canary,env in (dev,prod),zone notin (b)");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Bogus" }] })).toBe("<error>");
  });

  it("nil selects nothing, empty selects everything", () => {
    expect(labelSelectorAsSelector(null).matches({ a: "b" })).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ a: "b" })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).empty()).toBe(true);
  });

  it("matches objects' labels", () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { app: "web" },
      matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }],
    });
    expect(sel.matches({ app: "web" })).toBe(true);
    expect(sel.matches({ app: "web", env: "dev" })).toBe(true);
    expect(sel.matches({ app: "web", env: "prod" })).toBe(false);
    expect(sel.matches({ app: "db" })).toBe(false);
  });

  it("reports invalid selectors with upstream's messages", () => {
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => labelSelectorAsSelector({ matchLabels: { "-a": "b" } })).toThrow(SelectorError);
  });

  it("parses the string form back to a LabelSelector", () => {
    expect(parseToLabelSelector("app=web,env in (a,b),!canary,zone")).toEqual({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "canary", operator: "DoesNotExist" },
        { key: "env", operator: "In", values: ["a", "b"] },
        { key: "zone", operator: "Exists" },
      ],
    });
    expect(() => parseToLabelSelector("a>1")).toThrow(`"gt" isn't supported in label selectors`);
    expect(() => parseToLabelSelector("a!=1")).toThrow(`"!=" is not a valid label selector operator`);
    expect(formatLabelSelector(parseToLabelSelector("b=1,a in (x)"))).toBe("a in (x),b=1");
  });
});
