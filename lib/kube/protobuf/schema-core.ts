/**
 * Field tables of k8s.io/api/core/v1 messages that appear in request bodies.
 * Transcribed from upstream generated.proto files (notation: see ./schema.ts).
 */
export const coreV1: Record<string, string> = {
  Affinity: "1 nodeAffinity NodeAffinity*; 2 podAffinity PodAffinity*; 3 podAntiAffinity PodAntiAffinity*",
  AppArmorProfile: "1 type string!; 2 localhostProfile string*",
  Capabilities: "1 add string[]; 2 drop string[]",
  ClientIPConfig: "1 timeoutSeconds int32*",
  ClusterTrustBundleProjection: "1 name string*; 2 signerName string*; 3 labelSelector LabelSelector*; 5 optional bool*; 4 path string!",
  ConfigMap: "1 metadata ObjectMeta; 4 immutable bool*; 2 data {string}; 3 binaryData {bytes}",
  ConfigMapEnvSource: "1 - LocalObjectReference^; 2 optional bool*",
  ConfigMapKeySelector: "1 - LocalObjectReference^; 2 key string!; 3 optional bool*",
  ConfigMapProjection: "1 - LocalObjectReference^; 2 items KeyToPath[]; 4 optional bool*",
  ConfigMapVolumeSource: "1 - LocalObjectReference^; 2 items KeyToPath[]; 3 defaultMode int32*; 4 optional bool*",
  Container:
    "1 name string!; 2 image string; 3 command string[]; 4 args string[]; 5 workingDir string; 6 ports ContainerPort[]; 19 envFrom EnvFromSource[]; 7 env EnvVar[]; 8 resources ResourceRequirements; 23 resizePolicy ContainerResizePolicy[]; 24 restartPolicy string*; 25 restartPolicyRules ContainerRestartRule[]; 9 volumeMounts VolumeMount[]; 21 volumeDevices VolumeDevice[]; 10 livenessProbe Probe*; 11 readinessProbe Probe*; 22 startupProbe Probe*; 12 lifecycle Lifecycle*; 13 terminationMessagePath string; 20 terminationMessagePolicy string; 14 imagePullPolicy string; 15 securityContext SecurityContext*; 16 stdin bool; 17 stdinOnce bool; 18 tty bool",
  ContainerPort: "1 name string; 2 hostPort int32; 3 containerPort int32!; 4 protocol string; 5 hostIP string",
  ContainerResizePolicy: "1 resourceName string!; 2 restartPolicy string!",
  ContainerRestartRule: "1 action string; 2 exitCodes ContainerRestartRuleOnExitCodes*",
  ContainerRestartRuleOnExitCodes: "1 operator string; 2 values int32[]",
  ContainerState: "1 waiting ContainerStateWaiting*; 2 running ContainerStateRunning*; 3 terminated ContainerStateTerminated*",
  ContainerStateRunning: "1 startedAt time",
  ContainerStateTerminated:
    "1 exitCode int32!; 2 signal int32; 3 reason string; 4 message string; 5 startedAt time; 6 finishedAt time; 7 containerID string",
  ContainerStateWaiting: "1 reason string; 2 message string",
  ContainerStatus:
    "1 name string!; 2 state ContainerState; 3 lastState ContainerState; 4 ready bool!; 5 restartCount int32!; 6 image string!; 7 imageID string!; 8 containerID string; 9 started bool*; 10 allocatedResources {quantity}; 11 resources ResourceRequirements*; 15 stopSignal string*",
  DownwardAPIProjection: "1 items DownwardAPIVolumeFile[]",
  DownwardAPIVolumeFile: "1 path string!; 2 fieldRef ObjectFieldSelector*; 3 resourceFieldRef ResourceFieldSelector*; 4 mode int32*",
  DownwardAPIVolumeSource: "1 items DownwardAPIVolumeFile[]; 2 defaultMode int32*",
  EmptyDirVolumeSource: "1 medium string; 2 sizeLimit quantity*",
  EnvFromSource: "1 prefix string; 2 configMapRef ConfigMapEnvSource*; 3 secretRef SecretEnvSource*",
  EnvVar: "1 name string!; 2 value string; 3 valueFrom EnvVarSource*",
  EnvVarSource:
    "1 fieldRef ObjectFieldSelector*; 2 resourceFieldRef ResourceFieldSelector*; 3 configMapKeyRef ConfigMapKeySelector*; 4 secretKeyRef SecretKeySelector*; 5 fileKeyRef FileKeySelector*",
  EphemeralContainer: "1 - Container^; 2 targetContainerName string",
  ExecAction: "1 command string[]",
  FileKeySelector: "1 volumeName string!; 2 path string!; 3 key string!; 4 optional bool*",
  GRPCAction: "1 port int32!; 2 service string*!",
  HTTPGetAction: "1 path string; 2 port intOrString; 3 host string; 4 scheme string; 5 httpHeaders HTTPHeader[]",
  HTTPHeader: "1 name string!; 2 value string!",
  HostAlias: "1 ip string!; 2 hostnames string[]",
  HostIP: "1 ip string!",
  HostPathVolumeSource: "1 path string!; 2 type string*",
  KeyToPath: "1 key string!; 2 path string!; 3 mode int32*",
  Lifecycle: "1 postStart LifecycleHandler*; 2 preStop LifecycleHandler*; 3 stopSignal string*",
  LifecycleHandler: "1 exec ExecAction*; 2 httpGet HTTPGetAction*; 3 tcpSocket TCPSocketAction*; 4 sleep SleepAction*",
  LoadBalancerIngress: "1 ip string; 2 hostname string; 3 ipMode string*; 4 ports PortStatus[]",
  LoadBalancerStatus: "1 ingress LoadBalancerIngress[]",
  LocalObjectReference: "1 name string",
  NFSVolumeSource: "1 server string!; 2 path string!; 3 readOnly bool",
  Namespace: "1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus",
  NamespaceCondition: "1 type string!; 2 status string!; 4 lastTransitionTime time; 5 reason string; 6 message string",
  NamespaceSpec: "1 finalizers string[]",
  NamespaceStatus: "1 phase string; 2 conditions NamespaceCondition[]",
  NodeAffinity:
    "1 requiredDuringSchedulingIgnoredDuringExecution NodeSelector*; 2 preferredDuringSchedulingIgnoredDuringExecution PreferredSchedulingTerm[]",
  NodeSelector: "1 nodeSelectorTerms NodeSelectorTerm[]!",
  NodeSelectorRequirement: "1 key string!; 2 operator string!; 3 values string[]",
  NodeSelectorTerm: "1 matchExpressions NodeSelectorRequirement[]; 2 matchFields NodeSelectorRequirement[]",
  ObjectFieldSelector: "1 apiVersion string; 2 fieldPath string!",
  ObjectReference:
    "1 kind string; 2 namespace string; 3 name string; 4 uid string; 5 apiVersion string; 6 resourceVersion string; 7 fieldPath string",
  PersistentVolumeClaimVolumeSource: "1 claimName string!; 2 readOnly bool",
  Pod: "1 metadata ObjectMeta; 2 spec PodSpec; 3 status PodStatus",
  PodAffinity:
    "1 requiredDuringSchedulingIgnoredDuringExecution PodAffinityTerm[]; 2 preferredDuringSchedulingIgnoredDuringExecution WeightedPodAffinityTerm[]",
  PodAffinityTerm:
    "1 labelSelector LabelSelector*; 2 namespaces string[]; 3 topologyKey string!; 4 namespaceSelector LabelSelector*; 5 matchLabelKeys string[]; 6 mismatchLabelKeys string[]",
  PodAntiAffinity:
    "1 requiredDuringSchedulingIgnoredDuringExecution PodAffinityTerm[]; 2 preferredDuringSchedulingIgnoredDuringExecution WeightedPodAffinityTerm[]",
  PodCondition:
    "1 type string!; 7 observedGeneration int64; 2 status string!; 3 lastProbeTime time; 4 lastTransitionTime time; 5 reason string; 6 message string",
  PodDNSConfig: "1 nameservers string[]; 2 searches string[]; 3 options PodDNSConfigOption[]",
  PodDNSConfigOption: "1 name string; 2 value string*",
  PodIP: "1 ip string!",
  PodOS: "1 name string!",
  PodReadinessGate: "1 conditionType string!",
  PodResourceClaim: "1 name string!; 3 resourceClaimName string*; 4 resourceClaimTemplateName string*",
  PodSchedulingGate: "1 name string!",
  PodSecurityContext:
    "1 seLinuxOptions SELinuxOptions*; 2 runAsUser int64*; 6 runAsGroup int64*; 3 runAsNonRoot bool*; 4 supplementalGroups int64[]; 12 supplementalGroupsPolicy string*; 5 fsGroup int64*; 7 sysctls Sysctl[]; 9 fsGroupChangePolicy string*; 10 seccompProfile SeccompProfile*; 11 appArmorProfile AppArmorProfile*; 13 seLinuxChangePolicy string*",
  PodSpec:
    "1 volumes Volume[]; 20 initContainers Container[]; 2 containers Container[]!; 34 ephemeralContainers EphemeralContainer[]; 3 restartPolicy string; 4 terminationGracePeriodSeconds int64*; 5 activeDeadlineSeconds int64*; 6 dnsPolicy string; 7 nodeSelector {string}; 8 serviceAccountName string; 9 serviceAccount string; 21 automountServiceAccountToken bool*; 10 nodeName string; 11 hostNetwork bool; 12 hostPID bool; 13 hostIPC bool; 27 shareProcessNamespace bool*; 14 securityContext PodSecurityContext*; 15 imagePullSecrets LocalObjectReference[]; 16 hostname string; 17 subdomain string; 18 affinity Affinity*; 19 schedulerName string; 22 tolerations Toleration[]; 23 hostAliases HostAlias[]; 24 priorityClassName string; 25 priority int32*; 26 dnsConfig PodDNSConfig*; 28 readinessGates PodReadinessGate[]; 29 runtimeClassName string*; 30 enableServiceLinks bool*; 31 preemptionPolicy string*; 32 overhead {quantity}; 33 topologySpreadConstraints TopologySpreadConstraint[]; 35 setHostnameAsFQDN bool*; 36 os PodOS*; 37 hostUsers bool*; 38 schedulingGates PodSchedulingGate[]; 39 resourceClaims PodResourceClaim[]; 40 resources ResourceRequirements*; 41 hostnameOverride string*",
  PodStatus:
    "17 observedGeneration int64; 1 phase string; 2 conditions PodCondition[]; 3 message string; 4 reason string; 11 nominatedNodeName string; 5 hostIP string; 16 hostIPs HostIP[]; 6 podIP string; 12 podIPs PodIP[]; 7 startTime time*; 10 initContainerStatuses ContainerStatus[]; 8 containerStatuses ContainerStatus[]; 9 qosClass string; 13 ephemeralContainerStatuses ContainerStatus[]",
  PodTemplateSpec: "1 metadata ObjectMeta; 2 spec PodSpec",
  PortStatus: "1 port int32!; 2 protocol string!; 3 error string*",
  PreferredSchedulingTerm: "1 weight int32!; 2 preference NodeSelectorTerm",
  Probe:
    "1 - ProbeHandler^; 2 initialDelaySeconds int32; 3 timeoutSeconds int32; 4 periodSeconds int32; 5 successThreshold int32; 6 failureThreshold int32; 7 terminationGracePeriodSeconds int64*",
  ProbeHandler: "1 exec ExecAction*; 2 httpGet HTTPGetAction*; 3 tcpSocket TCPSocketAction*; 4 grpc GRPCAction*",
  ProjectedVolumeSource: "1 sources VolumeProjection[]!; 2 defaultMode int32*",
  ResourceClaim: "1 name string!; 2 request string",
  ResourceFieldSelector: "1 containerName string; 2 resource string!; 3 divisor quantity",
  ResourceQuota: "1 metadata ObjectMeta; 2 spec ResourceQuotaSpec; 3 status ResourceQuotaStatus",
  ResourceQuotaSpec: "1 hard {quantity}; 2 scopes string[]; 3 scopeSelector ScopeSelector*",
  ResourceQuotaStatus: "1 hard {quantity}; 2 used {quantity}",
  ResourceRequirements: "1 limits {quantity}; 2 requests {quantity}; 3 claims ResourceClaim[]",
  SELinuxOptions: "1 user string; 2 role string; 3 type string; 4 level string",
  ScopeSelector: "1 matchExpressions ScopedResourceSelectorRequirement[]",
  ScopedResourceSelectorRequirement: "1 scopeName string!; 2 operator string!; 3 values string[]",
  SeccompProfile: "1 type string!; 2 localhostProfile string*",
  Secret: "1 metadata ObjectMeta; 5 immutable bool*; 2 data {bytes}; 4 stringData {string}; 3 type string",
  SecretEnvSource: "1 - LocalObjectReference^; 2 optional bool*",
  SecretKeySelector: "1 - LocalObjectReference^; 2 key string!; 3 optional bool*",
  SecretProjection: "1 - LocalObjectReference^; 2 items KeyToPath[]; 4 optional bool*",
  SecretReference: "1 name string; 2 namespace string",
  SecretVolumeSource: "1 secretName string; 2 items KeyToPath[]; 3 defaultMode int32*; 4 optional bool*",
  SecurityContext:
    "1 capabilities Capabilities*; 2 privileged bool*; 3 seLinuxOptions SELinuxOptions*; 4 runAsUser int64*; 8 runAsGroup int64*; 5 runAsNonRoot bool*; 6 readOnlyRootFilesystem bool*; 7 allowPrivilegeEscalation bool*; 9 procMount string*; 11 seccompProfile SeccompProfile*; 12 appArmorProfile AppArmorProfile*",
  Service: "1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus",
  ServiceAccount:
    "1 metadata ObjectMeta; 2 secrets ObjectReference[]; 3 imagePullSecrets LocalObjectReference[]; 4 automountServiceAccountToken bool*",
  ServiceAccountTokenProjection: "1 audience string; 2 expirationSeconds int64*; 3 path string!",
  ServicePort: "1 name string; 2 protocol string; 6 appProtocol string*; 3 port int32!; 4 targetPort intOrString; 5 nodePort int32",
  ServiceSpec:
    "1 ports ServicePort[]; 2 selector {string}; 3 clusterIP string; 18 clusterIPs string[]; 4 type string; 5 externalIPs string[]; 7 sessionAffinity string; 8 loadBalancerIP string; 9 loadBalancerSourceRanges string[]; 10 externalName string; 11 externalTrafficPolicy string; 12 healthCheckNodePort int32; 13 publishNotReadyAddresses bool; 14 sessionAffinityConfig SessionAffinityConfig*; 19 ipFamilies string[]; 17 ipFamilyPolicy string*; 20 allocateLoadBalancerNodePorts bool*; 21 loadBalancerClass string*; 22 internalTrafficPolicy string*; 23 trafficDistribution string*",
  ServiceStatus: "1 loadBalancer LoadBalancerStatus; 2 conditions Condition[]",
  SessionAffinityConfig: "1 clientIP ClientIPConfig*",
  SleepAction: "1 seconds int64!",
  Sysctl: "1 name string!; 2 value string!",
  TCPSocketAction: "1 port intOrString; 2 host string",
  Taint: "1 key string!; 2 value string; 3 effect string!; 4 timeAdded time*",
  Toleration: "1 key string; 2 operator string; 3 value string; 4 effect string; 5 tolerationSeconds int64*",
  TopologySpreadConstraint:
    "1 maxSkew int32!; 2 topologyKey string!; 3 whenUnsatisfiable string!; 4 labelSelector LabelSelector*; 5 minDomains int32*; 6 nodeAffinityPolicy string*; 7 nodeTaintsPolicy string*; 8 matchLabelKeys string[]",
  TypedLocalObjectReference: "1 apiGroup string*!; 2 kind string!; 3 name string!",
  Volume: "1 name string!; 2 - VolumeSource^",
  VolumeDevice: "1 name string!; 2 devicePath string!",
  VolumeMount:
    "1 name string!; 2 readOnly bool; 7 recursiveReadOnly string*; 3 mountPath string!; 4 subPath string; 5 mountPropagation string*; 6 subPathExpr string",
  VolumeProjection:
    "1 secret SecretProjection*; 2 downwardAPI DownwardAPIProjection*; 3 configMap ConfigMapProjection*; 4 serviceAccountToken ServiceAccountTokenProjection*; 5 clusterTrustBundle ClusterTrustBundleProjection*",
  VolumeSource:
    "1 hostPath HostPathVolumeSource*; 2 emptyDir EmptyDirVolumeSource*; 6 secret SecretVolumeSource*; 7 nfs NFSVolumeSource*; 10 persistentVolumeClaim PersistentVolumeClaimVolumeSource*; 16 downwardAPI DownwardAPIVolumeSource*; 19 configMap ConfigMapVolumeSource*; 26 projected ProjectedVolumeSource*",
  WeightedPodAffinityTerm: "1 weight int32!; 2 podAffinityTerm PodAffinityTerm",
};
