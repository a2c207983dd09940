/**
 * The `paths` of an OpenAPI v3 group-version document, shaped like kube-apiserver's: one path
 * item per collection, object and schema-bearing subresource, each operation carrying
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind` (what kubectl reads), PATCH
 * operations listing `fieldValidation` and the four patch content types.
 */
import { definitionForKind, type GVK } from "./load";
import { SCHEMA_SUBRESOURCES, type ResourceInfo } from "./resources";

const REF_PREFIX = "#/components/schemas/";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

const q = (name: string, type = "string") => ({ name, in: "query", schema: { type, uniqueItems: true } });
const LIST_PARAMS = [
  q("allowWatchBookmarks", "boolean"),
  q("continue"),
  q("fieldSelector"),
  q("labelSelector"),
  q("limit", "integer"),
  q("resourceVersion"),
  q("resourceVersionMatch"),
  q("sendInitialEvents", "boolean"),
  q("timeoutSeconds", "integer"),
  q("watch", "boolean"),
];
const WRITE_PARAMS = [q("dryRun"), q("fieldManager"), q("fieldValidation")];
const PATCH_PARAMS = [...WRITE_PARAMS, q("force", "boolean")];
const DELETE_PARAMS = [q("dryRun"), q("gracePeriodSeconds", "integer"), q("orphanDependents", "boolean"), q("propagationPolicy")];
const PRETTY = q("pretty");
const pathParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", uniqueItems: true } });

const ref = (def: string) => ({ $ref: REF_PREFIX + def });
const body = (def: string) => ({ content: { "*/*": { schema: ref(def) } }, required: true });
const PATCH_BODY = {
  content: Object.fromEntries(
    [
      "application/apply-patch+yaml",
      "application/json-patch+json",
      "application/merge-patch+json",
      "application/strategic-merge-patch+json",
    ].map((t) => [t, { schema: ref(`${META}Patch`) }]),
  ),
  required: true,
};
const STATUS_TEXT: Record<string, string> = { "200": "OK", "201": "Created", "202": "Accepted" };
const responses = (def: string, ...codes: string[]) =>
  Object.fromEntries([
    ...codes.map((c) => [c, { description: STATUS_TEXT[c], content: { "application/json": { schema: ref(def) } } }]),
    ["401", { description: "Unauthorized" }],
  ]);

