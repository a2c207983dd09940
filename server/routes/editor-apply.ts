/**
 * `kubectl apply -f <file>` for the editor, through a sandbox's in-process KubeClient: the
 * client-side apply kubectl does by default (k8s.io/kubectl/pkg/cmd/apply):
 *
 * - GET the object; NotFound → create it with the last-applied-configuration annotation and
 *   field manager "kubectl-client-side-apply" → `<kind>.<group>/<name> created`;
 * - found → a three-way strategic merge patch from the last-applied configuration (original),
 *   the document plus its new annotation (modified) and the live object (current); an empty
 *   patch is not sent → `unchanged`; otherwise it is sent → `configured`.
 *
 * Unknown fields are rejected as the API server does for kubectl's `fieldValidation=Strict`.
 * Every error names the line of the document (or of the offending field) it refers to.
 */
import { isStatusError, type StatusError } from "../../lib/kube/api/errors";
import type { KubeObject } from "../../lib/kube/api/types";
import type { KubeClient, ResourceRef } from "../../lib/kube/client/types";
import {
  defaultResources,
  findUnknownFields,
  schemaSource,
  strictDecodingMessage,
  type ResourceInfo,
  type SchemaNode,
} from "../../lib/kube/openapi";
import { parseManifests, type ParsedDocument, type Position } from "./editor-yaml";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
export const APPLY_FIELD_MANAGER = "kubectl-client-side-apply";

export interface ApplyItem {
  ok: boolean;
  /** what kubectl prints for this document: `deployment.apps/web created` or the error */
  text: string;
  outcome?: "created" | "configured" | "unchanged";
  /** the line the result or error refers to */
  line: number;
  column: number;
  /** the field the error is about, when the server named one */
  field?: string;
}

