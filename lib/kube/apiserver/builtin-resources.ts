/**
 * Resources the API server itself serves without storage (reviews) or as a legacy alias
 * (core `bindings`). They join the registry's definitions for routing and discovery, unless
 * the registry already defines them.
 */
import { getResource, resources } from "../registry";
import type { ResourceDefinition, TablePrinter } from "../registry/types";

const namePrinter: TablePrinter = {
  columns: [{ name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 }],
  cells: (o) => [o.metadata.name ?? ""],
};

function virtual(group: string, resource: string, kind: string, namespaced: boolean): ResourceDefinition {
  return {
    group,
    version: "v1",
    resource,
    singular: kind.toLowerCase(),
    kind,
    listKind: `${kind}List`,
    namespaced,
    verbs: ["create"],
    storageResource: resource,
    statusSubresource: false,
    printer: namePrinter,
  };
}

const VIRTUAL: ResourceDefinition[] = [
  virtual("", "bindings", "Binding", true),
  virtual("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false),
  virtual("authentication.k8s.io", "tokenreviews", "TokenReview", false),
  virtual("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", true),
  virtual("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
  virtual("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
  virtual("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false),
];

/** true for resources answered by the server itself rather than stored */
export function isVirtual(def: ResourceDefinition): boolean {
  return def.group === "authentication.k8s.io" || def.group === "authorization.k8s.io" || (def.group === "" && def.resource === "bindings");
}

let all: readonly ResourceDefinition[] | undefined;

/** every served resource: the registry's plus the virtual ones it lacks (computed once per process) */
export function servedResources(): readonly ResourceDefinition[] {
  all ??= [...resources, ...VIRTUAL.filter((v) => !getResource(v.group, v.resource))];
  return all;
}

let byGVR: Map<string, ResourceDefinition> | undefined;
let byGK: Map<string, ResourceDefinition> | undefined;

/** the definition for group/version/resource, if served */
export function lookup(group: string, version: string, resource: string): ResourceDefinition | undefined {
  byGVR ??= new Map(servedResources().map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
  return byGVR.get(`${group}/${version}/${resource}`);
}

/** the preferred definition for a group and resource (any version) */
export function lookupResource(group: string, resource: string): ResourceDefinition | undefined {
  return getResource(group, resource) ?? servedResources().find((r) => r.group === group && r.resource === resource);
}

export function lookupKind(group: string, kind: string): ResourceDefinition | undefined {
  byGK ??= new Map(servedResources().map((r) => [`${r.group}/${r.kind}`, r]));
  return byGK.get(`${group}/${kind}`);
}
