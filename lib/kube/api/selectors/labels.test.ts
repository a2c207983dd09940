import { describe, expect, it } from "vitest";
import {
  LabelSelector,
  SelectorError,
  newRequirement,
  parseLabelSelector,
  parseLabelSelectorParam,
  selectorFromSet,
  validatedSelectorFromSet,
} from "./index";
import { StatusError } from "../errors";

function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
}

const NAME_PART_REGEX =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("parseLabelSelector", () => {
  it.each(["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"])(
    "round-trips %j (upstream good strings)",
    (s) => {
      expect(parseLabelSelector(s).toString()).toBe(s.replaceAll(" ", ""));
    },
  );

  it.each(["x=a||y=b", "x==a==b", "!x=a", "x<a"])("rejects %j (upstream bad strings)", (s) => {
    expect(() => parseLabelSelector(s)).toThrow(SelectorError);
  });

  it("sorts requirements by key deterministically", () => {
    expect(parseLabelSelector("x=a,a=x").toString()).toBe("a=x,x=a");
    expect(parseLabelSelector("x notin (abc,def),bar,z in (),w").toString()).toBe("bar,w,x notin (abc,def),z in ()");
  });

  it("parses set-based requirements with whitespace, empty values and in/notin as values", () => {
    const s = parseLabelSelector("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)");
    expect(s.requirements).toEqual([{ key: "0.1.2.domain/99", operator: "notin", values: ["10.10.100.1", "tick.tack.clock"] }]);
    expect(parseLabelSelector("x  notin\t\t(abc,def)").requirements[0]!.values).toEqual(["abc", "def"]);
    expect(parseLabelSelector("x in (abc,)").requirements[0]!.values).toEqual(["", "abc"]);
    expect(parseLabelSelector("x in ()").requirements[0]!.values).toEqual([""]);
    expect(parseLabelSelector("x in (,,a)").requirements[0]!.values).toEqual(["", "a"]);
    expect(parseLabelSelector("notin=in").requirements[0]).toEqual({ key: "notin", operator: "=", values: ["in"] });
    expect(parseLabelSelector("x in (in,notin)").toString()).toBe("x in (in,notin)");
    expect(parseLabelSelector("\rx").requirements[0]!.operator).toBe("exists");
    expect(parseLabelSelector("a==b").toString()).toBe("a==b");
  });

  it("reports upstream's messages", () => {
    expect(parseError("a in (")).toBe("unable to parse requirement: found '', expected: ',', ')' or identifier");
    expect(parseError("a in (b")).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(parseError("a in b")).toBe("unable to parse requirement: found 'b' expected: '('");
    expect(parseError("a b")).toBe("unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    expect(parseError("a=b c")).toBe("found 'c', expected: ',' or 'end of string'");
    expect(parseError("a=b,")).toBe("found '', expected: identifier after ','");
    expect(parseError(",a")).toBe("found ',', expected: !, identifier, or 'end of string'");
    expect(parseError("!x=a")).toBe("found '=', expected: ',' or 'end of string'");
    expect(parseError("x==a==b")).toBe("found '==', expected: ',' or 'end of string'");
    expect(parseError("a=(")).toBe("unable to parse requirement: found '(', expected: identifier");
    expect(parseError("!")).toBe("unable to parse requirement: found '', expected: identifier");
    expect(parseError("app:monolith")).toBe(`unable to parse requirement: <nil>: Invalid value: "app:monolith": ${NAME_PART_REGEX}`);
    expect(parseError("app.kubernetes_io/name=x")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app.kubernetes_io/name": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    expect(parseError("a/b/c")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    expect(parseError("x<a")).toBe(
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    expect(parseError("a=-b")).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "-b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(parseError(`a=${"x".repeat(64)}`)).toMatch(
      /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "x{64}": must be no more than 63 characters$/,
    );
    expect(parseError(`${"k".repeat(64)}`)).toBe(
      `unable to parse requirement: <nil>: Invalid value: "${"k".repeat(64)}": name part must be no more than 63 characters`,
    );
  });

  it("quotes values the way Go's %q does", () => {
    expect(parseError("a=b\u0001")).toMatch(/^unable to parse requirement: values\[0\]\[a\]: Invalid value: "b\\x01": /);
    expect(parseError('a="b"')).toMatch(/Invalid value: "\\"b\\"": /);
  });

  it("parseLabelSelectorParam turns errors into 400 BadRequest", () => {
    try {
      parseLabelSelectorParam("a in (");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatusError);
      expect((e as StatusError).status).toMatchObject({
        code: 400,
        reason: "BadRequest",
        message: "unable to parse requirement: found '', expected: ',', ')' or identifier",
      });
    }
    expect(parseLabelSelectorParam(undefined).empty()).toBe(true);
  });
});

