/**
 * What the API server knows about each resource: naming and discovery data, storage layout,
 * the upstream "strategy" (defaulting, preparing, validating) and the server-side printer.
 * One `ResourceDefinition` per group/version/resource; the API server is generic over them.
 *
 * Guarantees asked of every definition:
 * - hooks never read the store directly; they get what they need through `RegistryContext`;
 * - `defaults`, `prepareFor*` mutate the object given (a private copy) and nothing else;
 * - `validate*` return every problem found (never throw) with upstream's field paths and details;
 * - `printer.cells` returns exactly `printer.columns.length` cells, as upstream's printers.go.
 */
import type { KubeObject } from "../api/types";
import type { FieldError } from "../api/field-errors";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface TableColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string;
  description: string;
  priority: number;
}

export type TableCell = string | number | boolean | null;

export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** one row's cells; `now` is the cluster clock in ms (for AGE and durations) */
  cells(obj: KubeObject, now: number): TableCell[];
}

export interface SubresourceDefinition {
  /** "status", "scale", "binding", "eviction", "log", "exec", "attach", "portforward", "proxy", "ephemeralcontainers", "resize" */
  name: string;
  /** the kind served/accepted (Scale is autoscaling/v1, Binding core/v1, Eviction policy/v1) */
  responseKind: { group: string; version: string; kind: string };
  verbs: Verb[];
}

/** Read access the hooks get to the rest of the cluster (e.g. to allocate a ClusterIP). */
export interface RegistryContext {
  /** cluster-clock milliseconds */
  now(): number;
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
}

export interface ResourceDefinition {
  group: string;
  version: string;
  /** plural, lower case: "deployments" */
  resource: string;
  singular: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: Verb[];
  subresources?: SubresourceDefinition[];
  /** key segment under /registry, as upstream: "pods", "deployments", "services/specs", "minions" */
  storageResource: string;
  /**
   * true when the resource has a status subresource: writes to the main resource keep the stored
   * status, writes to /status keep everything but status, and metadata.generation increments on
   * any change outside metadata and status.
   */
  statusSubresource: boolean;
  /** SetDefaults_* (runs on create and on every update, before prepare and validation) */
  defaults?(obj: KubeObject): void;
  /** PrepareForCreate: clear status, allocate fields (e.g. ClusterIP) */
  prepareForCreate?(obj: KubeObject, ctx: RegistryContext): void;
  /** PrepareForUpdate: carry over fields the client may not change */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): void;
  validateCreate?(obj: KubeObject, ctx: RegistryContext): FieldError[];
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: RegistryContext): FieldError[];
  printer: TablePrinter;
  /** field selectors beyond metadata.name and metadata.namespace, e.g. pods' spec.nodeName, status.phase */
  fieldSelectors?: Record<string, (obj: KubeObject) => string | undefined>;
  /** for the scale subresource: where replicas and the selector live */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}
