/**
 * A navigable view of the upstream Kubernetes OpenAPI schemas, shared by strict field
 * validation, strategic merge patch, server-side apply and `kubectl explain`.
 *
 * Guarantees: nodes are immutable and shared (never modify one); `$ref`s are resolved, so a
 * caller only ever walks `properties`, `items` and `additionalProperties`; a schema for every
 * built-in kind the API server serves is available through `SchemaSource.forKind`.
 */
export interface SchemaNode {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  /** the definition name upstream gives this schema, e.g. "io.k8s.api.core.v1.Container" */
  definition?: string;
  description?: string;
  format?: string;
  properties?: Readonly<Record<string, SchemaNode>>;
  required?: readonly string[];
  /** maps (e.g. labels): the schema of each value; `true` means anything */
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  /** x-kubernetes-int-or-string */
  intOrString?: boolean;
  /** x-kubernetes-preserve-unknown-fields (e.g. RawExtension, JSON) */
  preserveUnknownFields?: boolean;
  /** x-kubernetes-patch-strategy: "merge" | "replace" | "retainKeys" | "merge,retainKeys" */
  patchStrategy?: string;
  /** x-kubernetes-patch-merge-key */
  patchMergeKey?: string;
  /** x-kubernetes-list-type */
  listType?: "atomic" | "set" | "map";
  /** x-kubernetes-list-map-keys */
  listMapKeys?: readonly string[];
  /** x-kubernetes-map-type */
  mapType?: "atomic" | "granular";
  enum?: readonly unknown[];
}

export interface SchemaSource {
  /** the schema of a top-level kind, e.g. {group:"apps",version:"v1",kind:"Deployment"} */
  forKind(gvk: { group: string; version: string; kind: string }): SchemaNode | undefined;
}
