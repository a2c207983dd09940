/**
 * The request path, as kube-apiserver's handler chain: prefix -> authentication -> rate limit ->
 * authorization -> routing (non-resource or resource) -> verb handler. Each resource request's
 * passage is recorded in the cluster trace; every failure leaves through `writeError`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errors } from "../api/errors";
import { type TokenAuthenticator, authorize, isPublicPath } from "./auth";
import { isVirtual, lookup } from "./builtin-resources";
import { type HttpContext, type ServerState, readBody } from "./context";
import { handleDelete, handleDeleteCollection } from "./handlers/delete";
import { handleNonResource, notFound } from "./handlers/nonresource";
import { parseDryRun, parseFieldManager } from "./handlers/options";
import { handleBinding, handleEviction, handleLog } from "./handlers/pods";
import { handleGet, handleList, handleWatch } from "./handlers/read";
import { handleReview } from "./handlers/reviews";
import { handleScale } from "./handlers/scale";
import { handleCreate, handlePatch, handleUpdate } from "./handlers/write";
import type { TokenBucket } from "./limits";
import { nextRequestId, traceStage } from "./meta";
import { responseShape } from "./negotiation";
import { requestInfo, type RequestInfo } from "./request-info";
import { writeError, warningHeader } from "./responses";
import { getObject } from "./rest/read";
import { CLUSTER_ADMIN } from "./types";

export interface Router {
  state: ServerState;
  authn: TokenAuthenticator;
  bucket: TokenBucket;
}

/** The path inside the server, or undefined when the URL is outside its prefix. */
export function stripPrefix(prefix: string, pathname: string): string | undefined {
  if (!prefix) return pathname;
  if (pathname === prefix) return "/";
  if (pathname.startsWith(`${prefix}/`)) return pathname.slice(prefix.length);
  return undefined;
}

export function handleRequest(r: Router, req: IncomingMessage, res: ServerResponse): void {
  run(r, req, res).catch((e) => {
    writeError(res, e);
  });
}

async function run(r: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://apiserver");
  const path = stripPrefix(r.state.prefix, url.pathname);
  if (path === undefined) throw notFound();
  const method = (req.method ?? "GET").toUpperCase();
  const info = requestInfo(method, path, url.searchParams);
  const requestId = nextRequestId();
  const core = r.state.core;

  // authentication
  const user = r.authn.authenticate(req);
  if (!user && !isPublicPath(path)) {
    if (info.isResourceRequest) traceStage(core, { requestId }, "authentication", "denied", { detail: `${method} ${path}` });
    throw errors.unauthorized();
  }
  if (info.isResourceRequest) traceStage(core, { requestId }, "authentication", "allowed", { detail: `${method} ${path} as ${user?.username ?? "system:anonymous"}` });

  // max-in-flight style rate limiting
  if (!r.bucket.take()) throw errors.tooManyRequests("Too many requests, please try again later.");

  if (!info.isResourceRequest) {
    if (method !== "GET" && method !== "HEAD") throw notFound();
    if (handleNonResource(r.state, info, req.headers.accept, res)) return;
    throw notFound();
  }

  // authorization
  const decision = authorize({ user: user ?? CLUSTER_ADMIN, verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name });
  traceStage(core, { requestId }, "authorization", decision.allowed ? "allowed" : "denied", { detail: `${info.verb} ${info.resource}${info.subresource ? `/${info.subresource}` : ""}` });
  if (!decision.allowed) {
    throw errors.forbidden({ group: info.group, resource: info.resource }, info.name, `User "${user?.username}" cannot ${info.verb} resource "${info.resource}" in API group "${info.group}"`);
  }

  const def = lookup(info.group, info.version, info.resource);
  if (!def) throw notFound();
  // a namespaced resource is addressed inside a namespace (or across all of them for reads);
  // a cluster-scoped one never is
  const namespaced = def.namespaced;
  const isNamespaceObject = def.group === "" && def.resource === "namespaces";
  if (!namespaced && info.namespace && !isNamespaceObject) throw notFound();
  if (namespaced && !info.namespace && !["list", "watch"].includes(info.verb)) throw notFound();
  const namespace = namespaced ? info.namespace : "";

  const warnings: string[] = [];
  const ctx: HttpContext = {
    state: r.state,
    req,
    res,
    info,
    query: url.searchParams,
    def,
    namespace,
    op: { requestId, user: user ?? CLUSTER_ADMIN, dryRun: false, fieldManager: "", warnings },
    shape: responseShape(req.headers.accept),
    body: (() => {
      let p: Promise<Buffer> | undefined;
      return () => (p ??= readBody(req, core.limits.maxBodyBytes));
    })(),
  };
  const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  res.writeHead = ((...a: unknown[]) => {
    if (warnings.length) res.setHeader("Warning", warnings.map(warningHeader));
    return origWriteHead(...a);
  }) as typeof res.writeHead;

  if (["create", "update", "patch", "delete", "deletecollection"].includes(info.verb)) {
    const optionsKind = info.verb === "create" ? "CreateOptions" : info.verb === "patch" ? "PatchOptions" : info.verb === "update" ? "UpdateOptions" : "DeleteOptions";
    ctx.op.dryRun = parseDryRun(ctx.query, optionsKind);
    ctx.op.fieldManager = parseFieldManager(ctx.query, req, optionsKind);
  }
  await dispatch(r, ctx, info);
}

