/** GET (get, list, watch) on a resource collection or object. */
import { errors } from "../../api/errors";
import type { HttpContext } from "../context";
import { writeJSON } from "../responses";
import { getObject, listObjects } from "../rest/read";
import { parseIncludeObject, shapeList, shapeObject } from "../table";
import { serveWatch } from "../watch";

export function handleGet(ctx: HttpContext): void {
  const { state, def, namespace, info, query } = ctx;
  const obj = getObject(state.core, def, namespace, info.name);
  writeJSON(ctx.res, 200, shapeObject(def, obj, ctx.shape, parseIncludeObject(query.get("includeObject")), state.core.clock.now()));
}

export function handleList(ctx: HttpContext): void {
  const { state, def, namespace, query } = ctx;
  const limitParam = query.get("limit");
  let limit: number | undefined;
  if (limitParam) {
    if (!/^-?\d+$/.test(limitParam)) throw errors.badRequest(`limit: Invalid value: "${limitParam}": must be an integer`);
    limit = Number(limitParam);
  }
  const out = listObjects(state.core, def, namespace, {
    labelSelector: query.get("labelSelector"),
    fieldSelector: query.get("fieldSelector"),
    limit,
    continue: query.get("continue"),
    resourceVersion: query.get("resourceVersion"),
    resourceVersionMatch: query.get("resourceVersionMatch"),
  });
  const listMeta = {
    resourceVersion: out.resourceVersion,
    ...(out.continue ? { continue: out.continue } : {}),
    ...(out.remainingItemCount !== undefined ? { remainingItemCount: out.remainingItemCount } : {}),
  };
  writeJSON(ctx.res, 200, shapeList(def, out.items, listMeta, ctx.shape, parseIncludeObject(query.get("includeObject")), state.core.clock.now()));
}

export function handleWatch(ctx: HttpContext): void {
  serveWatch(ctx.state.core, ctx.state.watches, ctx.req, ctx.res, {
    def: ctx.def,
    namespace: ctx.namespace,
    name: ctx.info.name || undefined,
    query: ctx.query,
    shape: ctx.shape,
    include: parseIncludeObject(ctx.query.get("includeObject")),
  });
}
