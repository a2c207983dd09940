import { describe, expect, it } from "vitest";
import { defaultTablePrinter, formatLabelSelector, formatLabels, humanDuration, shortHumanDuration, translateTimestampSince } from "./printing";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe("humanDuration (duration.HumanDuration)", () => {
  it.each([
    [-3 * s, "<invalid>"],
    [-1 * s, "0s"],
    [0, "0s"],
    [119 * s, "119s"],
    [2 * m, "2m"],
    [2 * m + 30 * s, "2m30s"],
    [10 * m + 30 * s, "10m"],
    [179 * m, "179m"],
    [3 * h, "3h"],
    [5 * h + 10 * m, "5h10m"],
    [8 * h + 5 * m, "8h"],
    [47 * h, "47h"],
    [3 * d + 4 * h, "3d4h"],
    [3 * d, "3d"],
    [8 * d, "8d"],
    [800 * d, "2y70d"],
    [730 * d, "2y"],
    [9 * 365 * d, "9y"],
  ])("%d ms -> %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it("shortHumanDuration uses one unit", () => {
    expect(shortHumanDuration(90 * s)).toBe("1m");
    expect(shortHumanDuration(30 * h)).toBe("1d");
  });

  it("translateTimestampSince uses the given clock and <unknown> for no timestamp", () => {
    const now = Date.parse("2024-05-01T12:00:00Z");
    expect(translateTimestampSince("2024-05-01T11:57:30Z", now)).toBe("2m30s");
    expect(translateTimestampSince(undefined, now)).toBe("<unknown>");
  });
});

describe("label formatting", () => {
  it("formatLabels sorts and uses <none>", () => {
    expect(formatLabels({ b: "2", a: "1" })).toBe("a=1,b=2");
    expect(formatLabels({})).toBe("<none>");
  });
  it("formatLabelSelector renders requirements sorted by key", () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["b", "a"] },
          { key: "env", operator: "DoesNotExist" },
          { key: "zone", operator: "Exists" },
        ],
      }),
    ).toBe("app=web,!env,tier in (a,b),zone");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(undefined)).toBe("<none>");
  });
});

describe("defaultTablePrinter", () => {
  it("prints Name and Created At", () => {
    const obj = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "lr", creationTimestamp: "2024-05-01T11:00:00Z" } };
    expect(defaultTablePrinter.columns.map((c) => c.name)).toEqual(["Name", "Created At"]);
    expect(defaultTablePrinter.cells(obj, 0)).toEqual(["lr", "2024-05-01T11:00:00Z"]);
  });
});
