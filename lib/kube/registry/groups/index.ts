/**
 * Resources of the named API groups, one ResourceDefinition each, with the names, short
 * names, categories, verbs and subresources upstream discovery (1.33) lists:
 * apps/v1, batch/v1, autoscaling/v2, policy/v1, networking.k8s.io/v1, discovery.k8s.io/v1,
 * coordination.k8s.io/v1, events.k8s.io/v1, authorization.k8s.io/v1, authentication.k8s.io/v1.
 *
 * Notes for the API server:
 * - `metadata.uid` must be set before `prepareForCreate` (Job selector generation uses it).
 * - `scale.labelSelectorPath` points at a metav1.LabelSelector object (`spec.selector`); the
 *   Scale's `status.selector` string is `selectorString(...)` of it.
 * - events.k8s.io events live in the core "events" storage; convert with
 *   `coreEventToEventsV1` / `eventsV1ToCoreEvent`.
 * - the authorization/authentication review resources are create-only and never stored
 *   (`isCreateOnlyReview`).
 */
import type { ResourceDefinition } from "../types";
import { deployments } from "./deployments";
import { replicasets } from "./replicasets";
import { statefulsets } from "./statefulsets";
import { daemonsets } from "./daemonsets";
import { controllerrevisions } from "./controllerrevisions";
import { jobs } from "./jobs";
import { cronjobs } from "./cronjobs";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers";
import { poddisruptionbudgets } from "./poddisruptionbudgets";
import { networkpolicies } from "./networkpolicies";
import { endpointslices } from "./endpointslices";
import { leases } from "./leases";
import { eventsV1 } from "./events";
import { reviewResources } from "./reviews";

export const groupResources: ResourceDefinition[] = [
  deployments,
  replicasets,
  statefulsets,
  daemonsets,
  controllerrevisions,
  jobs,
  cronjobs,
  horizontalpodautoscalers,
  poddisruptionbudgets,
  networkpolicies,
  endpointslices,
  leases,
  eventsV1,
  ...reviewResources,
];

export { selectorString, formatLabelSelector, selectorMatches } from "./selector";
export { coreEventToEventsV1, eventsV1ToCoreEvent } from "./events";
export { isCreateOnlyReview } from "./reviews";
export { cronScheduleError } from "./cron";
/** autoscaling/v1 HPAs: not registered until the API server converts versions (see hpa-v1.ts) */
export { horizontalpodautoscalersV1, hpaV1ToV2, hpaV2ToV1 } from "./hpa-v1";
