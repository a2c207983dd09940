/**
 * The kube-controller-manager workload controllers, each a level-based loop named as upstream:
 * replicaset-controller, deployment-controller, daemonset-controller, statefulset-controller,
 * job-controller, ttl-after-finished-controller and cronjob-controller.
 *
 * Guarantees (each): informer handlers only enqueue keys (plus owner lookups); reconcile reads
 * the shared caches and converges, writing only through `ctx.client`; every write is a Trace
 * entry (component = controller name, cause = the key) and the user-visible ones are Events with
 * upstream's reasons and messages; a converged controller holds no timers (delays are one
 * cancellable timer per key, on `ctx.clock`). Each component has `flushEvents()` for tests and
 * orderly shutdown.
 */
import type { WorkloadComponent } from "./common/base";
import { cronJobController } from "./cronjob";
import { daemonSetController } from "./daemonset";
import { deploymentController } from "./deployment";
import { jobController, ttlAfterFinishedController } from "./job";
import { replicaSetController } from "./replicaset";
import { statefulSetController } from "./statefulset";

export type { WorkloadComponent } from "./common/base";
export { replicaSetController, REPLICASET_CONTROLLER } from "./replicaset";
export { deploymentController, DEPLOYMENT_CONTROLLER } from "./deployment";
export { daemonSetController, DAEMONSET_CONTROLLER } from "./daemonset";
export { statefulSetController, STATEFULSET_CONTROLLER } from "./statefulset";
export { jobController, JOB_CONTROLLER, ttlAfterFinishedController, TTL_AFTER_FINISHED_CONTROLLER } from "./job";
export { cronJobController, CRONJOB_CONTROLLER } from "./cronjob";
export { computeHash, safeEncodeString } from "./common/hash";

/** every workload controller, ready to start on a cluster's ComponentContext */
export function workloadControllers(): WorkloadComponent[] {
  return [replicaSetController(), deploymentController(), daemonSetController(), statefulSetController(), jobController(), ttlAfterFinishedController(), cronJobController()];
}
