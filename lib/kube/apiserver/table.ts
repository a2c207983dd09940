/**
 * Server-side printing (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): rows from the
 * registry's printer, each embedding the object as `includeObject` asks (PartialObjectMetadata by
 * default, the full object, or nothing), and PartialObjectMetadata(List) responses.
 */
import { errors } from "../api/errors";
import type { KubeObject } from "../api/types";
import type { ResourceDefinition } from "../registry/types";
import type { ResponseShape } from "./negotiation";

export type IncludeObject = "Object" | "Metadata" | "None";

export function parseIncludeObject(v: string | null): IncludeObject {
  if (!v || v === "Metadata") return "Metadata";
  if (v === "Object" || v === "None") return v;
  throw errors.badRequest(`includeObject: Unsupported value: "${v}": supported values: "Metadata", "None", "Object"`);
}

export function partialObjectMetadata(obj: KubeObject, metaVersion: string) {
  return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${metaVersion}`, metadata: obj.metadata };
}

function rowObject(obj: KubeObject, include: IncludeObject, metaVersion: string): unknown {
  if (include === "None") return null;
  if (include === "Object") return obj;
  return partialObjectMetadata(obj, metaVersion);
}

export interface TableOptions {
  include: IncludeObject;
  metaVersion: string;
  /** omit columnDefinitions (watch events after the first) */
  noHeaders?: boolean;
  now: number;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export function toTable(def: ResourceDefinition, objs: readonly KubeObject[], opts: TableOptions) {
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${opts.metaVersion}`,
    metadata: opts.listMeta ?? {},
    columnDefinitions: opts.noHeaders ? null : def.printer.columns,
    rows: objs.map((o) => ({ cells: def.printer.cells(o, opts.now), object: rowObject(o, opts.include, opts.metaVersion) })),
  };
}

/** Shapes a single object per the Accept header. */
export function shapeObject(def: ResourceDefinition, obj: KubeObject, shape: ResponseShape, include: IncludeObject, now: number): unknown {
  switch (shape.as) {
    case "Table":
      return toTable(def, [obj], { include, metaVersion: shape.metaVersion, now, listMeta: { resourceVersion: obj.metadata.resourceVersion } });
    case "PartialObjectMetadata":
      return partialObjectMetadata(obj, shape.metaVersion);
    case "PartialObjectMetadataList":
      throw errors.notAcceptable(["application/json", "application/json;as=Table;v=v1;g=meta.k8s.io"]);
    default:
      return obj;
  }
}

/** Shapes a list per the Accept header; plain lists drop items' kind/apiVersion as upstream's typed lists do. */
export function shapeList(
  def: ResourceDefinition,
  items: readonly KubeObject[],
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  shape: ResponseShape,
  include: IncludeObject,
  now: number,
): unknown {
  switch (shape.as) {
    case "Table":
      return toTable(def, items, { include, metaVersion: shape.metaVersion, now, listMeta });
    case "PartialObjectMetadataList":
    case "PartialObjectMetadata":
      return {
        kind: "PartialObjectMetadataList",
        apiVersion: `meta.k8s.io/${shape.metaVersion}`,
        metadata: listMeta,
        items: items.map((o) => partialObjectMetadata(o, shape.metaVersion)),
      };
    default:
      return {
        kind: def.listKind,
        apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
        metadata: listMeta,
        items: items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
      };
  }
}
