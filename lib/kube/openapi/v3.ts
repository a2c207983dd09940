/**
 * OpenAPI v3 discovery (`GET /openapi/v3`) and per-group-version documents
 * (`GET /openapi/v3/apis/<g>/<v>?hash=H`), shaped like kube-apiserver's:
 *
 * - `components.schemas` holds every definition reachable from the group-version's operations,
 *   with `$ref` fields as `allOf: [{$ref}]` plus the field's description, IntOrString and
 *   Quantity as `oneOf`, and `x-kubernetes-group-version-kind` on kinds (kubectl explain finds
 *   the schema through it);
 * - every operation carries `x-kubernetes-group-version-kind`; PATCH operations list the
 *   `fieldValidation` parameter (so kubectl sends `fieldValidation=Strict` and lets the server
 *   validate) and a `requestBody` for `application/strategic-merge-patch+json` (so kubectl's
 *   client-side apply uses these schemas' patch metadata).
 *
 * Documents are built once per process on first request and cached as JSON with their hash (the
 * upstream form: uppercase hex SHA-512 of the served bytes), which is also the ETag.
 */
import { createHash } from "node:crypto";
import { generatedDefinitions, type RawSchema } from "./load";
import { defaultResources, groupVersionPath, type ResourceInfo } from "./resources";
import { buildPaths } from "./v3-paths";

export interface V3Document {
  /** the document's JSON as served */
  json: string;
  /** uppercase hex SHA-512 of `json`; the `hash` query value and the ETag */
  hash: string;
}

const REF_PREFIX = "#/components/schemas/";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
const ONE_OF: Record<string, object[]> = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": [{ type: "integer" }, { type: "string" }],
  "io.k8s.apimachinery.pkg.api.resource.Quantity": [{ type: "string" }, { type: "number" }],
};

function toV3(raw: RawSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === "$ref") continue;
    if (k === "properties") {
      const props: Record<string, unknown> = {};
      for (const [name, p] of Object.entries(v as Record<string, RawSchema>)) props[name] = toV3(p);
      out.properties = props;
    } else if ((k === "items" || k === "additionalProperties") && typeof v === "object") {
      out[k] = toV3(v as RawSchema);
    } else {
      out[k] = v;
    }
  }
  if (raw.$ref) return { allOf: [{ $ref: REF_PREFIX + raw.$ref }], ...out };
  return out;
}

function definitionToV3(name: string, raw: RawSchema, cache: Map<string, Record<string, unknown>>): Record<string, unknown> {
  const cached = cache.get(name);
  if (cached) return cached;
  const out = toV3(raw);
  cache.set(name, out);
  const oneOf = ONE_OF[name];
  if (oneOf) {
    delete out.type;
    out.oneOf = oneOf;
  }
  return out;
}

function collectRefs(raw: RawSchema, defs: Record<string, RawSchema>, seen: Set<string>): void {
  if (raw.$ref && !seen.has(raw.$ref)) {
    seen.add(raw.$ref);
    const target = defs[raw.$ref];
    if (target) collectRefs(target, defs, seen);
  }
  for (const p of Object.values(raw.properties ?? {})) collectRefs(p, defs, seen);
  if (raw.items) collectRefs(raw.items, defs, seen);
  if (raw.additionalProperties && typeof raw.additionalProperties === "object") {
    collectRefs(raw.additionalProperties, defs, seen);
  }
}

function buildDocument(gv: string, resources: ResourceInfo[], cache: Map<string, Record<string, unknown>>): object | undefined {
  const defs = generatedDefinitions().definitions;
  const kinds = new Set<string>([`${META}Status`, `${META}DeleteOptions`, `${META}Patch`]);
  const paths = buildPaths(gv, resources, kinds);
  if (Object.keys(paths).length === 0) return undefined;
  const needed = new Set<string>();
  for (const k of kinds) {
    needed.add(k);
    const d = defs[k];
    if (d) collectRefs(d, defs, needed);
  }
  const schemas: Record<string, unknown> = {};
  for (const name of [...needed].sort()) {
    const d = defs[name];
    if (d) schemas[name] = definitionToV3(name, d, cache);
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: "unversioned" },
    paths,
    components: {
      schemas,
      securitySchemes: { BearerToken: { type: "apiKey", description: "Bearer Token authentication", name: "authorization", in: "header" } },
    },
  };
}

const documentsByList = new WeakMap<readonly ResourceInfo[], Map<string, V3Document>>();

function allDocuments(resources: readonly ResourceInfo[]): Map<string, V3Document> {
  const cached = documentsByList.get(resources);
  if (cached) return cached;
  const byGv = new Map<string, ResourceInfo[]>();
  for (const r of resources) {
    const gv = groupVersionPath(r.group, r.version);
    byGv.set(gv, [...(byGv.get(gv) ?? []), r]);
  }
  const documents = new Map<string, V3Document>();
  const cache = new Map<string, Record<string, unknown>>(); // definitions shared by several documents
  for (const [gv, list] of byGv) {
    const doc = buildDocument(gv, list, cache);
    if (!doc) continue;
    const json = JSON.stringify(doc);
    documents.set(gv, { json, hash: createHash("sha512").update(json).digest("hex").toUpperCase() });
  }
  documentsByList.set(resources, documents);
  return documents;
}

/** `GET /openapi/v3`: the group-versions with their hashed URLs (kubectl prefixes the server path itself) */
export function openapiV3Root(resources: readonly ResourceInfo[] = defaultResources()): {
  paths: Record<string, { serverRelativeURL: string }>;
} {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gv, d] of [...allDocuments(resources)].sort(([a], [b]) => a.localeCompare(b))) {
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` };
  }
  return { paths };
}

/** the document of "api/v1" / "apis/apps/v1" (a leading "/" is ignored), with its bytes and hash */
export function openapiV3Entry(groupVersionPath: string, resources: readonly ResourceInfo[] = defaultResources()): V3Document | undefined {
  return allDocuments(resources).get(groupVersionPath.replace(/^\/+/, "").replace(/\/+$/, ""));
}

/** the document of "api/v1" / "apis/apps/v1", or undefined for a group-version we do not serve */
export function openapiV3Document(groupVersionPath: string, resources: readonly ResourceInfo[] = defaultResources()): object | undefined {
  const entry = openapiV3Entry(groupVersionPath, resources);
  return entry ? (JSON.parse(entry.json) as object) : undefined;
}
