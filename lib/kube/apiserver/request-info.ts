/**
 * RequestInfo as k8s.io/apiserver/pkg/endpoints/request/requestinfo.go derives it from a path:
 * `/api/v1/namespaces/ns/pods/web/log` -> {group:"", version:"v1", namespace:"ns",
 * resource:"pods", name:"web", subresource:"log", verb:"get"}. Non-resource paths
 * (`/version`, `/openapi/v3`) come back with `isResourceRequest: false`.
 */

export type RequestVerb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection"
  | "connect";

export interface RequestInfo {
  isResourceRequest: boolean;
  /** the path after the server's prefix, without the query */
  path: string;
  /** "api" or "apis" for resource requests */
  apiPrefix?: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  verb: RequestVerb | string;
  /** path segments after the version (for discovery: empty) */
  parts: string[];
}

/** namespaces' own subresources: `/namespaces/x/status` addresses namespace x, not a resource "status" in it */
const namespaceSubresources = new Set(["status", "finalize"]);

/** segments of the unescaped path, as Go's r.URL.Path gives them (so `%2F` separates segments too) */
function splitPath(path: string): string[] {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    /* keep the raw path */
  }
  return decoded.split("/").filter((p) => p !== "");
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const base: RequestInfo = { isResourceRequest: false, path, group: "", version: "", namespace: "", resource: "", subresource: "", name: "", verb: method.toLowerCase(), parts: [] };
  let parts = splitPath(path);
  const prefix = parts[0];
  if (prefix !== "api" && prefix !== "apis") return base;
  parts = parts.slice(1);
  const info: RequestInfo = { ...base, apiPrefix: prefix };
  if (prefix === "apis") {
    if (parts.length === 0) return base;
    info.group = parts[0]!;
    parts = parts.slice(1);
  }
  if (parts.length === 0) return base;
  info.version = parts[0]!;
  parts = parts.slice(1);
  if (parts.length === 0) return { ...info, isResourceRequest: false };
  info.isResourceRequest = true;

  let watchPath = false;
  if (parts[0] === "watch") {
    watchPath = true;
    parts = parts.slice(1);
  }
  switch (method) {
    case "POST":
      info.verb = "create";
      break;
    case "GET":
    case "HEAD":
      info.verb = "get";
      break;
    case "PUT":
      info.verb = "update";
      break;
    case "PATCH":
      info.verb = "patch";
      break;
    case "DELETE":
      info.verb = "delete";
      break;
    default:
      info.verb = "";
  }
  if (parts[0] === "namespaces") {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;
  if (parts.length > 3) info.subresource = parts.slice(2).join("/");

  const wantsWatch = watchPath || isTrue(query.get("watch"));
  if (!info.name && info.verb === "get") info.verb = wantsWatch ? "watch" : "list";
  else if (info.name && info.verb === "get" && wantsWatch) info.verb = "watch";
  if (!info.name && info.verb === "delete") info.verb = "deletecollection";
  return info;
}

/** Go's strconv.ParseBool truthy spellings, as the query decoder accepts them */
export function isTrue(v: string | null | undefined): boolean {
  return v === "true" || v === "1" || v === "t" || v === "T" || v === "TRUE" || v === "True";
}
