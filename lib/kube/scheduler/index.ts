/**
 * kube-scheduler for the embedded cluster. Start it like any component:
 *
 *   const scheduler = createScheduler();
 *   await scheduler.start(ctx);      // registers informers and handlers
 *   await ctx.informers.start();     // then the shared informers
 *
 * `scheduler.cycles()` exposes the last scheduling cycles' filter and score tables.
 */
export { createScheduler, KubeScheduler, SCHEDULER_COMPONENT, SCHEDULER_EVENT_SOURCE, ERR_NO_NODES_AVAILABLE, type SchedulerOptions } from "./scheduler";
export type { CycleRecord, FilterRow, ScoreRow } from "./history";
export { SchedulingQueue, type QueueOptions, type QueuedPodInfo, type QueueLocation } from "./queue";
export { SchedulerCache } from "./cache";
export { Framework, numFeasibleNodesToFind, selectHost, type ScheduleResult, type PluginScores } from "./framework/runtime";
export { fitErrorMessage, preemptionFailureMessage, type Diagnosis } from "./framework/fit-error";
export { Code, codeName, type Status, type Result } from "./framework/status";
export { NodeInfo } from "./framework/node-info";
export { podInfoOf, podRequests, type PodInfo } from "./framework/pod-info";
export { CycleState, MAX_NODE_SCORE, type ClusterEvent, type FrameworkHandle, type Plugin, type PreFilterPlugin, type FilterPlugin, type PreScorePlugin, type ScorePlugin, type PluginFactory, type PluginConfig } from "./framework/types";
export * from "./plugins/registry";
