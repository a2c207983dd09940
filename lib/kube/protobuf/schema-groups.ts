/**
 * Field tables of meta/v1 and the apps, batch, authorization, authentication, rbac, policy, scheduling and networking v1 groups.
 * Transcribed from upstream generated.proto files (notation: see ./schema.ts).
 */
export const groupMessages: Record<string, string> = {
  // authorization.k8s.io/v1
  NonResourceAttributes: "1 path string; 2 verb string",
  NonResourceRule: "1 verbs string[]!; 2 nonResourceURLs string[]",
  ResourceAttributes:
    "1 namespace string; 2 verb string; 3 group string; 4 version string; 5 resource string; 6 subresource string; 7 name string",
  ResourceRule: "1 verbs string[]!; 2 apiGroups string[]; 3 resources string[]; 4 resourceNames string[]",
  SelfSubjectAccessReview: "1 metadata ObjectMeta; 2 spec SelfSubjectAccessReviewSpec; 3 status SubjectAccessReviewStatus",
  SelfSubjectAccessReviewSpec: "1 resourceAttributes ResourceAttributes*; 2 nonResourceAttributes NonResourceAttributes*",
  SelfSubjectRulesReview: "1 metadata ObjectMeta; 2 spec SelfSubjectRulesReviewSpec; 3 status SubjectRulesReviewStatus",
  SelfSubjectRulesReviewSpec: "1 namespace string",
  SubjectAccessReview: "1 metadata ObjectMeta; 2 spec SubjectAccessReviewSpec; 3 status SubjectAccessReviewStatus",
  LocalSubjectAccessReview: "1 metadata ObjectMeta; 2 spec SubjectAccessReviewSpec; 3 status SubjectAccessReviewStatus",
  SubjectAccessReviewSpec:
    "1 resourceAttributes ResourceAttributes*; 2 nonResourceAttributes NonResourceAttributes*; 3 user string; 4 groups string[]; 5 extra {extraValue}; 6 uid string",
  SubjectAccessReviewStatus: "1 allowed bool!; 4 denied bool; 2 reason string; 3 evaluationError string",
  SubjectRulesReviewStatus:
    "1 resourceRules ResourceRule[]!; 2 nonResourceRules NonResourceRule[]!; 3 incomplete bool!; 4 evaluationError string",
  // apps/v1
  Deployment: "1 metadata ObjectMeta; 2 spec DeploymentSpec; 3 status DeploymentStatus",
  DeploymentSpec:
    "1 replicas int32*; 2 selector LabelSelector*; 3 template PodTemplateSpec; 4 strategy DeploymentStrategy; 5 minReadySeconds int32; 6 revisionHistoryLimit int32*; 7 paused bool; 9 progressDeadlineSeconds int32*; 10 podReplacementPolicy string*",
  DeploymentStatus:
    "1 observedGeneration int64; 2 replicas int32; 3 updatedReplicas int32; 7 readyReplicas int32; 4 availableReplicas int32; 5 unavailableReplicas int32; 9 terminatingReplicas int32*; 6 conditions DeploymentCondition[]; 8 collisionCount int32*",
  DeploymentCondition:
    "1 type string!; 2 status string!; 6 lastUpdateTime time; 7 lastTransitionTime time; 4 reason string; 5 message string",
  DeploymentStrategy: "1 type string; 2 rollingUpdate RollingUpdateDeployment*",
  RollingUpdateDeployment: "1 maxUnavailable intOrString*; 2 maxSurge intOrString*",
  ReplicaSet: "1 metadata ObjectMeta; 2 spec ReplicaSetSpec; 3 status ReplicaSetStatus",
  ReplicaSetSpec: "1 replicas int32*; 4 minReadySeconds int32; 2 selector LabelSelector*; 3 template PodTemplateSpec",
  ReplicaSetStatus:
    "1 replicas int32!; 2 fullyLabeledReplicas int32; 4 readyReplicas int32; 5 availableReplicas int32; 7 terminatingReplicas int32*; 3 observedGeneration int64; 6 conditions ReplicaSetCondition[]",
  ReplicaSetCondition: "1 type string!; 2 status string!; 3 lastTransitionTime time; 4 reason string; 5 message string",
  // batch/v1
  CronJob: "1 metadata ObjectMeta; 2 spec CronJobSpec; 3 status CronJobStatus",
  CronJobSpec:
    "1 schedule string!; 8 timeZone string*; 2 startingDeadlineSeconds int64*; 3 concurrencyPolicy string; 4 suspend bool*; 5 jobTemplate JobTemplateSpec; 6 successfulJobsHistoryLimit int32*; 7 failedJobsHistoryLimit int32*",
  CronJobStatus: "1 active ObjectReference[]; 4 lastScheduleTime time*; 5 lastSuccessfulTime time*",
  JobTemplateSpec: "1 metadata ObjectMeta; 2 spec JobSpec",
  Job: "1 metadata ObjectMeta; 2 spec JobSpec; 3 status JobStatus",
  JobCondition: "1 type string!; 2 status string!; 3 lastProbeTime time; 4 lastTransitionTime time; 5 reason string; 6 message string",
  JobSpec:
    "1 parallelism int32*; 2 completions int32*; 3 activeDeadlineSeconds int64*; 7 backoffLimit int32*; 12 backoffLimitPerIndex int32*; 13 maxFailedIndexes int32*; 4 selector LabelSelector*; 5 manualSelector bool*; 6 template PodTemplateSpec; 8 ttlSecondsAfterFinished int32*; 9 completionMode string*; 10 suspend bool*; 14 podReplacementPolicy string*; 15 managedBy string*",
  JobStatus: "1 conditions JobCondition[]; 2 startTime time*",
  // authentication.k8s.io/v1
  SelfSubjectReview: "1 metadata ObjectMeta; 2 status SelfSubjectReviewStatus",
  SelfSubjectReviewStatus: "1 userInfo UserInfo",
  UserInfo: "1 username string; 2 uid string; 3 groups string[]; 4 extra {extraValue}",
  // meta/v1
  ObjectMeta:
    "1 name string; 2 generateName string; 3 namespace string; 4 selfLink string; 5 uid string; 6 resourceVersion string; 7 generation int64; 8 creationTimestamp time; 9 deletionTimestamp time*; 10 deletionGracePeriodSeconds int64*; 11 labels {string}; 12 annotations {string}; 13 ownerReferences OwnerReference[]; 14 finalizers string[]; 17 managedFields ManagedFieldsEntry[]",
  OwnerReference: "5 apiVersion string!; 1 kind string!; 3 name string!; 4 uid string!; 6 controller bool*; 7 blockOwnerDeletion bool*",
  ManagedFieldsEntry:
    "1 manager string; 2 operation string; 3 apiVersion string; 4 time time*; 6 fieldsType string; 7 fieldsV1 fieldsV1*; 8 subresource string",
  LabelSelector: "1 matchLabels {string}; 2 matchExpressions LabelSelectorRequirement[]",
  LabelSelectorRequirement: "1 key string!; 2 operator string!; 3 values string[]",
  // rbac.authorization.k8s.io/v1
  AggregationRule: "1 clusterRoleSelectors LabelSelector[]",
  ClusterRole: "1 metadata ObjectMeta; 2 rules PolicyRule[]!; 3 aggregationRule AggregationRule*",
  ClusterRoleBinding: "1 metadata ObjectMeta; 2 subjects Subject[]; 3 roleRef RoleRef",
  PolicyRule: "1 verbs string[]!; 2 apiGroups string[]; 3 resources string[]; 4 resourceNames string[]; 5 nonResourceURLs string[]",
  Role: "1 metadata ObjectMeta; 2 rules PolicyRule[]!",
  RoleBinding: "1 metadata ObjectMeta; 2 subjects Subject[]; 3 roleRef RoleRef",
  RoleRef: "1 apiGroup string!; 2 kind string!; 3 name string!",
  Subject: "1 kind string!; 2 apiGroup string; 3 name string!; 4 namespace string",
  // policy/v1
  PodDisruptionBudget: "1 metadata ObjectMeta; 2 spec PodDisruptionBudgetSpec; 3 status PodDisruptionBudgetStatus",
  PodDisruptionBudgetSpec:
    "1 minAvailable intOrString*; 2 selector LabelSelector*; 3 maxUnavailable intOrString*; 4 unhealthyPodEvictionPolicy string*",
  PodDisruptionBudgetStatus:
    "1 observedGeneration int64; 2 disruptedPods {time}; 3 disruptionsAllowed int32!; 4 currentHealthy int32!; 5 desiredHealthy int32!; 6 expectedPods int32!; 7 conditions Condition[]",
  // scheduling.k8s.io/v1
  PriorityClass: "1 metadata ObjectMeta; 2 value int32!; 3 globalDefault bool; 4 description string; 5 preemptionPolicy string*",
  // networking.k8s.io/v1
  HTTPIngressPath: "1 path string; 3 pathType string*!; 2 backend IngressBackend",
  HTTPIngressRuleValue: "1 paths HTTPIngressPath[]!",
  Ingress: "1 metadata ObjectMeta; 2 spec IngressSpec; 3 status IngressStatus",
  IngressBackend: "4 service IngressServiceBackend*; 3 resource TypedLocalObjectReference*",
  IngressLoadBalancerIngress: "1 ip string; 2 hostname string; 4 ports IngressPortStatus[]",
  IngressLoadBalancerStatus: "1 ingress IngressLoadBalancerIngress[]",
  IngressPortStatus: "1 port int32!; 2 protocol string!; 3 error string*",
  IngressRule: "1 host string; 2 - IngressRuleValue^",
  IngressRuleValue: "1 http HTTPIngressRuleValue*",
  IngressServiceBackend: "1 name string!; 2 port ServiceBackendPort",
  IngressSpec: "4 ingressClassName string*; 1 defaultBackend IngressBackend*; 2 tls IngressTLS[]; 3 rules IngressRule[]",
  IngressStatus: "1 loadBalancer IngressLoadBalancerStatus",
  IngressTLS: "1 hosts string[]; 2 secretName string",
  ServiceBackendPort: "1 name string; 2 number int32",
  // authentication.k8s.io/v1 (more)
  BoundObjectReference: "1 kind string; 2 apiVersion string; 3 name string; 4 uid string",
  TokenRequest: "1 metadata ObjectMeta; 2 spec TokenRequestSpec; 3 status TokenRequestStatus",
  TokenRequestSpec: "1 audiences string[]!; 4 expirationSeconds int64*; 3 boundObjectRef BoundObjectReference*!",
  TokenRequestStatus: "1 token string!; 2 expirationTimestamp time",
  TokenReview: "1 metadata ObjectMeta; 2 spec TokenReviewSpec; 3 status TokenReviewStatus",
  TokenReviewSpec: "1 token string",
  TokenReviewStatus: "1 authenticated bool; 2 user UserInfo; 3 error string",
  // meta/v1 (more)
  Condition: "1 type string!; 2 status string!; 3 observedGeneration int64; 4 lastTransitionTime time; 5 reason string!; 6 message string!",
  Eviction: "1 metadata ObjectMeta; 2 deleteOptions DeleteOptions*",
  DeleteOptions:
    "1 gracePeriodSeconds int64*; 2 preconditions Preconditions*; 3 orphanDependents bool*; 4 propagationPolicy string*; 5 dryRun string[]",
  Preconditions: "1 uid string*; 2 resourceVersion string*",
};
