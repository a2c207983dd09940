import type { ResourceDefinition } from "../types";

/** resources of named API groups (apps, batch, ...) */
export const groupResources: ResourceDefinition[] = [];
