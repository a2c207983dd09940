/**
 * core/v1 resources served by the embedded API server, with upstream's discovery data
 * (`kubectl api-resources` of a 1.33 cluster), strategies and server-side printers.
 */
import type { ResourceDefinition } from "../types";
import { bindings } from "./bindings";
import { configmaps } from "./configmaps";
import { endpoints } from "./endpoints";
import { events } from "./events";
import { namespaces } from "./namespaces";
import { nodes } from "./nodes";
import { pods } from "./pods";
import { podtemplates, replicationcontrollers } from "./podtemplates";
import { limitranges, resourcequotas } from "./quotas";
import { secrets } from "./secrets";
import { serviceaccounts } from "./serviceaccounts";
import { services } from "./services";
import { persistentvolumeclaims, persistentvolumes } from "./volumes";

/** core/v1 resources (owned by the core-resources work) */
export const coreResources: ResourceDefinition[] = [
  bindings,
  configmaps,
  endpoints,
  events,
  limitranges,
  namespaces,
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  podtemplates,
  replicationcontrollers,
  resourcequotas,
  secrets,
  serviceaccounts,
  services,
];

export { bindings, configmaps, endpoints, events, limitranges, namespaces, nodes, persistentvolumeclaims, persistentvolumes, pods, podtemplates, replicationcontrollers, resourcequotas, secrets, serviceaccounts, services };
export { podPrinter, printPodCells } from "./pod-printer";
export { podQOSClass, POD_UPDATE_FORBIDDEN } from "./pod-strategy";
export { SERVICE_CIDR, NODE_PORT_MIN, NODE_PORT_MAX, allocateClusterIP, allocateNodePort, inServiceRange } from "./service-alloc";
export { formatEndpoints } from "./endpoints";
export { NAMESPACE_NAME_LABEL } from "./namespaces";
export { nodeRoles } from "./nodes";
