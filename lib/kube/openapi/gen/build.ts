/**
 * Builds the generated OpenAPI definitions file (build time only). Output: upstream-shaped
 * OpenAPI v2 definitions (`$ref` values are bare definition names), sorted keys, compact JSON.
 * `scripts/gen-openapi.ts` writes it; `generated.test.ts` checks the committed file is current.
 */
import ts from "typescript";
import { ATOMIC_STRUCTS, FIELD_PATCH_METADATA, type FieldPatchMeta } from "./patch-metadata";
import { defaultResources, SCHEMA_SUBRESOURCES } from "../resources";
import { definitionName, META_KINDS, META_PREFIX } from "./roots";
import { ClientNodeIndex, ModelIndex, packageVersion, propertyName, jsDocText } from "./sources";

export type Schema = { [key: string]: unknown };

export interface GeneratedFile {
  generatedFrom: Record<string, string>;
  kinds: { group: string; version: string; kind: string; definition: string }[];
  definitions: Record<string, Schema>;
}

/** Scalars upstream defines through kube-openapi's custom OpenAPISchemaType/Format methods. */
const SCALARS: Record<string, Schema> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { type: "string" },
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { type: "string", format: "int-or-string" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
};

interface Attr {
  type: string;
  format: string;
}

function leafFormat(kind: "number" | "string", attr: Attr | undefined, missing: string[], where: string): Schema {
  const f = attr?.format ?? "";
  if (kind === "string") return f === "byte" ? { type: "string", format: "byte" } : { type: "string" };
  if (f === "double") return { type: "number", format: "double" };
  if (f === "int32" || f === "int64") return { type: "integer", format: f };
  missing.push(where);
  return { type: "integer", format: "int32" };
}

class Builder {
  readonly definitions: Record<string, Schema> = {};
  readonly missingFormats: string[] = [];
  private readonly queue: string[] = [];

  constructor(
    private readonly models: ModelIndex,
    private readonly client: ClientNodeIndex,
  ) {}

  require(def: string): void {
    if (!(def in this.definitions) && !this.queue.includes(def)) this.queue.push(def);
  }

  run(): void {
    for (let def = this.queue.shift(); def !== undefined; def = this.queue.shift()) {
      if (def in this.definitions) continue;
      this.definitions[def] = this.build(def);
    }
  }

  private build(def: string): Schema {
    const decl = this.models.get(def);
    if (!decl) throw new Error(`definition ${def} not found in kubernetes-models`);
    const out: Schema = {};
    if (decl.description) out.description = decl.description;
    if (decl.alias) {
      const scalar = SCALARS[def];
      if (!scalar) throw new Error(`unexpected type alias definition ${def}`);
      return { ...out, ...scalar };
    }
    const members = decl.members ?? [];
    const names = members.map(propertyName);
    const cls = this.client.classFor(def, names);
    const attrs = new Map(cls ? this.client.attributes(cls).map((a) => [a.baseName, a]) : []);
    const props: Record<string, Schema> = {};
    const required: string[] = [];
    const meta = FIELD_PATCH_METADATA[def] ?? {};
    for (const m of members) {
      const name = propertyName(m);
      if (!m.type) throw new Error(`${def}.${name}: no type`);
      let prop: Schema;
      if ((name === "apiVersion" || name === "kind") && ts.isLiteralTypeNode(m.type)) {
        // kubernetes-models narrows TypeMeta to literals; upstream: optional strings
        prop = { type: "string" };
        const doc = cls ? this.client.propertyDoc(cls, name) : undefined;
        if (doc) prop.description = doc;
      } else {
        prop = this.convert(m.type, attrs.get(name), `${def}.${name}`);
        const doc = jsDocText(m);
        if (doc) prop.description = doc;
        if (!m.questionToken) required.push(name);
      }
      addPatchMeta(prop, meta[name]);
      props[name] = prop;
    }
    for (const field of Object.keys(meta)) {
      if (!(field in props)) throw new Error(`patch metadata for unknown field ${def}.${field}`);
    }
    out.type = "object";
    if (members.length > 0) out.properties = props;
    if (required.length > 0) out.required = required.sort();
    if (ATOMIC_STRUCTS.includes(def)) out["x-kubernetes-map-type"] = "atomic";
    return out;
  }