async function dispatch(r: Router, ctx: HttpContext, info: RequestInfo): Promise<void> {
  const { def } = ctx;
  const gr = { group: def.group, resource: info.subresource ? `${def.resource}/${info.subresource}` : def.resource };
  if (isVirtual(def)) {
    if (info.verb !== "create") throw errors.methodNotSupported(gr, info.verb);
    if (def.resource === "bindings") return handleBinding(ctx, undefined);
    return handleReview(ctx, r.authn);
  }
  if (info.subresource) return dispatchSubresource(ctx, info, gr);
  if (!(def.verbs as string[]).includes(info.verb)) throw errors.methodNotSupported(gr, info.verb);
  switch (info.verb) {
    case "get":
      return handleGet(ctx);
    case "list":
      return handleList(ctx);
    case "watch":
      return handleWatch(ctx);
    case "create":
      if (info.name) throw notFound();
      return handleCreate(ctx);
    case "update":
      return handleUpdate(ctx);
    case "patch":
      return handlePatch(ctx);
    case "delete":
      return handleDelete(ctx);
    case "deletecollection":
      return handleDeleteCollection(ctx);
    default:
      throw errors.methodNotSupported(gr, info.verb);
  }
}

async function dispatchSubresource(ctx: HttpContext, info: RequestInfo, gr: { group: string; resource: string }): Promise<void> {
  const { def } = ctx;
  const sub = info.subresource;
  const isNamespace = def.group === "" && def.resource === "namespaces";
  const served = def.subresources?.find((s) => s.name === sub) ?? (isNamespace && sub === "finalize" ? { name: "finalize", verbs: ["update"] } : undefined);
  if (!served) throw notFound();
  const isPod = def.group === "" && def.resource === "pods";
  if (isPod && sub === "binding") {
    if (info.verb !== "create") throw errors.methodNotSupported(gr, info.verb);
    return handleBinding(ctx, info.name);
  }
  if (isPod && sub === "eviction") {
    if (info.verb !== "create") throw errors.methodNotSupported(gr, info.verb);
    return handleEviction(ctx);
  }
  if (isPod && sub === "log") {
    if (info.verb !== "get") throw errors.methodNotSupported(gr, info.verb);
    return handleLog(ctx);
  }
  if (isPod && ["exec", "attach", "portforward"].includes(sub)) {
    const pod = getObject(ctx.state.core, def, ctx.namespace, info.name);
    if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) throw errors.badRequest(`pod ${info.name} does not have a host assigned`);
    throw errors.badRequest("Upgrade request required");
  }
  if (sub === "scale") return handleScale(ctx);
  if (sub === "status" || sub === "finalize") {
    switch (info.verb) {
      case "get":
        return handleGet(ctx);
      case "update":
        return handleUpdate(ctx, sub);
      case "patch":
        if (sub === "finalize") break;
        return handlePatch(ctx, sub);
    }
    throw errors.methodNotSupported(gr, info.verb);
  }
  throw notFound();
}
