/**
 * JSON forms of the special wire types (Go's MarshalJSON of Time, MicroTime, Quantity,
 * IntOrString, FieldsV1) and base64 for []byte.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** time.RFC3339 in UTC, as metav1.Time marshals: 2006-01-02T15:04:05Z */
export function formatRFC3339(seconds: number, nanos = 0, fractionDigits = 0): string {
  const d = new Date(seconds * 1000);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  let s = `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (fractionDigits > 0) s += "." + pad(nanos, 9).slice(0, fractionDigits);
  return s + "Z";
}

const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** parses RFC3339 (with optional fraction) into seconds and nanos since the epoch */
export function parseRFC3339(s: string): { seconds: number; nanos: number } {
  const m = RFC3339_RE.exec(s);
  if (!m) throw new TypeError(`not an RFC3339 time: ${JSON.stringify(s)}`);
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  let secs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) / 1000;
  if (zone && zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    secs -= sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const nanos = frac ? Number(frac.padEnd(9, "0")) : 0;
  return { seconds: secs, nanos };
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function fromBase64(s: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new TypeError("illegal base64 data");
  return new Uint8Array(Buffer.from(s, "base64"));
}
