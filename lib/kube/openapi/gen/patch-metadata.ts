/**
 * Strategic-merge-patch and server-side-apply metadata (`x-kubernetes-patch-strategy`,
 * `x-kubernetes-patch-merge-key`, `x-kubernetes-list-type`, `x-kubernetes-list-map-keys`,
 * `x-kubernetes-map-type`) for the definitions we generate.
 *
 * Why a table: neither maintained source we derive from carries it. `@kubernetes/client-node`
 * models keep only names, types and formats; `kubernetes-models` keeps structure, enums and
 * descriptions (its ajv validators drop every `x-kubernetes-*` extension). Upstream emits these
 * extensions from the Go struct tags / markers of k8s.io/api, so each entry names the Go field
 * it comes from. The `patchStrategy`/`patchMergeKey` entries were checked against the struct tags
 * compiled into kubectl v1.33 (they are the complete list of tags for the reachable types); the
 * `+listType`/`+listMapKey` markers are from the same types.go files (PodSpec, PodStatus,
 * Container, NodeSpec and NodeStatus checked against upstream api/openapi-spec/v3/api__v1_openapi.json). Lists upstream
 * marks `+listType=atomic` are not listed: atomic is what server-side apply assumes for an
 * unannotated list anyway.
 *
 * Lists with a merge key and no list type are associative lists keyed by the merge key for
 * server-side apply (kube-openapi schemaconv does the same), so `lt`/`lk` are only given where
 * upstream states them explicitly.
 */
export interface FieldPatchMeta {
  /** x-kubernetes-patch-strategy */
  ps?: string;
  /** x-kubernetes-patch-merge-key */
  pk?: string;
  /** x-kubernetes-list-type */
  lt?: "atomic" | "set" | "map";
  /** x-kubernetes-list-map-keys */
  lk?: string[];
  /** x-kubernetes-map-type */
  mt?: "atomic" | "granular";
}

const merge = (pk: string, extra: FieldPatchMeta = {}): FieldPatchMeta => ({ ps: "merge", pk, ...extra });
const mapKeys = (...lk: string[]): FieldPatchMeta => ({ lt: "map", lk });

const CORE = "io.k8s.api.core.v1.";
const META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

