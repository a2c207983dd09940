import { describe, expect, it } from "vitest";
import { formatInZone, parseSchedule } from "./schedule";

const at = (s: string) => Date.parse(s);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
const nexts = (spec: string, from: string, n: number, tz = "UTC") => {
  const s = parseSchedule(spec, tz);
  const out: (string | undefined)[] = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < n && t !== undefined; i++) out.push(iso((t = s.next(t))));
  return out;
};

describe("cron schedules (robfig/cron ParseStandard semantics)", () => {
  it("steps, ranges and lists", () => {
    expect(nexts("*/15 * * * *", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T00:15:00.000Z", "2026-01-01T00:30:00.000Z", "2026-01-01T00:45:00.000Z"]);
    expect(nexts("30 6-16/4 * * 1-5", "2026-01-02T07:00:00Z", 3)).toEqual(["2026-01-02T10:30:00.000Z", "2026-01-02T14:30:00.000Z", "2026-01-05T06:30:00.000Z"]);
    expect(nexts("0 0 1 jan,jul *", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-07-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
  });

  it("day-of-month OR day-of-week when both are restricted, AND when one is *", () => {
    // 13th of the month or any Friday (2026-01-02 is a Friday)
    expect(nexts("0 0 13 * 5", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-02T00:00:00.000Z", "2026-01-09T00:00:00.000Z", "2026-01-13T00:00:00.000Z"]);
    expect(nexts("0 0 * * 5", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-02T00:00:00.000Z"]);
  });

  it("descriptors and @every", () => {
    expect(nexts("@hourly", "2026-01-01T00:20:00Z", 2)).toEqual(["2026-01-01T01:00:00.000Z", "2026-01-01T02:00:00.000Z"]);
    expect(nexts("@weekly", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-04T00:00:00.000Z"]);
    expect(nexts("@every 1m30s", "2026-01-01T00:00:00.500Z", 2)).toEqual(["2026-01-01T00:01:30.000Z", "2026-01-01T00:03:00.000Z"]);
    expect(() => parseSchedule("@fortnightly")).toThrow("unrecognized descriptor: @fortnightly");
    expect(() => parseSchedule("* * *")).toThrow("expected exactly 5 fields, found 3: [* * *]");
  });

  it("evaluates on the time zone's wall clock", () => {
    expect(nexts("0 9 * * *", "2026-01-01T00:00:00Z", 1, "America/New_York")).toEqual(["2026-01-01T14:00:00.000Z"]);
    // after the DST switch (2026-03-08) 09:00 New York is 13:00 UTC
    expect(nexts("0 9 * * *", "2026-03-09T00:00:00Z", 1, "America/New_York")).toEqual(["2026-03-09T13:00:00.000Z"]);
    expect(nexts("TZ=Asia/Tokyo 0 9 * * *", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-02T00:00:00.000Z"]);
    expect(formatInZone(at("2026-01-01T14:00:00Z"), "America/New_York")).toBe("2026-01-01T09:00:00-05:00");
    expect(formatInZone(at("2026-01-01T14:00:00Z"), "UTC")).toBe("2026-01-01T14:00:00Z");
  });
});
