/**
 * Cron schedules as github.com/robfig/cron/v3 ParseStandard + SpecSchedule.Next compute them:
 * 5 fields (or a descriptor, or `@every <duration>`), evaluated on the wall clock of a time zone
 * (IANA, via Intl), with robfig's day-of-month / day-of-week rule (both restricted: either
 * matches; one is `*`: both must).
 */

export interface Schedule {
  /** the first activation strictly after `t` (ms), or undefined when none within 5 years */
  next(t: number): number | undefined;
}

const STAR = 1n << 63n;
interface Field {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } },
  { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];
const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

function num(s: string, f: Field): number {
  const named = f.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^[0-9]+$/.test(s)) throw new Error(`failed to parse int from ${s}`);
  return Number(s);
}

function parseField(expr: string, f: Field): bigint {
  let bits = 0n;
  for (const part of expr.split(",")) {
    const [range = "", stepS] = part.split("/");
    const lh = range.split("-");
    let start: number;
    let end: number;
    let extra = 0n;
    if (lh[0] === "*" || lh[0] === "?") {
      start = f.min;
      end = f.max;
      extra = STAR;
    } else {
      start = num(lh[0]!, f);
      end = lh.length > 1 ? num(lh[1]!, f) : start;
    }
    let step = 1;
    if (stepS !== undefined) {
      step = Number(stepS);
      if (lh.length === 1 && lh[0] !== "*" && lh[0] !== "?") end = f.max;
      if (step > 1) extra = 0n;
    }
    if (start < f.min || end > f.max || start > end || !(step > 0)) throw new Error(`invalid range: ${part}`);
    for (let i = start; i <= end; i += step) bits |= 1n << BigInt(i);
    bits |= extra;
  }
  return bits;
}

const has = (bits: bigint, i: number) => (bits & (1n << BigInt(i))) !== 0n;

/** wall-clock fields of an instant in a zone */
function wall(t: number, tz: string): { y: number; mo: number; d: number; h: number; mi: number } {
  if (tz === "UTC" || tz === "") {
    const d = new Date(t);
    return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
  }
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute") };
}

/** the zone's UTC offset (ms) at instant t */
export function zoneOffset(t: number, tz: string): number {
  const w = wall(t, tz);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - Math.floor(t / 60000) * 60000;
}

/** the instant of a wall-clock time in a zone (the later offset wins in a gap, as Go's time.Date roughly does) */
function instant(wallMs: number, tz: string): number {
  let t = wallMs - zoneOffset(wallMs, tz);
  t = wallMs - zoneOffset(t, tz);
  return t;
}

class SpecSchedule implements Schedule {
  constructor(
    private readonly minute: bigint,
    private readonly hour: bigint,
    private readonly dom: bigint,
    private readonly month: bigint,
    private readonly dow: bigint,
    private readonly tz: string,
  ) {}

  private dayMatches(d: Date): boolean {
    const domMatch = has(this.dom, d.getUTCDate());
    const dowMatch = has(this.dow, d.getUTCDay());
    if ((this.dom & STAR) !== 0n || (this.dow & STAR) !== 0n) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(t: number): number | undefined {
    // work on the zone's wall clock, represented as a UTC Date
    const w = wall(t, this.tz);
    const d = new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi + 1));
    const yearLimit = d.getUTCFullYear() + 5;
    for (let guard = 0; guard < 100_000; guard++) {
      if (d.getUTCFullYear() > yearLimit) return undefined;
      if (!has(this.month, d.getUTCMonth() + 1)) {
        d.setUTCMonth(d.getUTCMonth() + 1, 1);
        d.setUTCHours(0, 0, 0, 0);
        continue;
      }
      if (!this.dayMatches(d)) {
        d.setUTCDate(d.getUTCDate() + 1);
        d.setUTCHours(0, 0, 0, 0);
        continue;
      }
      if (!has(this.hour, d.getUTCHours())) {
        d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
        continue;
      }
      if (!has(this.minute, d.getUTCMinutes())) {
        d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
        continue;
      }
      const at = instant(d.getTime(), this.tz);
      if (at > t) return at;
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
    }
    return undefined;
  }
}

/** @every <duration>: ConstantDelaySchedule, at whole seconds, at least 1 s */
class EverySchedule implements Schedule {
  constructor(private readonly ms: number) {}
  next(t: number): number {
    return Math.floor(t / 1000) * 1000 + this.ms;
  }
}

/** time.ParseDuration for the units cron uses */
export function parseDuration(s: string): number {
  const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed !== s.length || s.length === 0) throw new Error(`time: invalid duration "${s}"`);
  return total;
}

/** cron.ParseStandard(spec) in `timeZone` (a `TZ=`/`CRON_TZ=` prefix wins, as in robfig) */
export function parseSchedule(spec: string, timeZone = "UTC"): Schedule {
  let rest = spec.trim();
  let tz = timeZone || "UTC";
  const m = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(rest);
  if (m) {
    tz = m[1]!;
    rest = m[2]!.trim();
  }
  if (rest.startsWith("@every ")) {
    const ms = Math.max(1000, Math.floor(parseDuration(rest.slice(7).trim()) / 1000) * 1000);
    return new EverySchedule(ms);
  }
  if (rest.startsWith("@")) {
    const expanded = DESCRIPTORS[rest];
    if (!expanded) throw new Error(`unrecognized descriptor: ${rest}`);
    rest = expanded;
  }
  const fields = rest.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  const bits = fields.map((f, i) => parseField(f, FIELDS[i]!));
  // day-of-week 7 is Sunday in many crons but not robfig: range check above rejects it
  return new SpecSchedule(bits[0]!, bits[1]!, bits[2]!, bits[3]!, bits[4]!, tz);
}

/** RFC 3339 with the zone's offset (scheduledTime.In(loc).Format(time.RFC3339)) */
export function formatInZone(t: number, tz: string): string {
  const off = tz && tz !== "UTC" ? zoneOffset(t, tz) : 0;
  const local = new Date(Math.floor(t / 1000) * 1000 + off).toISOString().replace(".000Z", "");
  if (off === 0) return `${local}Z`;
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off) / 60000;
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}
