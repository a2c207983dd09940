/** DELETE of one object (DeleteOptions from the body or the query) and of a collection. */
import { errors } from "../../api/errors";
import { fieldError } from "../../api/field-errors";
import type { HttpContext } from "../context";
import { returnsDeletedObject } from "../meta";
import { parseJsonBody } from "../negotiation";
import { writeJSON } from "../responses";
import { type DeleteOptions, deleteObject } from "../rest/delete";
import { listObjects } from "../rest/read";
import { shapeList } from "../table";

const POLICIES = ["Orphan", "Background", "Foreground"] as const;

export async function parseDeleteOptions(ctx: HttpContext): Promise<DeleteOptions> {
  const body = await ctx.body();
  let raw: Record<string, unknown> = {};
  if (body.length > 0) {
    const v = parseJsonBody(body);
    if (v && typeof v === "object" && !Array.isArray(v)) raw = v as Record<string, unknown>;
    else throw errors.badRequest("the body of the request was in an unknown format");
  }
  const q = ctx.query;
  const opts: DeleteOptions = {};
  const policy = (raw.propagationPolicy as string | undefined) ?? q.get("propagationPolicy") ?? undefined;
  if (policy !== undefined) {
    if (!(POLICIES as readonly string[]).includes(policy)) {
      throw errors.invalid("meta.k8s.io", "DeleteOptions", "", [fieldError.notSupported("propagationPolicy", policy, [...POLICIES])]);
    }
    opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  }
  const orphan = raw.orphanDependents ?? (q.has("orphanDependents") ? q.get("orphanDependents") === "true" : undefined);
  if (typeof orphan === "boolean") {
    if (policy !== undefined) {
      throw errors.invalid("meta.k8s.io", "DeleteOptions", "", [fieldError.invalid("propagationPolicy", policy, "orphanDependents and deletionPropagation cannot be both set")]);
    }
    opts.orphanDependents = orphan;
  }
  const grace = raw.gracePeriodSeconds ?? (q.has("gracePeriodSeconds") ? Number(q.get("gracePeriodSeconds")) : undefined);
  if (grace !== undefined) {
    if (typeof grace !== "number" || !Number.isInteger(grace)) throw errors.badRequest(`gracePeriodSeconds: invalid value: ${String(grace)}`);
    opts.gracePeriodSeconds = grace;
  }
  const pre = raw.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  if (pre) opts.preconditions = pre;
  const dry = raw.dryRun;
  if (Array.isArray(dry) && dry.length) {
    for (const v of dry) if (v !== "All") throw errors.invalid("meta.k8s.io", "DeleteOptions", "", [fieldError.notSupported("dryRun", v, ["All"])]);
    ctx.op.dryRun = true;
  }
  return opts;
}

export async function handleDelete(ctx: HttpContext): Promise<void> {
  const { def, state } = ctx;
  const opts = await parseDeleteOptions(ctx);
  const r = deleteObject(state.core, state.plugins, ctx.op, def, ctx.namespace, ctx.info.name, opts);
  if (r.deleted && !returnsDeletedObject(def)) {
    writeJSON(ctx.res, 200, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: ctx.info.name, ...(def.group ? { group: def.group } : {}), kind: def.resource, uid: r.object.metadata.uid },
    });
    return;
  }
  writeJSON(ctx.res, 200, r.object);
}

export async function handleDeleteCollection(ctx: HttpContext): Promise<void> {
  const { def, state, query } = ctx;
  const opts = await parseDeleteOptions(ctx);
  const listed = listObjects(state.core, def, ctx.namespace, { labelSelector: query.get("labelSelector"), fieldSelector: query.get("fieldSelector") });
  const out = [];
  for (const o of listed.items) {
    try {
      out.push(deleteObject(state.core, state.plugins, ctx.op, def, o.metadata.namespace ?? "", o.metadata.name!, opts).object);
    } catch (e) {
      if ((e as { code?: number }).code === 404) continue;
      throw e;
    }
  }
  writeJSON(ctx.res, 200, shapeList(def, out, { resourceVersion: String(state.core.store.revision()) }, { as: "object", metaVersion: "v1" }, "Metadata", state.core.clock.now()));
}
