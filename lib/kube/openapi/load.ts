/**
 * Loads the generated definitions once per process (on first use, never at import) and turns
 * them into shared, frozen `SchemaNode`s. Nothing here is per cluster: thousands of clusters
 * share one copy, and a process that never asks for a schema never reads the file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SchemaNode, SchemaSource } from "./types";

/** One upstream-shaped OpenAPI v2 schema; `$ref` holds a bare definition name. */
export interface RawSchema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, RawSchema>;
  required?: string[];
  items?: RawSchema;
  additionalProperties?: RawSchema | boolean;
  enum?: unknown[];
  "x-kubernetes-group-version-kind"?: GVK[];
  "x-kubernetes-patch-strategy"?: string;
  "x-kubernetes-patch-merge-key"?: string;
  "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  "x-kubernetes-list-map-keys"?: string[];
  "x-kubernetes-map-type"?: "atomic" | "granular";
}

export interface GVK {
  group: string;
  kind: string;
  version: string;
}

export interface GeneratedDefinitions {
  generatedFrom: Record<string, string>;
  kinds: { group: string; version: string; kind: string; definition: string }[];
  definitions: Record<string, RawSchema>;
}

const GENERATED_URL = new URL("./generated/definitions.json", import.meta.url);
/** where the file is when this module was bundled away from its folder (e.g. by Next) */
const GENERATED_FROM_CWD = join(process.cwd(), "lib", "kube", "openapi", "generated", "definitions.json");

let generated: GeneratedDefinitions | undefined;

/** The generated file, parsed on first call and kept for the life of the process. */
export function generatedDefinitions(): GeneratedDefinitions {
  if (!generated) {
    const path = existsSync(GENERATED_URL) ? GENERATED_URL : GENERATED_FROM_CWD;
    generated = JSON.parse(readFileSync(path, "utf8")) as GeneratedDefinitions;
  }
  return generated;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

class NodeBuilder {
  private readonly byDef = new Map<string, SchemaNode>();
  private readonly building = new Set<string>();

  constructor(private readonly defs: Record<string, RawSchema>) {}

  definition(name: string): SchemaNode | undefined {
    const done = this.byDef.get(name);
    if (done) return done;
    const raw = this.defs[name];
    if (!raw) return undefined;
    if (this.building.has(name)) throw new Error(`openapi: cyclic definition ${name}`);
    this.building.add(name);
    const node = this.node(raw, name);
    this.building.delete(name);
    this.byDef.set(name, node);
    return node;
  }

  /** a schema as it appears at a use site: a `$ref` merges the definition with the field's own keys */
  private node(raw: RawSchema, definition?: string): SchemaNode {
    let n: Mutable<SchemaNode>;
    if (raw.$ref) {
      const target = this.definition(raw.$ref);
      if (!target) throw new Error(`openapi: unknown definition ${raw.$ref}`);
      n = { ...target };
    } else {
      n = {};
      if (definition) n.definition = definition;
      if (raw.type) n.type = raw.type as SchemaNode["type"];
      if (raw.format) n.format = raw.format;
      if (raw.enum) n.enum = Object.freeze([...raw.enum]);
      if (raw.required) n.required = Object.freeze([...raw.required]);
      if (raw.properties) {
        const props: Record<string, SchemaNode> = {};
        for (const [k, v] of Object.entries(raw.properties)) props[k] = this.node(v);
        n.properties = Object.freeze(props);
      }
      if (raw.items) n.items = this.node(raw.items);
      if (raw.additionalProperties !== undefined) {
        n.additionalProperties =
          typeof raw.additionalProperties === "boolean" ? raw.additionalProperties : this.node(raw.additionalProperties);
      }
      if (definition === INT_OR_STRING) {
        // upstream v3: oneOf [integer, string] with format int-or-string
        delete n.type;
        n.intOrString = true;
      }
      // RawExtension, FieldsV1 and similar: an object whose content is not described
      if (n.type === "object" && !n.properties && n.additionalProperties === undefined) n.preserveUnknownFields = true;
    }
    if (raw.description !== undefined) n.description = raw.description;
    if (raw["x-kubernetes-patch-strategy"]) n.patchStrategy = raw["x-kubernetes-patch-strategy"];
    if (raw["x-kubernetes-patch-merge-key"]) n.patchMergeKey = raw["x-kubernetes-patch-merge-key"];
    if (raw["x-kubernetes-list-type"]) n.listType = raw["x-kubernetes-list-type"];
    if (raw["x-kubernetes-list-map-keys"]) n.listMapKeys = Object.freeze([...raw["x-kubernetes-list-map-keys"]]);
    if (raw["x-kubernetes-map-type"]) n.mapType = raw["x-kubernetes-map-type"];
    return Object.freeze(n);
  }
}

let builder: NodeBuilder | undefined;
let kindIndex: Map<string, string> | undefined;

const gvkKey = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

/** the SchemaNode of a definition by upstream name, e.g. "io.k8s.api.core.v1.Container" */
export function schemaForDefinition(name: string): SchemaNode | undefined {
  builder ??= new NodeBuilder(generatedDefinitions().definitions);
  return builder.definition(name);
}

/** upstream definition name of a served kind (meta kinds included), or undefined */
export function definitionForKind(gvk: { group: string; version: string; kind: string }): string | undefined {
  if (!kindIndex) {
    kindIndex = new Map();
    for (const [name, def] of Object.entries(generatedDefinitions().definitions)) {
      for (const g of def["x-kubernetes-group-version-kind"] ?? []) kindIndex.set(gvkKey(g.group, g.version, g.kind), name);
    }
  }
  return kindIndex.get(gvkKey(gvk.group, gvk.version, gvk.kind));
}

export const schemaSource: SchemaSource = {
  forKind(gvk) {
    const def = definitionForKind(gvk);
    return def ? schemaForDefinition(def) : undefined;
  },
};
