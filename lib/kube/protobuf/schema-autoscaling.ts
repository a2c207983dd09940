/**
 * Field tables of autoscaling/v2 (what `kubectl autoscale` 1.32+ sends as protobuf), transcribed
 * from upstream's staging/src/k8s.io/api/autoscaling/v2/generated.proto and the Go struct tags of
 * types.go (notation: see ./schema.ts). Not transcribed yet: the Object, Pods and External metric
 * sources and MetricStatus (status.currentMetrics), which kubectl never sends.
 */
export const autoscalingMessages: Record<string, string> = {
  HorizontalPodAutoscaler: "1 metadata ObjectMeta; 2 spec HorizontalPodAutoscalerSpec; 3 status HorizontalPodAutoscalerStatus",
  HorizontalPodAutoscalerSpec:
    "1 scaleTargetRef CrossVersionObjectReference; 2 minReplicas int32*; 3 maxReplicas int32!; 4 metrics MetricSpec[]; 5 behavior HorizontalPodAutoscalerBehavior*",
  CrossVersionObjectReference: "1 kind string!; 2 name string!; 3 apiVersion string",
  MetricSpec: "1 type string!; 4 resource ResourceMetricSource*; 7 containerResource ContainerResourceMetricSource*",
  ResourceMetricSource: "1 name string!; 2 target MetricTarget",
  ContainerResourceMetricSource: "1 name string!; 2 target MetricTarget; 3 container string!",
  MetricTarget: "1 type string!; 2 value quantity*; 3 averageValue quantity*; 4 averageUtilization int32*",
  HorizontalPodAutoscalerBehavior: "1 scaleUp HPAScalingRules*; 2 scaleDown HPAScalingRules*",
  HPAScalingRules: "3 stabilizationWindowSeconds int32*; 1 selectPolicy string*; 2 policies HPAScalingPolicy[]; 4 tolerance quantity*",
  HPAScalingPolicy: "1 type string!; 2 value int32!; 3 periodSeconds int32!",
  HorizontalPodAutoscalerStatus:
    "1 observedGeneration int64*; 2 lastScaleTime time*; 3 currentReplicas int32; 4 desiredReplicas int32!; 6 conditions HorizontalPodAutoscalerCondition[]",
  HorizontalPodAutoscalerCondition: "1 type string!; 2 status string!; 3 lastTransitionTime time; 4 reason string; 5 message string",
};
