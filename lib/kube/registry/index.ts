/**
 * Every resource the embedded API server serves. Core/v1 definitions live in `./core`,
 * those of named groups in `./groups`; this index only joins and indexes them.
 */
import type { ResourceDefinition } from "./types";
import { coreResources } from "./core";
import { groupResources } from "./groups";

export type * from "./types";

export const resources: readonly ResourceDefinition[] = [...coreResources, ...groupResources];

const byGroupResource = new Map(resources.map((r) => [`${r.group}/${r.resource}`, r]));

/** the definition of `resource` in `group` ("" for core), if served */
export function getResource(group: string, resource: string): ResourceDefinition | undefined {
  return byGroupResource.get(`${group}/${resource}`);
}

/** the definition serving a kind, e.g. ("apps","Deployment") */
export function getResourceForKind(group: string, kind: string): ResourceDefinition | undefined {
  return resources.find((r) => r.group === group && r.kind === kind);
}