function camel(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "apps_v1", "core_v1", "discovery_v1" (upstream's tags) and "AppsV1" (operationId infix) */
function groupNames(group: string, version: string): { tag: string; infix: string } {
  const first = group === "" ? "core" : (group.split(".")[0] ?? group);
  return { tag: `${first}_${version}`, infix: `${camel(first)}${camel(version)}` };
}

interface Ctx {
  r: ResourceInfo;
  gvk: GVK;
  tag: string;
  infix: string;
}

function op(
  c: Ctx,
  verb: string,
  action: string,
  description: string,
  extra: object,
  gvk: GVK = c.gvk,
  suffix = "",
  namespaced = c.r.namespaced,
) {
  return {
    tags: [c.tag],
    description,
    operationId: `${verb}${c.infix}${namespaced ? "Namespaced" : ""}${c.r.kind}${suffix}`,
    ...extra,
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
  };
}

/** Adds the path items of `resources` (one group-version) to a paths object; records the definitions used in `kinds`. */
export function buildPaths(gv: string, resources: readonly ResourceInfo[], kinds: Set<string>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of resources) {
    const gvk = { group: r.group, kind: r.kind, version: r.version };
    const def = definitionForKind(gvk);
    if (!def) continue;
    kinds.add(def);
    const listDef = definitionForKind({ ...gvk, kind: `${r.kind}List` }) ?? def;
    kinds.add(listDef);
    const c: Ctx = { r, gvk, ...groupNames(r.group, r.version) };
    const has = (v: string) => r.verbs.includes(v as never);
    const collection = r.namespaced ? `/${gv}/namespaces/{namespace}/${r.resource}` : `/${gv}/${r.resource}`;
    const scope = r.namespaced ? [pathParam("namespace"), PRETTY] : [PRETTY];
    const item = `${collection}/{name}`;
    const itemScope = [pathParam("name"), ...scope];

    const coll: Record<string, unknown> = {};
    if (has("list"))
      coll.get = op(c, "list", "list", `list or watch objects of kind ${r.kind}`, {
        parameters: LIST_PARAMS,
        responses: responses(listDef, "200"),
      });
    if (has("create"))
      coll.post = op(c, "create", "post", `create a ${r.kind}`, {
        parameters: WRITE_PARAMS,
        requestBody: body(def),
        responses: responses(def, "200", "201", "202"),
      });
    if (has("deletecollection")) {
      coll.delete = op(c, "deletecollection", "deletecollection", `delete collection of ${r.kind}`, {
        parameters: [...DELETE_PARAMS, ...LIST_PARAMS],
        responses: responses(`${META}Status`, "200"),
      });
    }
    if (Object.keys(coll).length > 0) paths[collection] = { ...coll, parameters: scope };

    const obj: Record<string, unknown> = {};
    if (has("get")) obj.get = op(c, "read", "get", `read the specified ${r.kind}`, { responses: responses(def, "200") });
    if (has("update"))
      obj.put = op(c, "replace", "put", `replace the specified ${r.kind}`, {
        parameters: WRITE_PARAMS,
        requestBody: body(def),
        responses: responses(def, "200", "201"),
      });
    if (has("patch"))
      obj.patch = op(c, "patch", "patch", `partially update the specified ${r.kind}`, {
        parameters: PATCH_PARAMS,
        requestBody: PATCH_BODY,
        responses: responses(def, "200", "201"),
      });
    if (has("delete"))
      obj.delete = op(c, "delete", "delete", `delete a ${r.kind}`, { parameters: DELETE_PARAMS, responses: responses(def, "200", "202") });
    if (Object.keys(obj).length > 0) paths[item] = { ...obj, parameters: itemScope };

    if (r.namespaced && has("list")) {
      paths[`/${gv}/${r.resource}`] = {
        get: op(
          c,
          "list",
          "list",
          `list or watch objects of kind ${r.kind}`,
          { responses: responses(listDef, "200") },
          gvk,
          "ForAllNamespaces",
          false,
        ),
        parameters: [...LIST_PARAMS, PRETTY],
      };
    }

    for (const s of r.subresources ?? []) {
      if (!SCHEMA_SUBRESOURCES.has(s.name)) continue;
      const sGvk = { group: s.responseKind.group, kind: s.responseKind.kind, version: s.responseKind.version };
      const sDef = definitionForKind(sGvk);
      if (!sDef) continue;
      kinds.add(sDef);
      const suffix = camel(s.name);
      const sub: Record<string, unknown> = {};
      const sHas = (v: string) => s.verbs.includes(v as never);
      if (sHas("get"))
        sub.get = op(c, "read", "get", `read ${s.name} of the specified ${r.kind}`, { responses: responses(sDef, "200") }, sGvk, suffix);
      if (sHas("create")) {
        sub.post = op(
          c,
          "create",
          "post",
          `create ${s.name} of a ${r.kind}`,
          { parameters: WRITE_PARAMS, requestBody: body(sDef), responses: responses(sDef, "200", "201", "202") },
          sGvk,
          suffix,
        );
      }
      if (sHas("update")) {
        sub.put = op(
          c,
          "replace",
          "put",
          `replace ${s.name} of the specified ${r.kind}`,
          { parameters: WRITE_PARAMS, requestBody: body(sDef), responses: responses(sDef, "200", "201") },
          sGvk,
          suffix,
        );
      }
      if (sHas("patch")) {
        sub.patch = op(
          c,
          "patch",
          "patch",
          `partially update ${s.name} of the specified ${r.kind}`,
          { parameters: PATCH_PARAMS, requestBody: PATCH_BODY, responses: responses(sDef, "200", "201") },
          sGvk,
          suffix,
        );
      }
      if (Object.keys(sub).length > 0) paths[`${item}/${s.name}`] = { ...sub, parameters: itemScope };
    }
  }
  return paths;
}
