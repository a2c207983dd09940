/**
 * Pod-template hashing as pkg/controller/controller_utils.go ComputeHash: FNV-32a over the
 * template, plus the collision count (4 little-endian bytes in an 8-byte buffer), printed in
 * decimal and encoded with rand.SafeEncodeString.
 *
 * Deviation: upstream feeds the hasher with spew's dump of the Go struct; we feed a canonical
 * JSON (sorted keys) of the template, so hash values differ from a real cluster's but are
 * stable and change exactly when the template changes.
 */

/** k8s.io/apimachinery/pkg/util/rand alphanums: no vowels, no confusable characters */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted at every level */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`)
    .join(",")}}`;
}

/**
 * The JSON a Go struct would round-trip to, for comparisons like apimachinery's
 * equality.Semantic.DeepEqual: nulls, empty objects and empty arrays are dropped (a nil and an
 * empty slice/map are equal; a zero struct marshals as `{}`; a zero metav1.Time as null), so a
 * template kubectl re-encoded (`creationTimestamp: null`, `resources: {}`) equals the stored one.
 */
export function semanticJSON(v: unknown): string {
  return canonicalJSON(prune(v));
}

function prune(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(prune).map((x) => (x === undefined ? null : x));
    return out.length ? out : undefined;
  }
  if (v === null) return undefined;
  if (typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const p = prune(x);
    if (p !== undefined) out[k] = p;
  }
  return Object.keys(out).length ? out : undefined;
}

/** ComputeHash(template, collisionCount) */
export function computeHash(template: unknown, collisionCount?: number): string {
  const body = new TextEncoder().encode(semanticJSON(template) ?? "null");
  let h = fnv32a(body);
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(extra, h);
  }
  return safeEncodeString(String(h));
}
