/** The scale subresource (autoscaling/v1 Scale): GET, PUT and PATCH. */
import { errors } from "../../api/errors";
import { fieldError } from "../../api/field-errors";
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import { type HttpContext, decodeBodyFor } from "../context";
import { applyPatch } from "../deps";
import { getPath, rfc3339, setPath } from "../meta";
import { decodePatch } from "../negotiation";
import { writeJSON } from "../responses";
import { getObject } from "../rest/read";
import { updateObject } from "../rest/update";
import { patchTypeOf } from "./write";

const SCALE_GVK = { group: "autoscaling", version: "v1", kind: "Scale" };

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.FormatLabelSelector */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return "";
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${vals})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else if (e.operator === "DoesNotExist") parts.push(`!${e.key}`);
  }
  const s = parts.join(",");
  return s === "" && sel.matchLabels === undefined && sel.matchExpressions === undefined ? "" : s;
}

function scalePaths(def: ResourceDefinition) {
  return def.scale ?? { specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" };
}

export function scaleOf(def: ResourceDefinition, obj: KubeObject): KubeObject {
  const p = scalePaths(def);
  const sel = p.labelSelectorPath ? getPath(obj, p.labelSelectorPath) : undefined;
  const selector = typeof sel === "string" ? sel : formatLabelSelector(sel as LabelSelector | undefined);
  const m = obj.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: (getPath(obj, p.specReplicasPath) as number | undefined) ?? 0 },
    status: { replicas: (getPath(obj, p.statusReplicasPath) as number | undefined) ?? 0, ...(selector ? { selector } : {}) },
  };
}

function applyScale(ctx: HttpContext, scale: KubeObject): KubeObject {
  const { def } = ctx;
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid("autoscaling", "Scale", ctx.info.name, [fieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
  }
  const result = updateObject(
    ctx.state.core,
    ctx.state.plugins,
    ctx.op,
    def,
    ctx.namespace,
    ctx.info.name,
    (existing) => {
      if (!existing) throw errors.notFound({ group: def.group, resource: def.resource }, ctx.info.name);
      const next = structuredClone(existing) as KubeObject;
      setPath(next as Record<string, unknown>, scalePaths(def).specReplicasPath, replicas);
      const rv = scale.metadata?.resourceVersion;
      if (rv) next.metadata.resourceVersion = rv;
      return next;
    },
    { subresource: "scale" },
  );
  return scaleOf(def, result.object);
}

export async function handleScale(ctx: HttpContext): Promise<void> {
  const { def, state } = ctx;
  switch (ctx.info.verb) {
    case "get":
      return writeJSON(ctx.res, 200, scaleOf(def, getObject(state.core, def, ctx.namespace, ctx.info.name)));
    case "update": {
      const body = await decodeBodyFor(ctx, SCALE_GVK);
      if (body.metadata.name && body.metadata.name !== ctx.info.name) {
        throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
      }
      return writeJSON(ctx.res, 200, applyScale(ctx, body));
    }
    case "patch": {
      const type = patchTypeOf(ctx);
      const patch = decodePatch(await ctx.body(), type);
      const current = scaleOf(def, getObject(state.core, def, ctx.namespace, ctx.info.name));
      const patched = applyPatch(type === "apply" ? "merge" : type, current, current, patch, { manager: ctx.op.fieldManager, force: false, now: rfc3339(state.core.clock.now()), subresource: "scale" });
      return writeJSON(ctx.res, 200, applyScale(ctx, patched));
    }
    default:
      throw errors.methodNotSupported({ group: def.group, resource: `${def.resource}/scale` }, ctx.info.verb);
  }
}
