import { describe, expect, it } from "vitest";
import {
  ERR_FORMAT_WRONG,
  ERR_SUFFIX,
  Quantity,
  QuantityError,
  canonicalQuantity,
  compareQuantities,
  parseQuantity,
  quantityFromJSON,
  sumQuantities,
  tryParseQuantity,
} from "./index";

describe("canonical form", () => {
  const cases: [string, string][] = [
    ["100m", "100m"],
    ["0.5", "500m"],
    ["1.5", "1500m"],
    ["1", "1"],
    ["0", "0"],
    ["0.0", "0"],
    ["-0", "0"],
    ["1000", "1k"],
    ["1000m", "1"],
    ["1Gi", "1Gi"],
    ["1.5Gi", "1536Mi"],
    ["0.5Gi", "512Mi"],
    ["1024Mi", "1Gi"],
    ["2048Ki", "2Mi"],
    ["1000Ki", "1000Ki"],
    ["128974848", "128974848"],
    ["129e6", "129e6"],
    ["129M", "129M"],
    ["12e7", "120e6"],
    ["1.5e3", "1500"],
    ["1e3", "1e3"],
    ["1E3", "1E3"],
    ["5Gi", "5Gi"],
    ["500Mi", "500Mi"],
    ["250m", "250m"],
    ["0.25", "250m"],
    ["2.5", "2500m"],
    ["1.0", "1"],
    ["1.50G", "1500M"],
    [".001", "1m"],
    [".0001k", "100m"],
    ["0.1m", "100u"],
    ["0.0001m", "100n"],
    ["0.00000000001", "1n"],
    ["-0.00000000001", "-1n"],
    ["0.000000000001Ki", "2n"],
    ["1.1i".replace("i", "Ki"), "1126400m"],
    ["-1.5Gi", "-1536Mi"],
    ["-100m", "-100m"],
    ["100M", "100M"],
    ["1000M", "1G"],
    ["1000000000000000000000", "1000E"],
    ["10Ei", "9223372036854775807"],
    ["9223372036854775807Ki", "9223372036854775807"],
    ["512", "512"],
    ["1020Ki", "1020Ki"],
    ["0.5Ki", "512"],
  ];
  it.each(cases)("%s -> %s", (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
    // the canonical form is a fixed point
    expect(canonicalQuantity(want)).toBe(want);
  });

  it("keeps an input already in canonical form verbatim, like upstream", () => {
    expect(parseQuantity("+1").toString()).toBe("+1");
    expect(parseQuantity("05").toString()).toBe("05");
    expect(parseQuantity("1.").toString()).toBe("1.");
    expect(parseQuantity("1.G").toString()).toBe("1.G");
    expect(parseQuantity("1.G").value()).toBe(1e9);
    expect(parseQuantity("+1").add(Quantity.fromInt(0)).toString()).toBe("1");
  });

  it("serializes as the canonical string in JSON", () => {
    expect(JSON.stringify({ cpu: parseQuantity("0.5") })).toBe('{"cpu":"500m"}');
  });
});

describe("upstream tables (quantity_test.go)", () => {
  // TestQuantityString: [canonical, alternate spelling]
  const pairs: [string, string][] = [
    ["1Gi", "1024Mi"],
    ["300Mi", "307200Ki"],
    ["6Ki", ""],
    ["1001Gi", "1025024Mi"],
    ["1Ti", "1024Gi"],
    ["5", "5000m"],
    ["500m", "0.5"],
    ["1G", "1000M"],
    ["1G", "0.001T"],
    ["1m", "1000u"],
    ["80m", ""],
    ["1080m", "1.08"],
    ["1080m", "1080000000n"],
    ["300M", ""],
    ["1T", ""],
    ["1234567M", ""],
    ["1234567m", ""],
    ["3k", ""],
    ["1025", ""],
    ["0", ""],
    ["1e9", ".001e12"],
    ["1e-3", "0.001e0"],
    ["1e-9", "1000e-12"],
    ["80e-3", ""],
    ["300e6", ""],
    ["1e12", ""],
    ["1e3", ""],
    ["3e3", ""],
    ["0", "00"],
    ["1n", ""],
    ["80n", ""],
    ["1080n", ""],
    ["1u", ""],
    ["80u", ""],
    ["1080u", ""],
  ];
  it.each(pairs)("%s parses as itself and %j canonicalizes to it", (canonical, alternate) => {
    expect(parseQuantity(canonical).toString()).toBe(canonical);
    if (alternate) expect(parseQuantity(alternate).toString()).toBe(canonical);
    if (canonical !== "0") expect(parseQuantity(canonical).neg().toString()).toBe(`-${canonical}`);
  });

  // TestQuantityParseEmit, also negated
  const emits: [string, string][] = [
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ];
  it.each(emits)("%s emits %s (and negated)", (input, want) => {
    expect(parseQuantity(input).toString()).toBe(want);
    expect(parseQuantity(`-${input}`).toString()).toBe(`-${want}`);
  });

  it("NewMilliQuantity / NewQuantity formats (TestMilliNewSet, TestNewSet)", () => {
    expect(Quantity.fromMilli(1).toString()).toBe("1m");
    expect(Quantity.fromMilli(1000).toString()).toBe("1");
    expect(Quantity.fromMilli(1234000).toString()).toBe("1234");
    expect(Quantity.fromMilli(1024, "BinarySI").toString()).toBe("1024m");
    expect(Quantity.fromMilli(1000000, "DecimalExponent").toString()).toBe("1e3");
    expect(Quantity.fromMilli(1024 * 1024, "BinarySI").toString()).toBe("1048576m");
    expect(Quantity.fromInt(1000).toString()).toBe("1k");
    expect(Quantity.fromInt(1234000).toString()).toBe("1234k");
    expect(Quantity.fromInt(1024, "BinarySI").toString()).toBe("1Ki");
    expect(Quantity.fromInt(1000000, "DecimalExponent").toString()).toBe("1e6");
    expect(Quantity.fromInt(1024 * 1024, "BinarySI").toString()).toBe("1Mi");
  });

  it("JSON whitespace (TestJSONWhitespace)", () => {
    for (const [input, want] of [
      [" 1", "1"],
      ["1 ", "1"],
      [1, "1"],
      [10, "10"],
      [-1, "-1"],
    ] as const) {
      expect(quantityFromJSON(input).toString()).toBe(want);
    }
  });
});