describe("matching", () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ["", { x: "y" }, true],
    ["x=y", { x: "y" }, true],
    ["x=y,z=w", { x: "y", z: "w" }, true],
    ["x!=y,z!=w", { x: "z", z: "a" }, true],
    ["notin=in", { notin: "in" }, true],
    ["x", { x: "z" }, true],
    ["!x", { y: "z" }, true],
    ["x>1", { x: "2" }, true],
    ["x<1", { x: "0" }, true],
    ["x<1", { x: "-5" }, true],
    ["x=z", {}, false],
    ["x=y", { x: "z" }, false],
    ["x=y,z=w", { x: "w", z: "w" }, false],
    ["x!=y,z!=w", { x: "z", z: "w" }, false],
    ["x", { y: "z" }, false],
    ["!x", { x: "z" }, false],
    ["x>1", { x: "0" }, false],
    ["x<1", { x: "2" }, false],
    ["x>1", { x: "v2" }, false],
    ["x>1", {}, false],
    ["x!=a", {}, true],
    ["x notin (a)", {}, true],
    ["x in (a,b)", { x: "b" }, true],
    ["x in ()", { x: "" }, true],
    ["x in ()", { y: "baz" }, false],
    ["foo=bar,foobar=bar,baz=blah", { foo: "bar", baz: "blah" }, false],
  ];
  it.each(cases)("%j matches %j: %s", (sel, labels, want) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(want);
  });

  it("undefined labels are an empty set; Nothing matches nothing", () => {
    expect(parseLabelSelector("!a").matches(undefined)).toBe(true);
    expect(parseLabelSelector("a").matches(undefined)).toBe(false);
    expect(LabelSelector.nothing().matches({})).toBe(false);
    expect(LabelSelector.nothing().empty()).toBe(false);
    expect(LabelSelector.everything().empty()).toBe(true);
  });

  it("does not see inherited properties as labels", () => {
    expect(parseLabelSelector("constructor").matches({})).toBe(false);
    expect(parseLabelSelector("toString").matches({})).toBe(false);
  });
});

describe("requirements and sets", () => {
  it("newRequirement validates like upstream", () => {
    expect(() => newRequirement("x", "in", [])).toThrow(
      `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
    );
    expect(() => newRequirement("x", "exists", ["a"])).toThrow(
      `values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist`,
    );
    expect(() => newRequirement("x", "=", ["a", "b"])).toThrow(
      `values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value`,
    );
    expect(() => newRequirement("x", "~", [])).toThrow(
      `operator: Unsupported value: "~": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
    );
    expect(() => newRequirement("a".repeat(254), "exists", [])).toThrow(SelectorError);
    expect(() => newRequirement("foo", "gt", ["bar"])).toThrow(SelectorError);
    expect(newRequirement("1234", "in", ["bar"]).key).toBe("1234");
    // several errors aggregate as [a, b]
    expect(() => newRequirement("bad key", "in", [])).toThrow(
      /^\[key: Invalid value: "bad key": .*, values: Invalid value: \[\]string\{\}: .*\]$/,
    );
  });

  it("selectorFromSet and requiresExactMatch", () => {
    const s = selectorFromSet({ b: "2", a: "1" });
    expect(s.toString()).toBe("a=1,b=2");
    expect(s.requiresExactMatch("a")).toBe("1");
    expect(s.requiresExactMatch("c")).toBeUndefined();
    expect(parseLabelSelector("a in (x)").requiresExactMatch("a")).toBe("x");
    expect(parseLabelSelector("a in (x,y)").requiresExactMatch("a")).toBeUndefined();
    expect(selectorFromSet(undefined).empty()).toBe(true);
    expect(() => validatedSelectorFromSet({ "a b": "c" })).toThrow(SelectorError);
    expect(s.add(newRequirement("0", "exists", [])).toString()).toBe("0,a=1,b=2");
  });
});
