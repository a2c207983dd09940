/**
 * JSON Merge Patch (RFC 7386, `application/merge-patch+json`) with the behaviour of
 * evanphx/json-patch v4's `MergePatch`: objects merge recursively, `null` deletes, anything
 * else (arrays included) replaces; nulls inside newly added objects are pruned.
 */
import { PatchEngineError } from "./errors";
import { isObject } from "./go-format";

/** Removes null members of objects (recursively, also inside arrays), like `pruneNulls`. */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : pruneNulls(x)));
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
  return out;
}

function mergeDocs(doc: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, pv] of Object.entries(patch)) {
    if (pv === null) {
      delete doc[k];
      continue;
    }
    const cur = doc[k];
    if (isObject(cur) && isObject(pv)) {
      mergeDocs(cur, pv);
    } else {
      doc[k] = pruneNulls(structuredClone(pv));
    }
  }
}

/**
 * Returns `doc` merged with `patch` (inputs untouched). A non-object patch behaves as upstream:
 * `null` or a scalar is `Invalid JSON Patch` (400); an array becomes the whole result, which the
 * caller then fails to decode as an object.
 */
export function applyMergePatch(doc: Record<string, unknown>, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(structuredClone(patch));
  if (!isObject(patch)) throw new PatchEngineError("Invalid JSON Patch", "bad-request");
  const out = structuredClone(doc);
  mergeDocs(out, patch);
  return out;
}
