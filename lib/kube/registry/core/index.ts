import type { ResourceDefinition } from "../types";

/** core/v1 resources (owned by the core-resources work) */
export const coreResources: ResourceDefinition[] = [];
