/** Non-resource endpoints: /version, health checks, discovery and OpenAPI. */
import type { ServerResponse } from "node:http";
import { errors } from "../../api/errors";
import { openapiV2, openapiV3 } from "../deps";
import { aggregatedContentType, discoveryFlavor, groupDiscovery, resourceListDiscovery, rootDiscovery } from "../discovery";
import type { ServerState } from "../context";
import type { RequestInfo } from "../request-info";
import { writeJSON, writeText } from "../responses";

function sendDoc(res: ServerResponse, json: string, contentType = "application/json"): void {
  res.writeHead(200, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(json), Vary: "Accept", "Cache-Control": "no-cache, private" });
  res.end(json);
}

const HEALTH = new Set(["healthz", "livez", "readyz"]);

/** Answers a non-resource request; returns false when the path is not one. */
export function handleNonResource(state: ServerState, info: RequestInfo, accept: string | undefined, res: ServerResponse): boolean {
  const path = info.path.replace(/\/+$/, "") || "/";
  const parts = path.split("/").filter(Boolean);
  if (path === "/version") {
    writeJSON(res, 200, state.version);
    return true;
  }
  if (parts.length >= 1 && HEALTH.has(parts[0]!)) {
    writeText(res, 200, "ok");
    return true;
  }
  if (path === "/api" || path === "/apis") {
    const flavor = discoveryFlavor(accept);
    const doc = rootDiscovery(path === "/api" ? "api" : "apis", flavor);
    sendDoc(res, doc, flavor === "legacy" ? "application/json" : aggregatedContentType(flavor));
    return true;
  }
  if (parts[0] === "apis" && parts.length === 2) {
    const doc = groupDiscovery(parts[1]!);
    if (!doc) throw notFound();
    sendDoc(res, doc);
    return true;
  }
  if ((parts[0] === "api" && parts.length === 2) || (parts[0] === "apis" && parts.length === 3)) {
    const doc = parts[0] === "api" ? resourceListDiscovery("", parts[1]!) : resourceListDiscovery(parts[1]!, parts[2]!);
    if (!doc) throw notFound();
    sendDoc(res, doc);
    return true;
  }
  if (path === "/openapi/v2" || path === "/swagger-2.0.0.pb-v1") {
    const doc = openapiV2(accept);
    if (!doc) throw notFound();
    res.writeHead(200, { "Content-Type": doc.contentType, "Content-Length": doc.body.length });
    res.end(doc.body);
    return true;
  }
  if (parts[0] === "openapi" && parts[1] === "v3") {
    const doc = openapiV3(parts.slice(2).join("/"), state.prefix);
    if (!doc) throw notFound();
    sendDoc(res, doc.body, doc.contentType);
    return true;
  }
  return false;
}

export function notFound() {
  const e = errors.notFound({ group: "", resource: "" }, "");
  e.status.message = "the server could not find the requested resource";
  e.status.details = {};
  return e;
}
