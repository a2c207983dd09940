/** POST (create), PUT (update) and PATCH on a resource object or its status. */
import { errors } from "../../api/errors";
import { fieldError } from "../../api/field-errors";
import type { KubeObject } from "../../api/types";
import { type HttpContext, checkUnknownFields, decodeBodyFor } from "../context";
import { applyPatch, decodeApplyPatch } from "../deps";
import { rfc3339 } from "../meta";
import { isTrue } from "../request-info";
import { PATCH_TYPES, decodePatch, parseMediaType } from "../negotiation";
import { writeJSON } from "../responses";
import { createObject } from "../rest/create";
import { updateObject } from "../rest/update";
import { parseIncludeObject, shapeObject } from "../table";

function respond(ctx: HttpContext, code: number, obj: KubeObject): void {
  writeJSON(ctx.res, code, shapeObject(ctx.def, obj, ctx.shape, parseIncludeObject(ctx.query.get("includeObject")), ctx.state.core.clock.now()));
}

export async function handleCreate(ctx: HttpContext): Promise<void> {
  const obj = await decodeBodyFor(ctx);
  const created = createObject(ctx.state.core, ctx.state.plugins, ctx.op, ctx.def, ctx.namespace, obj);
  respond(ctx, 201, created);
}

export async function handleUpdate(ctx: HttpContext, subresource = ""): Promise<void> {
  const obj = await decodeBodyFor(ctx);
  const objName = obj.metadata.name;
  if (objName && objName !== ctx.info.name) throw errors.badRequest(`the name of the object (${objName}) does not match the name on the URL (${ctx.info.name})`);
  const result = updateObject(ctx.state.core, ctx.state.plugins, ctx.op, ctx.def, ctx.namespace, ctx.info.name, () => obj, { subresource });
  respond(ctx, result.created ? 201 : 200, result.object);
}

/** The patch type from Content-Type, or 415 listing the accepted patch types. */
export function patchTypeOf(ctx: HttpContext) {
  const mt = parseMediaType(ctx.req.headers["content-type"] ?? "");
  const type = PATCH_TYPES[mt.type];
  if (!type) throw errors.unsupportedMediaType(mt.type, Object.keys(PATCH_TYPES).filter((t) => !t.endsWith("cbor")));
  return type;
}

export async function handlePatch(ctx: HttpContext, subresource = ""): Promise<void> {
  const type = patchTypeOf(ctx);
  const raw = await ctx.body();
  const patch = type === "apply" ? decodeApplyPatch(raw.toString("utf8")) : decodePatch(raw, type);
  const force = ctx.query.get("force");
  if (type === "apply") {
    if (!ctx.query.get("fieldManager")) {
      throw errors.invalid("meta.k8s.io", "PatchOptions", "", [fieldError.required("fieldManager", "is required for apply patch")]);
    }
  } else if (force !== null) {
    throw errors.invalid("meta.k8s.io", "PatchOptions", "", [fieldError.forbidden("force", "may not be specified for non-apply patch")]);
  }
  const result = updateObject(
    ctx.state.core,
    ctx.state.plugins,
    ctx.op,
    ctx.def,
    ctx.namespace,
    ctx.info.name,
    (existing) => {
      const base: KubeObject = existing ?? { apiVersion: ctx.def.group ? `${ctx.def.group}/${ctx.def.version}` : ctx.def.version, kind: ctx.def.kind, metadata: { name: ctx.info.name, ...(ctx.def.namespaced ? { namespace: ctx.namespace } : {}) } };
      const patched = applyPatch(type, existing, base, patch, {
        manager: ctx.op.fieldManager,
        force: isTrue(force),
        now: rfc3339(ctx.state.core.clock.now()),
        ...(subresource ? { subresource } : {}),
      });
      checkUnknownFields(ctx, patched);
      return patched;
    },
    { subresource, forceAllowCreate: type === "apply", operation: type === "apply" ? "Apply" : "Update" },
  );
  respond(ctx, result.created ? 201 : 200, result.object);
}
