/**
 * The upstream Kubernetes OpenAPI schemas of the kinds we serve, derived at build time from
 * `kubernetes-models` and `@kubernetes/client-node` (see ./gen and scripts/gen-openapi.ts).
 *
 * Everything is loaded lazily, once per process, and shared by all clusters.
 */
export type { SchemaNode, SchemaSource } from "./types";
export { schemaSource, schemaForDefinition, definitionForKind } from "./load";
export { findUnknownFields, strictDecodingMessage } from "./strict";
export { dropEmptyOptional } from "./omitempty";
export { openapiV3Root, openapiV3Document, openapiV3Entry, type V3Document } from "./v3";
export { openapiV2, OPENAPI_V2_CONTENT_TYPE } from "./v2";
export { defaultResources, groupVersionPath, SCHEMA_SUBRESOURCES, type ResourceInfo } from "./resources";
