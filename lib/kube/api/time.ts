/** Timestamps as the API serves them. */

/** metav1.Time: RFC 3339 at second precision. The clock reads the same second many times in a row, so it is formatted once. */
export function rfc3339(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastStamp = new Date(sec * 1000).toISOString().replace(".000Z", "Z");
  }
  return lastStamp;
}
let lastSecond = Number.NaN;
let lastStamp = "";

/** milliseconds since the epoch of an RFC 3339 time, or undefined */
export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
