/**
 * What a resource handler gets: the parsed request, its resource definition, the operation
 * context (user, dry-run, field manager, warnings) and helpers to read the body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors } from "../api/errors";
import type { KubeObject } from "../api/types";
import type { ResourceDefinition } from "../registry/types";
import type { AdmissionPlugin } from "./admission";
import { servedResources } from "./builtin-resources";
import { findUnknownFields } from "./deps";
import type { VersionInfo } from "./discovery";
import { type ResponseShape, decodeObject } from "./negotiation";
import type { RequestInfo } from "./request-info";
import type { OpContext, ServerCore } from "./types";
import type { WatchRegistry } from "./watch";

export interface ServerState {
  core: ServerCore;
  plugins: readonly AdmissionPlugin[];
  watches: WatchRegistry;
  version: VersionInfo;
  /** the path prefix the server is mounted under ("" or "/sandboxes/abc/k8s") */
  prefix: string;
}

export interface HttpContext {
  state: ServerState;
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  def: ResourceDefinition;
  namespace: string;
  op: OpContext;
  shape: ResponseShape;
  /** the body, read once (bounded by limits.maxBodyBytes) */
  body(): Promise<Buffer>;
}

export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    return Promise.reject(errors.tooLarge(`limit is ${max}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > max) {
        failed = true;
        reject(errors.tooLarge(`limit is ${max}`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => !failed && resolve(Buffer.concat(chunks)));
    req.on("error", (e) => !failed && reject(e));
  });
}

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export function fieldValidation(query: URLSearchParams): FieldValidation {
  const v = query.get("fieldValidation") ?? "";
  if (v === "") return "Warn";
  if (v === "Strict" || v === "Warn" || v === "Ignore") return v;
  throw errors.badRequest(`fieldValidation invalid value: ${v}, must be one of: Ignore, Warn, Strict`);
}

/**
 * Server-side field validation of a decoded body: unknown fields are a 400 strict decoding error
 * (Strict), a `Warning` (Warn, the default) or silently accepted (Ignore) — and, as decoding into
 * the typed object does upstream, dropped from the object in every mode.
 */
export function checkUnknownFields(ctx: HttpContext, obj: unknown, kind = ctx.def.kind, group = ctx.def.group, version = ctx.def.version): void {
  const mode = fieldValidation(ctx.query);
  const unknown = findUnknownFields({ group, version, kind }, obj);
  if (unknown.length === 0) return;
  const msgs = unknown.map((f) => `unknown field "${f}"`);
  if (mode === "Strict") throw errors.badRequest(`strict decoding error: ${msgs.join(", ")}`);
  if (mode === "Warn") ctx.op.warnings.push(...msgs);
  for (const path of unknown) dropPath(obj, path);
}

/** Deletes the field at a strict-decoding path (`spec.template.spec.containers[0].foo`). */
export function dropPath(root: unknown, path: string): void {
  let node: unknown = root;
  let rest = path;
  while (rest && node && typeof node === "object") {
    if (Array.isArray(node)) {
      const m = /^\[(\d+)\]\.?/.exec(rest);
      if (!m) return;
      node = node[Number(m[1])];
      rest = rest.slice(m[0].length);
      continue;
    }
    const rec = node as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(rec, rest)) {
      delete rec[rest];
      return;
    }
    // the longest key that prefixes the rest of the path (map keys may contain dots)
    const key = Object.keys(rec)
      .filter((k) => rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return;
    node = rec[key];
    rest = rest.slice(key.length).replace(/^\./, "");
  }
}

/**
 * Decodes a create/update body and checks its apiVersion/kind against the endpoint, as
 * handlers/create.go does (a missing apiVersion/kind defaults to the endpoint's).
 */
export async function decodeBodyFor(ctx: HttpContext, expect: { group: string; version: string; kind: string } = ctx.def): Promise<KubeObject> {
  const obj = decodeObject(await ctx.body(), ctx.req.headers["content-type"], expect.kind);
  const expectedGV = expect.group ? `${expect.group}/${expect.version}` : expect.version;
  const apiVersion = typeof obj.apiVersion === "string" && obj.apiVersion ? obj.apiVersion : expectedGV;
  const kind = typeof obj.kind === "string" && obj.kind ? obj.kind : expect.kind;
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  if (kind !== expect.kind) {
    const known = ctx.state.core.resolveKind(apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "", kind);
    const why = known
      ? `converting (${version}.${kind}) to (${expect.group || "core"}.${expect.kind}): unknown conversion`
      : `no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`;
    throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${expect.kind}: ${why}`);
  }
  if (apiVersion !== expectedGV) {
    // the serializer cannot even create a version/kind the scheme does not know (apps/v2, a v2
    // ConfigMap). The legacy scheme also registers most old beta versions it no longer serves
    // (apps/v1beta1 decodes, then fails the check below), so only a core version other than v1
    // or an unserved GA version counts as unregistered.
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
    const legacyBeta = group !== "" && /^v\d+(alpha|beta)\d+$/.test(version);
    if (!legacyBeta && !servedResources().some((d) => d.group === group && d.version === version && d.kind === kind)) {
      throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${expect.kind}: no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`);
    }
    throw errors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${expectedGV})`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== "object" || Array.isArray(obj.metadata))) {
    throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${expect.kind}: json: cannot unmarshal ${Array.isArray(obj.metadata) ? "array" : typeof obj.metadata} into Go struct field ${expect.kind}.metadata of type v1.ObjectMeta`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  obj.metadata ??= {};
  checkUnknownFields(ctx, obj, expect.kind, expect.group, expect.version);
  return obj;
}