export interface ApplyResult {
  ok: boolean;
  items: ApplyItem[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Applies every document of `yaml` in order, as `kubectl apply -f <filename>` does. */
export async function applyManifests(client: KubeClient, yaml: string, filename: string): Promise<ApplyResult> {
  const parsed = parseManifests(yaml);
  if (!parsed.ok) {
    const p = parsed.position;
    return {
      ok: false,
      items: [
        {
          ok: false,
          line: p.line,
          column: p.column,
          text: `error: error parsing ${filename}: error converting YAML to JSON: yaml: line ${p.line}: ${parsed.message}`,
        },
      ],
    };
  }
  const items: ApplyItem[] = [];
  for (const doc of parsed.documents) items.push(await applyDocument(client, doc, filename));
  return { ok: items.every((i) => i.ok), items };
}

function fail(doc: ParsedDocument, text: string, field?: string, at?: Position): ApplyItem {
  const p = at ?? (field ? doc.positionOf(field) : doc.start);
  return { ok: false, text, line: p.line, column: p.column, ...(field ? { field } : {}) };
}

/** kubectl's `Error from server (Reason): ...` line and the field to point at */
function serverError(doc: ParsedDocument, e: unknown, what: string): ApplyItem {
  if (!isStatusError(e)) throw e;
  const status = (e as StatusError).status;
  const head = status.reason ? `Error from server (${status.reason})` : "Error from server";
  const field = status.details?.causes?.find((c) => c.field)?.field;
  return fail(doc, `${head}: ${what}: ${status.message ?? ""}`, field);
}

function findResource(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return defaultResources().find((r) => r.group === group && r.version === version && r.kind === kind && !r.resource.includes("/"));
}

async function applyDocument(client: KubeClient, doc: ParsedDocument, filename: string): Promise<ApplyItem> {
  const obj = doc.value;
  if (!isObj(obj)) {
    return fail(
      doc,
      `error: unable to decode "${filename}": json: cannot unmarshal ${Array.isArray(obj) ? "array" : typeof obj} into Go value of type map[string]interface {}`,
    );
  }
  const kind = typeof obj.kind === "string" ? obj.kind : "";
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
  if (!kind) return fail(doc, `error: unable to decode "${filename}": Object 'Kind' is missing in '${JSON.stringify(obj)}'`);
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "";
  const def = findResource(apiVersion, kind);
  if (!def) {
    const ns = typeof meta.namespace === "string" ? meta.namespace : "";
    return fail(
      doc,
      `error: resource mapping not found for name: "${name}" namespace: "${ns}" from "${filename}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
      "kind",
    );
  }
  const namespace = def.namespaced ? (typeof meta.namespace === "string" && meta.namespace ? meta.namespace : "default") : undefined;
  const gv = def.group ? `${def.group}/${def.version}` : def.version;
  if (!name) {
    return fail(
      doc,
      `error: error when retrieving current configuration of:\nResource: "${gv}, Resource=${def.resource}", GroupVersionKind: "${gv}, Kind=${kind}"\nName: "", Namespace: "${namespace ?? ""}"\nfrom server for: "${filename}": resource name may not be empty`,
      "metadata",
    );
  }
  const ref: ResourceRef = { group: def.group, version: def.version, resource: def.resource };
  const printed = `${kind.toLowerCase()}${def.group ? `.${def.group}` : ""}/${name}`;
  const schema = schemaSource.forKind({ group: def.group, version: def.version, kind });

  let current: KubeObject | undefined;
  try {
    current = await client.get(ref, namespace, name);
  } catch (e) {
    if (!isStatusError(e) || e.code !== 404) {
      return serverError(
        doc,
        e,
        `error when retrieving current configuration of:\nResource: "${gv}, Resource=${def.resource}", GroupVersionKind: "${gv}, Kind=${kind}"\nName: "${name}", Namespace: "${namespace ?? ""}"\nfrom server for: "${filename}"`,
      );
    }
  }

  const unknown = findUnknownFields({ group: def.group, version: def.version, kind }, obj);
  if (unknown.length > 0) {
    // create.go runs decode errors through transformDecodeError; patch.go returns them as they are
    const message = current
      ? strictDecodingMessage(unknown)
      : `${kind} in version "${def.version}" cannot be handled as a ${kind}: ${strictDecodingMessage(unknown)}`;
    return fail(
      doc,
      `Error from server (BadRequest): error when ${current ? "patching" : "creating"} "${filename}": ${message}`,
      unknown[0],
    );
  }

  // kubectl's resource builder sets the namespace it resolved on the object before anything else
  const target = namespace !== undefined ? { ...obj, metadata: { ...meta, namespace } } : obj;
  const modified = withLastApplied(target);
  const at = doc.start;
  if (!current) {
    try {
      await client.create(ref, namespace, modified as KubeObject, { fieldManager: APPLY_FIELD_MANAGER });
    } catch (e) {
      return serverError(doc, e, `error when creating "${filename}"`);
    }
    return { ok: true, outcome: "created", text: `${printed} created`, line: at.line, column: at.column };
  }
  const original = lastApplied(current);
  const deletions = original ? deletionsPatch(original, modified, schema) : {};
  if (isEmpty(deletions) && isSubset(modified, current, schema)) {
    return { ok: true, outcome: "unchanged", text: `${printed} unchanged`, line: at.line, column: at.column };
  }
  try {
    await client.patch(ref, namespace, name, "strategic", mergeInto(structuredClone(modified), deletions, schema), {
      fieldManager: APPLY_FIELD_MANAGER,
    });
  } catch (e) {
    return serverError(doc, e, `error when patching "${filename}"`);
  }
  return { ok: true, outcome: "configured", text: `${printed} configured`, line: at.line, column: at.column };
}

/** a JSON string as Go's encoding/json writes it (HTML-safe: <, >, & and U+2028/2029 escaped) */
function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Go's json.Marshal of an unstructured map: keys sorted, no spaces, HTML-safe strings. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(",")}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${goString(k)}:${sortedJson(v[k])}`)
      .join(",")}}`;
  }
  if (typeof v === "string") return goString(v);
  return JSON.stringify(v) ?? "null";
}

/** util.GetModifiedConfiguration: the object with the annotation set to its own JSON (minus the annotation). */
function withLastApplied(obj: Obj): Obj {
  const copy = structuredClone(obj);
  const meta = isObj(copy.metadata) ? copy.metadata : (copy.metadata = {});
  // kubectl serializes with an annotations map even when the object had none ("annotations":{})
  const annotations = isObj(meta.annotations) ? meta.annotations : {};
  delete annotations[LAST_APPLIED];
  meta.annotations = annotations;
  const text = `${sortedJson(copy)}\n`;
  meta.annotations = { ...annotations, [LAST_APPLIED]: text };
  return copy;
}

function lastApplied(current: KubeObject): Obj | undefined {
  const text = current.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function child(node: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.properties) return node.properties[key];
  return typeof node.additionalProperties === "object" ? node.additionalProperties : undefined;
}

function mergeKeyOf(node: SchemaNode | undefined): string | undefined {
  return node?.patchStrategy?.split(",").includes("merge") ? node.patchMergeKey : undefined;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return sortedJson(a) === sortedJson(b);
}

/** true when applying `modified` over `current` changes nothing (kubectl's diff ignoring deletions is empty) */
function isSubset(modified: unknown, current: unknown, schema: SchemaNode | undefined): boolean {
  if (isObj(modified)) {
    if (!isObj(current)) return false;
    return Object.keys(modified).every((k) => isSubset(modified[k], current[k], child(schema, k)));
  }
  if (Array.isArray(modified)) {
    if (!Array.isArray(current)) return false;
    const key = mergeKeyOf(schema);
    const isMergeList = !!schema?.patchStrategy?.split(",").includes("merge");
    if (key) {
      return modified.every((m) => {
        if (!isObj(m)) return false;
        const c = current.find((x) => isObj(x) && jsonEqual(x[key], m[key]));
        return c !== undefined && isSubset(m, c, schema?.items);
      });
    }
    if (isMergeList) return modified.every((m) => current.some((c) => jsonEqual(c, m)));
    return jsonEqual(modified, current);
  }
  return jsonEqual(modified, current);
}

/** The deletions of the three-way patch: what `original` had and `modified` no longer has. */
function deletionsPatch(original: Obj, modified: Obj, schema: SchemaNode | undefined): Obj {
  const out: Obj = {};
  for (const k of Object.keys(original)) {
    const o = original[k];
    const m = modified[k];
    const s = child(schema, k);
    if (m === undefined) {
      out[k] = null;
    } else if (isObj(o) && isObj(m)) {
      const d = deletionsPatch(o, m, s);
      if (!isEmpty(d)) out[k] = d;
    } else if (Array.isArray(o) && Array.isArray(m)) {
      const key = mergeKeyOf(s);
      if (!key) continue;
      const dels: unknown[] = [];
      for (const item of o) {
        if (!isObj(item)) continue;
        const match = m.find((x) => isObj(x) && jsonEqual(x[key], item[key]));
        if (!match) dels.push({ [key]: item[key], $patch: "delete" });
        else if (isObj(match)) {
          const d = deletionsPatch(item, match, s?.items);
          if (!isEmpty(d)) dels.push({ ...d, [key]: item[key] });
        }
      }
      if (dels.length) out[k] = dels;
    }
  }
  return out;
}

function isEmpty(o: Obj): boolean {
  return Object.keys(o).length === 0;
}

/** adds the deletions to the patch: nulls and `$patch: delete` items; nested deletions go into the kept item with the same merge key */
function mergeInto(patch: Obj, deletions: Obj, schema: SchemaNode | undefined): Obj {
  for (const [k, d] of Object.entries(deletions)) {
    const p = patch[k];
    const s = child(schema, k);
    if (d === null) patch[k] = null;
    else if (isObj(d) && isObj(p)) mergeInto(p, d, s);
    else if (Array.isArray(d) && Array.isArray(p)) {
      const key = mergeKeyOf(s);
      if (!key) continue;
      for (const del of d as Obj[]) {
        if (del.$patch === "delete") {
          p.push(del);
          continue;
        }
        const target = p.find((it) => isObj(it) && jsonEqual(it[key], del[key]));
        if (isObj(target)) mergeInto(target, del, s?.items);
      }
    }
  }
  return patch;
}