  private convert(node: ts.TypeNode, attr: Attr | undefined, where: string): Schema {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return leafFormat("string", attr, this.missingFormats, where);
      case ts.SyntaxKind.NumberKeyword:
        return leafFormat("number", attr, this.missingFormats, where);
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
    }
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) {
      return { type: "string", enum: [node.literal.text] };
    }
    if (ts.isUnionTypeNode(node)) {
      const values = node.types.map((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined));
      if (values.some((v) => v === undefined)) throw new Error(`${where}: unsupported union ${node.getText()}`);
      return { type: "string", enum: values };
    }
    if (ts.isArrayTypeNode(node)) return { type: "array", items: this.convert(node.elementType, attr, where) };
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const arg = node.typeArguments?.[0];
      if (name === "Array" && arg) return { type: "array", items: this.convert(arg, attr, where) };
      const def = this.models.defOfAlias(name);
      if (def) {
        this.require(def);
        return { $ref: def };
      }
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (index) return { type: "object", additionalProperties: this.convert(index.type, attr, where) };
      if (node.members.length === 0) return { type: "object" };
      const embedded = this.embeddedKind(node, attr);
      if (embedded) {
        this.require(embedded);
        return { $ref: embedded };
      }
    }
    throw new Error(`${where}: unsupported type ${node.getText()}`);
  }

  /**
   * kubernetes-models inlines a kind embedded in another type (StatefulSetSpec's
   * volumeClaimTemplates: PersistentVolumeClaim) as an object literal; upstream refers to the
   * kind's definition. The kind's name comes from client-node's type (V1PersistentVolumeClaim),
   * its package from the literal's `spec` reference; the match is checked field by field.
   */
  private embeddedKind(node: ts.TypeLiteralNode, attr: Attr | undefined): string | undefined {
    const kind = /(?:^|<)(?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?([A-Z]\w*)>?$/.exec(attr?.type ?? "")?.[1];
    const spec = node.members.filter(ts.isPropertySignature).find((m) => propertyName(m) === "spec");
    if (!kind || !spec?.type || !ts.isTypeReferenceNode(spec.type) || !ts.isIdentifier(spec.type.typeName)) return undefined;
    const specDef = this.models.defOfAlias(spec.type.typeName.text);
    if (!specDef) return undefined;
    const def = `${specDef.slice(0, specDef.lastIndexOf("."))}.${kind}`;
    const decl = this.models.get(def);
    const want = node.members.filter(ts.isPropertySignature).map(propertyName).sort().join();
    return decl?.members?.map(propertyName).sort().join() === want ? def : undefined;
  }
}

function addPatchMeta(prop: Schema, m: FieldPatchMeta | undefined): void {
  if (!m) return;
  if (m.lk) prop["x-kubernetes-list-map-keys"] = m.lk;
  if (m.lt) prop["x-kubernetes-list-type"] = m.lt;
  if (m.mt) prop["x-kubernetes-map-type"] = m.mt;
  if (m.pk) prop["x-kubernetes-patch-merge-key"] = m.pk;
  if (m.ps) prop["x-kubernetes-patch-strategy"] = m.ps;
}

export async function buildGenerated(): Promise<GeneratedFile> {
  const models = new ModelIndex();
  const client = new ClientNodeIndex();
  await client.load();
  const b = new Builder(models, client);
  const kinds: GeneratedFile["kinds"] = [];
  const gvks = new Map<string, { group: string; kind: string; version: string }[]>();
  const groupVersions = new Set<string>();
  const addKind = (group: string, version: string, kind: string) => {
    const def = definitionName(group, version, kind);
    if (gvks.has(def)) return;
    kinds.push({ group, version, kind, definition: def });
    gvks.set(def, [{ group, kind, version }]);
    b.require(def);
  };
  // the kinds the API server serves: each resource, its list, and the kinds its schema-bearing subresources speak
  for (const r of defaultResources()) {
    groupVersions.add(`${r.group}/${r.version}`);
    addKind(r.group, r.version, r.kind);
    if (r.verbs.includes("list")) addKind(r.group, r.version, `${r.kind}List`);
    for (const s of r.subresources ?? []) {
      if (SCHEMA_SUBRESOURCES.has(s.name)) addKind(s.responseKind.group, s.responseKind.version, s.responseKind.kind);
    }
  }
  for (const kind of META_KINDS) {
    const def = META_PREFIX + kind;
    b.require(def);
    const list = [...groupVersions].sort().map((gv) => {
      const [group = "", version = ""] = gv.split("/");
      return { group, kind, version };
    });
    gvks.set(def, kind === "Status" ? [{ group: "", kind, version: "v1" }] : list);
  }
  b.require(`${META_PREFIX}Patch`); // the body schema of PATCH operations
  b.run();
  if (b.missingFormats.length > 0) {
    throw new Error(`no client-node format for numeric fields: ${b.missingFormats.join(", ")}`);
  }
  for (const [def, list] of gvks) {
    const d = b.definitions[def];
    if (d) d["x-kubernetes-group-version-kind"] = list;
  }
  for (const [def, fields] of Object.entries(FIELD_PATCH_METADATA)) {
    if (!b.definitions[def]) throw new Error(`patch metadata for unreachable definition ${def} (${Object.keys(fields)})`);
  }
  return {
    generatedFrom: {
      "kubernetes-models": packageVersion("kubernetes-models"),
      "@kubernetes-models/apimachinery": packageVersion("@kubernetes-models/apimachinery"),
      "@kubernetes/client-node": packageVersion("@kubernetes/client-node"),
    },
    kinds,
    definitions: b.definitions,
  };
}

/** JSON with object keys sorted (arrays keep their order), no whitespace. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

export async function generateDefinitionsJson(): Promise<string> {
  return stableStringify(await buildGenerated()) + "\n";
}
