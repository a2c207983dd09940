import { describe, expect, it } from "vitest";
import { cronScheduleError } from "./cron";

describe("cron schedule syntax (robfig/cron ParseStandard)", () => {
  it("accepts standard schedules and descriptors", () => {
    for (const s of ["*/5 * * * *", "0 0 * * 0", "15 2 1-15/2 jan-mar mon,fri", "@hourly", "@every 1h30m", "0 0 ? * *", "TZ=UTC 0 * * * *"])
      expect(cronScheduleError(s)).toBeUndefined();
  });

  it("reports the library's messages", () => {
    expect(cronScheduleError("foo")).toBe("expected exactly 5 fields, found 1: [foo]");
    expect(cronScheduleError("* * * *")).toBe("expected exactly 5 fields, found 4: [* * * *]");
    expect(cronScheduleError("61 * * * *")).toBe("end of range (61) above maximum (59): 61");
    expect(cronScheduleError("* * 0 * *")).toBe("beginning of range (0) below minimum (1): 0");
    expect(cronScheduleError("5-2 * * * *")).toBe("beginning of range (5) beyond end of range (2): 5-2");
    expect(cronScheduleError("x * * * *")).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(cronScheduleError("*/0 * * * *")).toBe("step of range should be a positive number: */0");
    expect(cronScheduleError("1-2-3 * * * *")).toBe("too many hyphens: 1-2-3");
    expect(cronScheduleError("@often")).toBe("unrecognized descriptor: @often");
    expect(cronScheduleError("@every often")).toBe('failed to parse duration @every often: time: invalid duration "often"');
    expect(cronScheduleError("")).toBe("empty spec string");
  });
});
