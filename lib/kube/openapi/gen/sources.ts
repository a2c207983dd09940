/**
 * Readers for the two maintained sources the OpenAPI definitions are derived from (build time
 * only; never imported at run time):
 *
 * - `kubernetes-models` + `@kubernetes-models/apimachinery`: one `.d.ts` per upstream definition,
 *   generated from the upstream OpenAPI — definition names, field structure, `$ref`s, required
 *   fields (`?`), enums (string-literal unions) and every description (JSDoc).
 * - `@kubernetes/client-node`: `attributeTypeMap` carries the OpenAPI `format` of each field
 *   (int32 / int64 / double / byte), which kubernetes-models drops, and its `.d.ts` keeps the
 *   descriptions of `apiVersion`/`kind`, which kubernetes-models turns into literal types.
 */
import ts from "typescript";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const NODE_MODULES = fileURLToPath(new URL("../../../../node_modules/", import.meta.url));
const KM_ROOT = join(NODE_MODULES, "kubernetes-models");
const AM_ROOT = join(NODE_MODULES, "@kubernetes-models", "apimachinery");
const CN_MODELS = join(NODE_MODULES, "@kubernetes", "client-node", "dist", "gen", "models");

export function packageVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(NODE_MODULES, name, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** A parsed kubernetes-models declaration: an interface (object) or a type alias (scalar). */
export interface ModelDecl {
  def: string;
  description?: string;
  /** interface members; undefined for a type alias */
  members?: ts.PropertySignature[];
  alias?: ts.TypeNode;
}

interface AliasEntry {
  file: string;
  local: string;
  def: string;
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "_schemas" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") out.push(p);
  }
}

function defFromPath(root: "km" | "am", rel: string): string {
  const parts = rel.replace(/\.d\.ts$/, "").split(sep);
  if (root === "am") return `io.k8s.apimachinery.pkg.${parts.join(".")}`;
  if (parts.length === 2) return `io.k8s.api.core.${parts.join(".")}`;
  const [group = "", ...rest] = parts;
  return `io.k8s.api.${group.split(".")[0]}.${rest.join(".")}`;
}

/** "io.k8s.api.apps.v1.Deployment" -> "IIoK8sApiAppsV1Deployment" (kubernetes-models' alias) */
function aliasOf(def: string): string {
  return (
    "I" +
    def
      .split(".")
      .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
      .join("")
  );
}

export class ModelIndex {
  /** alias identifier (IIoK8s...) -> declaration location */
  private readonly byAlias = new Map<string, AliasEntry>();
  private readonly byDef = new Map<string, AliasEntry>();
  private readonly parsed = new Map<string, ModelDecl>();

  constructor() {
    for (const [root, dir] of [
      ["km", KM_ROOT],
      ["am", AM_ROOT],
    ] as const) {
      const files: string[] = [];
      walk(dir, files);
      for (const file of files) {
        const text = readFileSync(file, "utf8");
        const m = /export type \{ (\w+) as (IIoK8s\w+)/.exec(text);
        if (!m?.[1] || !m[2]) continue;
        const def = defFromPath(root, relative(dir, file));
        if (aliasOf(def) !== m[2]) continue; // e.g. apiextensions / kube-aggregator: not needed here
        const entry = { file, local: m[1], def };
        this.byAlias.set(m[2], entry);
        this.byDef.set(def, entry);
      }
    }
  }

  defOfAlias(alias: string): string | undefined {
    return this.byAlias.get(alias)?.def;
  }

  get(def: string): ModelDecl | undefined {
    const cached = this.parsed.get(def);
    if (cached) return cached;
    const entry = this.byDef.get(def);
    if (!entry) return undefined;
    const sf = ts.createSourceFile(entry.file, readFileSync(entry.file, "utf8"), ts.ScriptTarget.Latest, true);
    let decl: ModelDecl | undefined;
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) && st.name.text === entry.local) {
        decl = { def, description: jsDocText(st), members: st.members.filter(ts.isPropertySignature) };
      } else if (ts.isTypeAliasDeclaration(st) && st.name.text === entry.local) {
        decl = { def, description: jsDocText(st), alias: st.type };
      }
    }
    if (!decl) throw new Error(`no declaration ${entry.local} in ${entry.file}`);
    this.parsed.set(def, decl);
    return decl;
  }
}

export function jsDocText(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  // kubernetes-models escapes "*" and "/" so that "*/" cannot end the comment early
  return text ? text.replace(/\\([*/])/g, "$1") : undefined;
}

export function propertyName(m: ts.PropertySignature): string {
  const n = m.name;
  if (ts.isStringLiteral(n) || ts.isIdentifier(n)) return n.text;
  throw new Error(`unexpected property name ${n.getText()}`);
}

interface ClientNodeAttr {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

/** client-node: model class -> attributes, and class -> apiVersion/kind descriptions */
export class ClientNodeIndex {
  private models: Record<string, { attributeTypeMap?: ClientNodeAttr[] }> = {};

  async load(): Promise<void> {
    this.models = (await import(join(CN_MODELS, "all.js"))) as typeof this.models;
  }

  /**
   * The client-node class for an upstream definition, verified by comparing field names.
   * client-node names `io.k8s.api.apps.v1.DeploymentSpec` `V1DeploymentSpec`, prefixing the
   * group (`CoreV1EndpointPort`, `DiscoveryV1EndpointPort`) where two groups share a name.
   */
  classFor(def: string, fields: readonly string[]): string | undefined {
    const parts = def.split(".");
    const kind = parts[parts.length - 1] ?? "";
    const version = parts[parts.length - 2] ?? "";
    const group = def.startsWith("io.k8s.api.") ? (parts[3] ?? "") : "";
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    const candidates = [`${cap(version)}${kind}`, `${cap(group)}${cap(version)}${kind}`];
    // kubernetes-models may be a minor version ahead: accept a class holding most fields
    let best: { cls: string; score: number } | undefined;
    for (const c of candidates) {
      const attrs = this.models[c]?.attributeTypeMap;
      if (!attrs) continue;
      const names = new Set(attrs.map((a) => a.baseName));
      const score = fields.filter((f) => names.has(f)).length;
      if (score * 2 >= fields.length && (!best || score > best.score)) best = { cls: c, score };
    }
    return best?.cls;
  }

  attributes(cls: string): ClientNodeAttr[] {
    return this.models[cls]?.attributeTypeMap ?? [];
  }

  /** JSDoc of one property of a client-node model class (from its .d.ts) */
  propertyDoc(cls: string, field: string): string | undefined {
    const file = join(CN_MODELS, `${cls}.d.ts`);
    if (!existsSync(file)) return undefined;
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const st of sf.statements) {
      if (!ts.isClassDeclaration(st)) continue;
      for (const m of st.members) {
        if (!ts.isPropertyDeclaration(m)) continue;
        const n = m.name;
        const name = ts.isStringLiteral(n) || ts.isIdentifier(n) ? n.text : "";
        if (name === field) return jsDocText(m)?.replace(/\\"/g, '"');
      }
    }
    return undefined;
  }
}
