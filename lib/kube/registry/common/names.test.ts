import { describe, expect, it } from "vitest";
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isRelaxedEnvVarName,
  isEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
  isIPv4,
  isIPv6,
} from "./names";

describe("upstream name validators", () => {
  it("DNS-1123 subdomain message is upstream's", () => {
    expect(isDNS1123Subdomain("example.com")).toEqual([]);
    expect(isDNS1123Subdomain("Bad_Name")).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
    expect(isDNS1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
  });

  it("DNS-1123 label: dots vs other problems", () => {
    expect(isDNS1123Label("web")).toEqual([]);
    expect(isDNS1123Label("a.b")).toEqual(["must not contain dots"]);
    expect(isDNS1123Label("A")).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("DNS-1035 label needs a leading letter", () => {
    expect(isDNS1035Label("svc-1")).toEqual([]);
    expect(isDNS1035Label("1svc")[0]).toBe(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  it("qualified names: prefix and name parts", () => {
    expect(isQualifiedName("app.kubernetes.io/name")).toEqual([]);
    expect(isQualifiedName("/x")).toEqual(["prefix part must be non-empty"]);
    expect(isQualifiedName("a/b/c")[0]).toMatch(/^a qualified name must consist of/);
    expect(isQualifiedName("-x")[0]).toBe(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  });

  it("label values, config keys, env names, ports", () => {
    expect(isValidLabelValue("")).toEqual([]);
    expect(isValidLabelValue("a b")).toHaveLength(1);
    expect(isConfigMapKey("..x")).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey("a/b")[0]).toMatch(/^a valid config key must consist/);
    expect(isRelaxedEnvVarName("1FOO")).toEqual([]);
    expect(isRelaxedEnvVarName("A=B")).toEqual(["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
    expect(isEnvVarName("1FOO")).toHaveLength(1);
    expect(isValidPortNum(0)).toEqual(["must be between 1 and 65535, inclusive"]);
    expect(isValidPortName("http")).toEqual([]);
    expect(isValidPortName("-a--")).toEqual(["must not contain consecutive hyphens", "must not begin or end with a hyphen"]);
    expect(isValidPortName("1234")).toEqual(["must contain at least one letter (a-z)"]);
  });

  it("generateName prefixes may end with a dash", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toHaveLength(1);
  });

  it("IP syntax", () => {
    expect(isIPv4("10.96.0.1")).toBe(true);
    expect(isIPv4("10.96.0.256")).toBe(false);
    expect(isIPv6("fd00::1")).toBe(true);
    expect(isIPv6("1:2:3:4:5:6:7:8")).toBe(true);
    expect(isIPv6("1::2::3")).toBe(false);
  });
});
