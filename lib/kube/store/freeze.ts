/**
 * Copy-and-freeze for stored objects. The store hands out deeply frozen objects; to make a
 * write cheap it copies the caller's JSON value and freezes the copy in one pass, reusing any
 * frozen subtree as it is (so `{...stored, status: next}` shares `spec`).
 *
 * A frozen object or array is taken to be deeply frozen: the store's own objects are, and
 * callers MUST NOT hand the store a frozen value with mutable parts. (Recognising frozen
 * values by `Object.isFrozen` rather than by a registry of the objects frozen here costs no
 * memory and, unlike a WeakSet of every stored object, nothing at garbage collection.)
 */

/** true when `value` is frozen (hence, by the rule above, deeply frozen) or a primitive. */
export function isDeepFrozen(value: unknown): boolean {
  return typeof value !== "object" || value === null || Object.isFrozen(value);
}

/**
 * Returns a deeply frozen copy of a JSON value. Frozen subtrees are shared, not copied.
 * Non-plain values (Dates, Maps…) are not expected in API objects; they are copied with
 * structuredClone and frozen shallowly.
 */
export function freezeCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Object.isFrozen(value)) return value;
  let out: unknown;
  if (Array.isArray(value)) {
    const n = value.length;
    const arr = new Array<unknown>(n);
    for (let i = 0; i < n; i++) arr[i] = freezeCopy(value[i]);
    out = arr;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      out = structuredClone(value);
    } else {
      out = copyMembers(value as Record<string, unknown>, {});
    }
  }
  return Object.freeze(out) as T;
}

/** freezes copies of `src`'s own members (skipping undefined ones) into `dst` */
function copyMembers(src: Record<string, unknown>, dst: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(src)) {
    const v = src[k];
    if (v !== undefined) dst[k] = typeof v === "object" && v !== null ? freezeCopy(v) : v;
  }
  return dst;
}

/**
 * A deeply frozen copy of `obj` with `metadata.resourceVersion` set to `rv` (one pass: the
 * object and its metadata are copied once, frozen members are shared).
 */
export function freezeWithResourceVersion<T extends { metadata?: object }>(obj: T, rv: string): T {
  const out: Record<string, unknown> = {};
  let hasMeta = false;
  for (const k of Object.keys(obj)) {
    const v = (obj as Record<string, unknown>)[k];
    if (k === "metadata") {
      hasMeta = true;
      out.metadata = metadataWith((v ?? {}) as Record<string, unknown>, rv);
    } else if (v !== undefined) out[k] = typeof v === "object" && v !== null ? freezeCopy(v) : v;
  }
  if (!hasMeta) out.metadata = metadataWith({}, rv);
  return Object.freeze(out) as T;
}

/** `{...meta, resourceVersion: rv}`, frozen (key order as the spread would have it) */
function metadataWith(meta: Record<string, unknown>, rv: string): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let set = false;
  for (const k of Object.keys(meta)) {
    if (k === "resourceVersion") {
      out.resourceVersion = rv;
      set = true;
      continue;
    }
    const v = meta[k];
    if (v !== undefined) out[k] = typeof v === "object" && v !== null ? freezeCopy(v) : v;
  }
  if (!set) out.resourceVersion = rv;
  return Object.freeze(out);
}

/** A frozen shallow variant of a frozen object with `metadata.resourceVersion` replaced. */
export function withResourceVersion<T extends { metadata: object }>(obj: T, rv: string): T {
  return freezeWithResourceVersion(obj, rv);
}
