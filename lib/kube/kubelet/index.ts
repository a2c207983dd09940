/**
 * The embedded cluster's kubelets (one per node) and their container runtime: pod lifecycle
 * with upstream's statuses and events, probes, back-offs, graceful termination, node leases and
 * status, and container logs served as the cluster's LogSource.
 *
 * Wiring: `const { fleet, components, logSource } = createKubelets(nodeNames(n))`; pass
 * `logSource` to the API server, start each component with the cluster's ComponentContext.
 * Faults: `fleet.stopKubelet(node)` / `fleet.startKubelet(node)`.
 * `kubectl exec`/`attach`: pass `fleet.streamSource` to the API server (createCluster does).
 * Containers' curl/wget/nslookup/ping use the cluster data path after `fleet.useNetwork(network)`.
 */
export { KubeletFleet, createKubelets, type KubeletFleetOptions } from "./fleet";
export { Kubelet } from "./kubelet";
export { DEFAULT_TIMINGS, type KubeletTimings } from "./types";
export { containerIdForLogs, createLogSource } from "./log-source";
export { goDuration, formatPod } from "./pod-spec";
export { createStreamSource, type StreamHost } from "./streams";
export { networkDataPath } from "./datapath";
export { managedHosts, managedFiles, setUpVolumes, containerMounts, MountError } from "./volumes";
