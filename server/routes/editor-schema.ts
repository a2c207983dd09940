/**
 * One JSON Schema (draft-07) for the editor's YAML validation and completion, derived from the
 * embedded API's upstream OpenAPI definitions (lib/kube/openapi): for each common kind an
 * `if {apiVersion, kind} then <the kind's schema>` branch.
 *
 * Strictness follows the API server with kubectl's `fieldValidation=Strict`: every struct has
 * `additionalProperties: false` (an unknown field is rejected), except objects that preserve
 * unknown fields (RawExtension); maps keep their value schema; required fields and enums are
 * upstream's. Values the API accepts in two shapes accept both (IntOrString: integer or string;
 * Quantity: string or number, as `cpu: 1` decodes).
 *
 * Built once per process on first request; the bytes and their ETag never change afterwards.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { definitionForKind, schemaForDefinition, type SchemaNode } from "../../lib/kube/openapi";
import type { Route } from "../http";

/** The kinds the editor knows, in the order completion offers them (a kind the embedded API does not serve yet, e.g. Ingress, is left out). */
export const EDITOR_KINDS: readonly { group: string; version: string; kind: string }[] = [
  { group: "", version: "v1", kind: "Pod" },
  { group: "apps", version: "v1", kind: "Deployment" },
  { group: "apps", version: "v1", kind: "ReplicaSet" },
  { group: "apps", version: "v1", kind: "DaemonSet" },
  { group: "apps", version: "v1", kind: "StatefulSet" },
  { group: "batch", version: "v1", kind: "Job" },
  { group: "batch", version: "v1", kind: "CronJob" },
  { group: "", version: "v1", kind: "Service" },
  { group: "", version: "v1", kind: "ConfigMap" },
  { group: "", version: "v1", kind: "Secret" },
  { group: "", version: "v1", kind: "Namespace" },
  { group: "", version: "v1", kind: "ServiceAccount" },
  { group: "", version: "v1", kind: "PersistentVolumeClaim" },
  { group: "networking.k8s.io", version: "v1", kind: "Ingress" },
  { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" },
  { group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler" },
];

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

type JsonSchema = Record<string, unknown>;

class Converter {
  readonly definitions: Record<string, JsonSchema> = {};

  /** a use site: a named definition becomes a $ref (with the field's own description) */
  use(node: SchemaNode): JsonSchema {
    if (node.definition) {
      this.define(node.definition);
      const ref: JsonSchema = { $ref: `#/definitions/${node.definition}` };
      if (node.description) ref.description = node.description;
      return ref;
    }
    return this.inline(node);
  }

  define(name: string): void {
    if (this.definitions[name]) return;
    const node = schemaForDefinition(name);
    if (!node) throw new Error(`editor schema: unknown definition ${name}`);
    this.definitions[name] = {}; // placeholder against cycles
    this.definitions[name] = this.inline(node);
  }

  inline(node: SchemaNode): JsonSchema {
    const out: JsonSchema = {};
    if (node.description) out.description = node.description;
    if (node.definition === QUANTITY) {
      out.type = ["string", "number"];
      return out;
    }
    if (node.intOrString || node.definition === INT_OR_STRING) {
      out.type = ["integer", "string"];
      return out;
    }
    if (node.type) out.type = node.type;
    if (node.format && node.format !== "int32" && node.format !== "int64" && node.format !== "byte" && node.format !== "double")
      out.format = node.format;
    if (node.enum) out.enum = [...node.enum];
    if (node.preserveUnknownFields) return out;
    if (node.properties) {
      const props: Record<string, JsonSchema> = {};
      for (const [k, v] of Object.entries(node.properties)) props[k] = this.use(v);
      out.properties = props;
      out.additionalProperties = false;
      if (node.required?.length) out.required = [...node.required];
    } else if (node.additionalProperties !== undefined) {
      out.additionalProperties =
        typeof node.additionalProperties === "boolean" ? node.additionalProperties : this.use(node.additionalProperties);
    }
    if (node.items) out.items = this.use(node.items);
    return out;
  }
}

/** Builds the schema document (a fresh object every call; the route caches the bytes). */
export function buildEditorSchema(): JsonSchema {
  const conv = new Converter();
  const branches: JsonSchema[] = [];
  const apiVersions = new Set<string>();
  for (const gvk of EDITOR_KINDS) {
    const def = definitionForKind(gvk);
    if (!def) continue;
    conv.define(def);
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    apiVersions.add(apiVersion);
    branches.push({
      if: { properties: { apiVersion: { const: apiVersion }, kind: { const: gvk.kind } }, required: ["apiVersion", "kind"] },
      then: {
        allOf: [{ $ref: `#/definitions/${def}` }],
        // kubectl apply needs a name (it looks the object up before creating it)
        required: ["metadata"],
        properties: { metadata: { required: ["name"] } },
      },
    });
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Kubernetes object",
    description: "A Kubernetes object as `kubectl apply` takes it",
    type: "object",
    required: ["apiVersion", "kind"],
    properties: {
      apiVersion: { type: "string", description: "The API group and version of this kind, e.g. apps/v1", examples: [...apiVersions] },
      kind: { type: "string", description: "The kind of object, e.g. Deployment", examples: [...new Set(EDITOR_KINDS.map((k) => k.kind))] },
    },
    allOf: branches,
    definitions: conv.definitions,
  };
}

let cached: { body: Buffer; etag: string } | undefined;

/** the serialized schema and its ETag (computed once per process) */
export function editorSchema(): { body: Buffer; etag: string } {
  if (!cached) {
    const body = Buffer.from(JSON.stringify(buildEditorSchema()));
    cached = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
  }
  return cached;
}

export const SCHEMA_PATH = "/api/kube/schema.json";

/** GET /api/kube/schema.json (public: the schemas are upstream's, nothing per learner) */
export function schemaRoute(): Route {
  return {
    name: "editor-schema",
    matches: (pathname) => pathname === SCHEMA_PATH,
    handle(req: IncomingMessage, res: ServerResponse) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
        res.end("Method Not Allowed");
        return;
      }
      const { body, etag } = editorSchema();
      const headers = { etag, "cache-control": "public, max-age=0, must-revalidate", "x-content-type-options": "nosniff" };
      const inm = req.headers["if-none-match"];
      if (inm && inm.split(",").some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, { ...headers, "content-type": "application/schema+json", "content-length": String(body.length) });
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}
