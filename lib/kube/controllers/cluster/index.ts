/**
 * The kube-controller-manager's cluster-level controllers, each a separate level-based loop
 * named like upstream (see each folder's index.ts for what it does and how it differs):
 *
 * | component                      | upstream package                               |
 * | ------------------------------ | ---------------------------------------------- |
 * | endpoint-controller            | pkg/controller/endpoint (+ the apiserver's endpoint reconciler for `kubernetes`) |
 * | endpointslice-controller       | pkg/controller/endpointslice                   |
 * | garbage-collector-controller   | pkg/controller/garbagecollector                |
 * | namespace-controller           | pkg/controller/namespace                       |
 * | node-lifecycle-controller      | pkg/controller/nodelifecycle                   |
 * | taint-eviction-controller      | pkg/controller/tainteviction                   |
 * | horizontal-pod-autoscaler      | pkg/controller/podautoscaler                   |
 * | serviceaccount-controller      | pkg/controller/serviceaccount                  |
 * | root-ca-cert-publisher         | pkg/controller/certificates/rootcacertpublisher |
 *
 * Start each with a ComponentContext (shared informers, loopback client, clock, trace, tracker),
 * then start the informer factory. All write only through `ctx.client`; idle, they hold no timers
 * except those something is due at (a node lease expiry, a toleration running out, an HPA's
 * 15 s sync while HPAs exist, a pod grace period in a terminating namespace).
 */
import type { ClusterComponent } from "./common/base";
import { endpointController } from "./endpoint";
import { endpointSliceController } from "./endpointslice";
import { garbageCollector } from "./garbagecollector";
import { namespaceController } from "./namespace";
import { nodeLifecycleController, type NodeLifecycleOptions } from "./nodelifecycle";
import { horizontalPodAutoscaler, type LoadGenerator } from "./podautoscaler";
import { rootCACertPublisher, serviceAccountController } from "./serviceaccount";
import { taintEvictionController } from "./tainteviction";

export type { ClusterComponent } from "./common/base";
export { endpointController, ENDPOINT_CONTROLLER, desiredSubsets } from "./endpoint";
export { controlPlaneIP } from "./endpoint/apiserver-endpoints";
export {
  endpointSliceController,
  ENDPOINTSLICE_CONTROLLER,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  desiredSlices,
} from "./endpointslice";
export { garbageCollector, GARBAGE_COLLECTOR, ORPHAN_FINALIZER, FOREGROUND_FINALIZER } from "./garbagecollector";
export { namespaceController, NAMESPACE_CONTROLLER, KUBERNETES_FINALIZER, namespacedResources } from "./namespace";
export {
  nodeLifecycleController,
  NODE_LIFECYCLE_CONTROLLER,
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  type NodeLifecycleOptions,
  type Taint,
} from "./nodelifecycle";
export { taintEvictionController, TAINT_EVICTION_CONTROLLER, toleratesTaint, minTolerationSeconds, type Toleration } from "./tainteviction";
export {
  horizontalPodAutoscaler,
  HPA_CONTROLLER,
  createLoadGenerator,
  podMetrics,
  nodeMetrics,
  podCPUMilli,
  podMemoryBytes,
  CPU_LOAD_ANNOTATION,
  MEMORY_LOAD_ANNOTATION,
  type HpaOptions,
  type LoadGenerator,
  type PodMetrics,
  type NodeMetrics,
} from "./podautoscaler";
export {
  serviceAccountController,
  rootCACertPublisher,
  SERVICEACCOUNT_CONTROLLER,
  ROOT_CA_PUBLISHER,
  type RootCAOptions,
} from "./serviceaccount";

export interface ClusterControllersOptions {
  /** the cluster CA for kube-root-ca.crt (default: read from kube-public/cluster-info) */
  caPem?: string;
  /** workload CPU load lessons set; the same object feeds `kubectl top` through podMetrics/nodeMetrics */
  loads?: LoadGenerator;
  nodeLifecycle?: NodeLifecycleOptions;
}

/** every controller of this module, ready to start on one cluster */
export function clusterControllers(opts: ClusterControllersOptions = {}): ClusterComponent[] {
  return [
    serviceAccountController(),
    rootCACertPublisher({ caPem: opts.caPem }),
    namespaceController(),
    garbageCollector(),
    endpointController(),
    endpointSliceController(),
    nodeLifecycleController(opts.nodeLifecycle),
    taintEvictionController(),
    horizontalPodAutoscaler({ loads: opts.loads }),
  ];
}
