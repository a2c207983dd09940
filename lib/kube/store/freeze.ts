/**
 * Copy-and-freeze for stored objects. The store hands out deeply frozen objects; to make a
 * write cheap it copies the caller's JSON value and freezes the copy in one pass, reusing any
 * subtree that the store itself froze earlier (so `{...stored, status: next}` shares `spec`).
 */

/** Every object or array frozen by `freezeCopy`: deeply frozen, safe to share. */
const deepFrozen = new WeakSet<object>();

/** true when `value` is a deep-frozen value produced by this module (or a primitive). */
export function isDeepFrozen(value: unknown): boolean {
  return typeof value !== "object" || value === null || deepFrozen.has(value);
}

/**
 * Returns a deeply frozen copy of a JSON value. Subtrees already deep-frozen by this module
 * are shared, not copied. Non-plain values (Dates, Maps…) are not expected in API objects;
 * they are copied with structuredClone and frozen shallowly.
 */
export function freezeCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (deepFrozen.has(value)) return value;
  let out: unknown;
  if (Array.isArray(value)) {
    const arr = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) arr[i] = freezeCopy(value[i]);
    out = arr;
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      out = structuredClone(value);
    } else {
      const obj: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[k];
        if (v !== undefined) obj[k] = freezeCopy(v);
      }
      out = obj;
    }
  }
  Object.freeze(out);
  deepFrozen.add(out as object);
  return out as T;
}

/** A frozen shallow variant of a frozen object with `metadata.resourceVersion` replaced. */
export function withResourceVersion<T extends { metadata: object }>(obj: T, rv: string): T {
  const meta = freezeCopy({ ...obj.metadata, resourceVersion: rv });
  return freezeCopy({ ...obj, metadata: meta });
}