describe("parse errors", () => {
  it.each(["", "1.1.M", "1+1.0M", "aoeu", " 1", "1 ", "1..5", "0.1am", "1KiB", "1e1.5", "0x10", "1,5", "1/2", "Inf", "NaN"])(
    "rejects %j with the format message",
    (s) => {
      expect(() => parseQuantity(s)).toThrow(ERR_FORMAT_WRONG);
    },
  );
  it.each(["0.1mi", ".5i", "1i", "-3.01i", "1Ki1", "-3.01e-", "1K", "1ki", "1e", "1kk"])("rejects %j as a bad suffix", (s) => {
    expect(() => parseQuantity(s)).toThrow(ERR_SUFFIX);
  });
  it("uses upstream's exact wording", () => {
    expect(ERR_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(() => parseQuantity("abc")).toThrow(QuantityError);
    expect(tryParseQuantity("abc")).toBeUndefined();
    expect(tryParseQuantity("1")?.value()).toBe(1);
  });
});

describe("values and arithmetic", () => {
  it("value and milliValue round away from zero", () => {
    expect(parseQuantity("100m").milliValue()).toBe(100);
    expect(parseQuantity("1").milliValue()).toBe(1000);
    expect(parseQuantity("1.5").value()).toBe(2);
    expect(parseQuantity("-1.5").value()).toBe(-2);
    expect(parseQuantity("1Gi").value()).toBe(1073741824);
    expect(parseQuantity("0.1m").milliValue()).toBe(1);
    expect(parseQuantity("128974848").value()).toBe(128974848);
    expect(parseQuantity("129e6").value()).toBe(129000000);
  });

  it("compares exactly across formats", () => {
    expect(compareQuantities("1Gi", "1073741824")).toBe(0);
    expect(compareQuantities("1G", "1Gi")).toBe(-1);
    expect(compareQuantities("500m", "0.5")).toBe(0);
    expect(compareQuantities("2", "1999m")).toBe(1);
    expect(parseQuantity("1k").equal(parseQuantity("1000"))).toBe(true);
  });

  it("adds and subtracts, keeping the receiver's format", () => {
    const total = sumQuantities(["100m", "250m", "1"]);
    expect(total.toString()).toBe("1350m");
    expect(sumQuantities(["1Gi", "512Mi"]).toString()).toBe("1536Mi");
    expect(sumQuantities([]).toString()).toBe("0");
    expect(parseQuantity("1Gi").sub(parseQuantity("1Gi")).isZero()).toBe(true);
    expect(parseQuantity("4").sub(parseQuantity("500m")).toString()).toBe("3500m");
    expect(parseQuantity("1").sub(parseQuantity("2")).sign()).toBe(-1);
    expect(parseQuantity("1Gi").neg().toString()).toBe("-1Gi");
    expect(Quantity.fromMilli(1500).toString()).toBe("1500m");
    expect(Quantity.fromInt(2048, "BinarySI").toString()).toBe("2Ki");
  });

  it("reads JSON strings and numbers", () => {
    expect(quantityFromJSON(" 1Gi ").toString()).toBe("1Gi");
    expect(quantityFromJSON(0.5).toString()).toBe("500m");
    expect(quantityFromJSON(2).toString()).toBe("2");
    expect(() => quantityFromJSON(true)).toThrow(QuantityError);
  });
});
