/**
 * JSON Patch (RFC 6902, `application/json-patch+json`) with the semantics of
 * gopkg.in/evanphx/json-patch.v4, the library kube-apiserver uses: pointers with `~0`/`~1`
 * escapes, `-` appends, negative array indices count from the end, a missing `value` means
 * `null`, a failed `test` aborts the whole patch, and the document is never half-patched.
 */
import { PatchEngineError } from "./errors";
import { isObject, jsonEqual } from "./go-format";

/** Upstream's limit (`maxJSONPatchOperations`). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

type Container = Record<string, unknown> | unknown[];

function goTypeWord(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (isObject(v)) return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}

/**
 * `jsonpatch.DecodePatch`: the body must be a JSON array of objects (null means no operations).
 * Throws a bad-request PatchEngineError with Go's unmarshal message otherwise.
 */
export function decodeJsonPatch(body: unknown): Record<string, unknown>[] {
  if (body === null || body === undefined) return [];
  if (!Array.isArray(body)) {
    throw new PatchEngineError(`json: cannot unmarshal ${goTypeWord(body)} into Go value of type jsonpatch.Patch`, "bad-request");
  }
  return body.map((op) => {
    if (op === null) return {};
    if (!isObject(op)) {
      throw new PatchEngineError(`json: cannot unmarshal ${goTypeWord(op)} into Go value of type jsonpatch.Operation`, "bad-request");
    }
    return op;
  });
}

/** Splits a JSON pointer into unescaped tokens; `undefined` when it isn't a pointer below the root. */
function tokens(path: string): string[] | undefined {
  if (!path.startsWith("/")) return undefined;
  return path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function parseIndex(key: string): number | undefined {
  return /^[+-]?\d+$/.test(key) ? Number(key) : undefined;
}

function fail(message: string): never {
  throw new PatchEngineError(message, "unprocessable");
}

/** Resolves an index for get/replace/remove (negative counts from the end). */
function existingIndex(arr: unknown[], key: string): number {
  const idx = parseIndex(key);
  if (idx === undefined) fail(`value was not a proper array index: '${key}'`);
  let i = idx;
  if (i < 0) {
    if (i < -arr.length) fail(`Unable to access invalid index: ${idx}`);
    i += arr.length;
  }
  if (i >= arr.length) fail(`Unable to access invalid index: ${idx}`);
  return i;
}

function childOf(c: Container, key: string): unknown {
  if (Array.isArray(c)) return c[existingIndex(c, key)];
  return Object.hasOwn(c, key) ? c[key] : undefined;
}

/** `findObject`: the container holding the last token, plus that token. */
function locate(doc: Container, path: string, op: string): { container: Container; key: string } {
  const toks = tokens(path);
  if (!toks) fail(`${op} operation does not apply: doc is missing path: "${path}"`);
  let cur: unknown = doc;
  for (const t of toks.slice(0, -1)) {
    if (!isObject(cur) && !Array.isArray(cur)) fail(`${op} operation does not apply: doc is missing path: "${path}"`);
    cur = childOf(cur, t);
    if (cur === undefined || cur === null) fail(`${op} operation does not apply: doc is missing path: "${path}"`);
  }
  if (!isObject(cur) && !Array.isArray(cur)) fail(`${op} operation does not apply: doc is missing path: "${path}"`);
  return { container: cur, key: toks[toks.length - 1]! };
}

function add(c: Container, key: string, value: unknown): void {
  if (!Array.isArray(c)) {
    c[key] = value;
    return;
  }
  if (key === "-") {
    c.push(value);
    return;
  }
  const idx = parseIndex(key);
  if (idx === undefined) fail(`value was not a proper array index: '${key}'`);
  const size = c.length + 1;
  let i = idx;
  if (i >= size) fail(`Unable to access invalid index: ${idx}`);
  if (i < 0) {
    if (i < -size) fail(`Unable to access invalid index: ${idx}`);
    i += size;
  }
  c.splice(i, 0, value);
}

function remove(c: Container, key: string, op: string, path: string): unknown {
  if (Array.isArray(c)) {
    const i = existingIndex(c, key);
    return c.splice(i, 1)[0];
  }
  if (!Object.hasOwn(c, key)) fail(`${op} operation does not apply: doc is missing key: ${path}`);
  const old = c[key];
  delete c[key];
  return old;
}

function stringField(op: Record<string, unknown>, name: string): string {
  const v = op[name];
  if (v === undefined || v === null) fail(`operation missing ${name} field`);
  if (typeof v !== "string") fail(`json: cannot unmarshal ${goTypeWord(v)} into Go value of type string`);
  return v;
}

function applyOne(doc: Record<string, unknown>, op: Record<string, unknown>): void {
  const kind = typeof op.op === "string" ? op.op : "unknown";
  const value = op.value === undefined ? null : structuredClone(op.value);
  switch (kind) {
    case "add": {
      const path = stringField(op, "path");
      const { container, key } = locate(doc, path, "add");
      add(container, key, value);
      return;
    }
    case "remove": {
      const path = stringField(op, "path");
      const { container, key } = locate(doc, path, "remove");
      remove(container, key, "remove", path);
      return;
    }
    case "replace": {
      const path = stringField(op, "path");
      const { container, key } = locate(doc, path, "replace");
      if (Array.isArray(container)) container[existingIndex(container, key)] = value;
      else if (!Object.hasOwn(container, key)) fail(`replace operation does not apply: doc is missing key: ${path}`);
      else container[key] = value;
      return;
    }
    case "move": {
      const from = stringField(op, "from");
      const path = stringField(op, "path");
      const src = locate(doc, from, "move");
      if (childOf(src.container, src.key) === undefined) fail(`move operation does not apply: doc is missing from path: ${from}`);
      const moved = remove(src.container, src.key, "move", from);
      const dst = locate(doc, path, "move");
      add(dst.container, dst.key, moved);
      return;
    }
    case "copy": {
      const from = stringField(op, "from");
      const path = stringField(op, "path");
      const src = locate(doc, from, "copy");
      const val = childOf(src.container, src.key);
      if (val === undefined) fail(`copy operation does not apply: doc is missing from path: ${from}`);
      const dst = locate(doc, path, "copy");
      add(dst.container, dst.key, structuredClone(val));
      return;
    }
    case "test": {
      const path = stringField(op, "path");
      if (path === "") {
        if (!jsonEqual(doc, value)) fail(`testing value ${path} failed: test failed`);
        return;
      }
      const { container, key } = locate(doc, path, "test");
      const actual = Array.isArray(container)
        ? parseIndex(key) !== undefined && container.length > Number(key)
          ? container[Number(key)]
          : undefined
        : container[key];
      if (actual === undefined || actual === null) {
        if (value === null) return;
        fail(`testing value ${path} failed: test failed`);
      }
      if (!jsonEqual(actual, value)) fail(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

/**
 * Applies decoded operations to a copy of `doc` and returns it; `doc` is never modified.
 * Throws PatchEngineError("unprocessable") on the first failing operation (upstream answers
 * 422 with a generic message), or ("too-large") via the caller's operation-count check.
 */
export function applyJsonPatchOps(doc: Record<string, unknown>, ops: Record<string, unknown>[]): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const op of ops) applyOne(out, op);
  return out;
}
