/**
 * The in-tree plugin registry (plugins/registry.go): name -> factory, and the default
 * profile in upstream's order with upstream's score weights (apis/config/v1/default_plugins.go).
 * Filters run in this order and stop at the first rejection, so the order decides which
 * reason a node reports.
 */
import type { PluginConfig, PluginFactory } from "../framework/types";
import { newNodeName, NODE_NAME } from "./node-name";
import { newNodeUnschedulable, NODE_UNSCHEDULABLE } from "./node-unschedulable";
import { newTaintToleration, TAINT_TOLERATION } from "./taint-toleration";
import { newNodeAffinity, NODE_AFFINITY } from "./node-affinity";
import { newNodePorts, NODE_PORTS } from "./node-ports";
import { newNodeResourcesFit, NODE_RESOURCES_FIT } from "./node-resources-fit";
import { newPodTopologySpread, POD_TOPOLOGY_SPREAD } from "./pod-topology-spread";
import { newInterPodAffinity, INTER_POD_AFFINITY } from "./inter-pod-affinity";
import { newBalancedAllocation, BALANCED_ALLOCATION } from "./balanced-allocation";
import { newImageLocality, IMAGE_LOCALITY } from "./image-locality";

export const inTreeRegistry: Readonly<Record<string, PluginFactory>> = Object.freeze({
  [NODE_UNSCHEDULABLE]: newNodeUnschedulable,
  [NODE_NAME]: newNodeName,
  [TAINT_TOLERATION]: newTaintToleration,
  [NODE_AFFINITY]: newNodeAffinity,
  [NODE_PORTS]: newNodePorts,
  [NODE_RESOURCES_FIT]: newNodeResourcesFit,
  [POD_TOPOLOGY_SPREAD]: newPodTopologySpread,
  [INTER_POD_AFFINITY]: newInterPodAffinity,
  [BALANCED_ALLOCATION]: newBalancedAllocation,
  [IMAGE_LOCALITY]: newImageLocality,
});

export const DEFAULT_PLUGINS: readonly PluginConfig[] = Object.freeze([
  { name: NODE_UNSCHEDULABLE },
  { name: NODE_NAME },
  { name: TAINT_TOLERATION, weight: 3 },
  { name: NODE_AFFINITY, weight: 2 },
  { name: NODE_PORTS },
  { name: NODE_RESOURCES_FIT, weight: 1 },
  { name: POD_TOPOLOGY_SPREAD, weight: 2 },
  { name: INTER_POD_AFFINITY, weight: 2 },
  { name: BALANCED_ALLOCATION, weight: 1 },
  { name: IMAGE_LOCALITY, weight: 1 },
]);

export {
  NODE_NAME,
  NODE_UNSCHEDULABLE,
  TAINT_TOLERATION,
  NODE_AFFINITY,
  NODE_PORTS,
  NODE_RESOURCES_FIT,
  POD_TOPOLOGY_SPREAD,
  INTER_POD_AFFINITY,
  BALANCED_ALLOCATION,
  IMAGE_LOCALITY,
};