/** definition name -> JSON field name -> metadata */
export const FIELD_PATCH_METADATA: Readonly<Record<string, Readonly<Record<string, FieldPatchMeta>>>> = {
  // staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go
  [`${META}ObjectMeta`]: {
    finalizers: { ps: "merge", lt: "set" }, // ObjectMeta.Finalizers +patchStrategy=merge +listType=set
    ownerReferences: merge("uid", mapKeys("uid")), // ObjectMeta.OwnerReferences +patchMergeKey=uid +listMapKey=uid
  },
  // staging/src/k8s.io/api/core/v1/types.go
  [`${CORE}PodSpec`]: {
    volumes: { ps: "merge,retainKeys", pk: "name", ...mapKeys("name") }, // PodSpec.Volumes
    initContainers: merge("name", mapKeys("name")), // PodSpec.InitContainers
    containers: merge("name", mapKeys("name")), // PodSpec.Containers
    ephemeralContainers: merge("name", mapKeys("name")), // PodSpec.EphemeralContainers
    imagePullSecrets: merge("name", mapKeys("name")), // PodSpec.ImagePullSecrets
    hostAliases: merge("ip", mapKeys("ip")), // PodSpec.HostAliases +listType=map +listMapKey=ip
    topologySpreadConstraints: merge("topologyKey", mapKeys("topologyKey", "whenUnsatisfiable")), // PodSpec.TopologySpreadConstraints
    schedulingGates: merge("name", mapKeys("name")), // PodSpec.SchedulingGates
    resourceClaims: { ps: "merge,retainKeys", pk: "name", ...mapKeys("name") }, // PodSpec.ResourceClaims
    nodeSelector: { mt: "atomic" }, // PodSpec.NodeSelector +mapType=atomic
  },
  [`${CORE}Container`]: {
    ports: merge("containerPort", mapKeys("containerPort", "protocol")), // Container.Ports
    env: merge("name", mapKeys("name")), // Container.Env
    volumeMounts: merge("mountPath", mapKeys("mountPath")), // Container.VolumeMounts
    volumeDevices: merge("devicePath", mapKeys("devicePath")), // Container.VolumeDevices
  },
  [`${CORE}EphemeralContainer`]: {
    ports: merge("containerPort", mapKeys("containerPort", "protocol")), // EphemeralContainerCommon.Ports
    env: merge("name", mapKeys("name")), // EphemeralContainerCommon.Env
    volumeMounts: merge("mountPath", mapKeys("mountPath")), // EphemeralContainerCommon.VolumeMounts
    volumeDevices: merge("devicePath", mapKeys("devicePath")), // EphemeralContainerCommon.VolumeDevices
  },
  [`${CORE}ResourceRequirements`]: {
    claims: mapKeys("name"), // ResourceRequirements.Claims +listType=map +listMapKey=name
  },
  [`${CORE}PodStatus`]: {
    conditions: merge("type", mapKeys("type")), // PodStatus.Conditions
    podIPs: merge("ip", mapKeys("ip")), // PodStatus.PodIPs
    hostIPs: merge("ip", { lt: "atomic" }), // PodStatus.HostIPs +listType=atomic
    resourceClaimStatuses: { ps: "merge,retainKeys", pk: "name", ...mapKeys("name") }, // PodStatus.ResourceClaimStatuses
  },
  [`${CORE}ContainerStatus`]: {
    volumeMounts: merge("mountPath"), // ContainerStatus.VolumeMounts
    allocatedResourcesStatus: merge("name", mapKeys("name")), // ContainerStatus.AllocatedResourcesStatus
  },
  [`${CORE}ServiceSpec`]: {
    ports: merge("port", mapKeys("port", "protocol")), // ServiceSpec.Ports
    selector: { mt: "atomic" }, // ServiceSpec.Selector +mapType=atomic
  },
  [`${CORE}ServiceStatus`]: {
    conditions: merge("type", mapKeys("type")), // ServiceStatus.Conditions
  },
  [`${CORE}NodeSpec`]: {
    podCIDRs: { ps: "merge", lt: "set" }, // NodeSpec.PodCIDRs +patchStrategy=merge +listType=set
  },
  [`${CORE}NodeStatus`]: {
    conditions: merge("type", mapKeys("type")), // NodeStatus.Conditions
    addresses: merge("type", mapKeys("type")), // NodeStatus.Addresses
  },
  [`${CORE}NamespaceStatus`]: {
    conditions: merge("type"), // NamespaceStatus.Conditions
  },
  [`${CORE}ServiceAccount`]: {
    secrets: merge("name"), // ServiceAccount.Secrets
  },
  [`${CORE}PersistentVolumeClaimStatus`]: {
    conditions: merge("type"), // PersistentVolumeClaimStatus.Conditions
  },
  // staging/src/k8s.io/api/apps/v1/types.go
  "io.k8s.api.apps.v1.DeploymentSpec": {
    strategy: { ps: "retainKeys" }, // DeploymentSpec.Strategy +patchStrategy=retainKeys
  },
  "io.k8s.api.apps.v1.DeploymentStatus": { conditions: merge("type") }, // DeploymentStatus.Conditions
  "io.k8s.api.apps.v1.ReplicaSetStatus": { conditions: merge("type") }, // ReplicaSetStatus.Conditions
  "io.k8s.api.apps.v1.DaemonSetStatus": { conditions: merge("type") }, // DaemonSetStatus.Conditions
  "io.k8s.api.apps.v1.StatefulSetStatus": { conditions: merge("type") }, // StatefulSetStatus.Conditions
  // staging/src/k8s.io/api/batch/v1/types.go
  "io.k8s.api.batch.v1.JobStatus": {
    conditions: merge("type", { lt: "atomic" }), // JobStatus.Conditions +listType=atomic
  },
  // staging/src/k8s.io/api/policy/v1/types.go
  "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": {
    selector: { ps: "replace" }, // PodDisruptionBudgetSpec.Selector +patchStrategy=replace
  },
  "io.k8s.api.policy.v1.PodDisruptionBudgetStatus": {
    conditions: merge("type", mapKeys("type")), // PodDisruptionBudgetStatus.Conditions
  },
  // staging/src/k8s.io/api/autoscaling/v2/types.go
  "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus": {
    conditions: merge("type", mapKeys("type")), // HorizontalPodAutoscalerStatus.Conditions
  },
};

/**
 * Definitions that upstream marks `+structType=atomic` (x-kubernetes-map-type: atomic on the
 * definition): server-side apply replaces them as a whole.
 */
export const ATOMIC_STRUCTS: readonly string[] = [
  `${META}LabelSelector`, // meta/v1 types.go LabelSelector +structType=atomic
  `${CORE}LocalObjectReference`, // core/v1 types.go
  `${CORE}ObjectReference`,
  `${CORE}ConfigMapKeySelector`,
  `${CORE}SecretKeySelector`,
  `${CORE}ObjectFieldSelector`,
  `${CORE}ResourceFieldSelector`,
  `${CORE}NodeSelector`,
  `${CORE}NodeSelectorTerm`,
  `${CORE}TypedLocalObjectReference`,
  `${CORE}TopologySelectorTerm`,
];
