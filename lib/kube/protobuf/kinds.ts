/**
 * Which message decodes which apiVersion/kind, and the merged schema of all tables.
 */
import { Schema } from "./schema";
import { coreV1 } from "./schema-core";
import { groupMessages } from "./schema-groups";
import { autoscalingMessages } from "./schema-autoscaling";

export const schema = new Schema({ ...coreV1, ...groupMessages, ...autoscalingMessages });

/** "apiVersion/kind" (e.g. "apps/v1/Deployment", "v1/ConfigMap") -> message name */
const KINDS: Record<string, string> = {
  "v1/Namespace": "Namespace",
  "v1/ConfigMap": "ConfigMap",
  "v1/Secret": "Secret",
  "v1/Service": "Service",
  "v1/Pod": "Pod",
  "v1/ServiceAccount": "ServiceAccount",
  "v1/ResourceQuota": "ResourceQuota",
  "apps/v1/Deployment": "Deployment",
  "apps/v1/ReplicaSet": "ReplicaSet",
  "batch/v1/Job": "Job",
  "batch/v1/CronJob": "CronJob",
  "authorization.k8s.io/v1/SelfSubjectAccessReview": "SelfSubjectAccessReview",
  "authorization.k8s.io/v1/SelfSubjectRulesReview": "SelfSubjectRulesReview",
  "authorization.k8s.io/v1/SubjectAccessReview": "SubjectAccessReview",
  "authorization.k8s.io/v1/LocalSubjectAccessReview": "LocalSubjectAccessReview",
  "authentication.k8s.io/v1/SelfSubjectReview": "SelfSubjectReview",
  "authentication.k8s.io/v1/TokenRequest": "TokenRequest",
  "authentication.k8s.io/v1/TokenReview": "TokenReview",
  "rbac.authorization.k8s.io/v1/Role": "Role",
  "rbac.authorization.k8s.io/v1/RoleBinding": "RoleBinding",
  "rbac.authorization.k8s.io/v1/ClusterRole": "ClusterRole",
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": "ClusterRoleBinding",
  "policy/v1/PodDisruptionBudget": "PodDisruptionBudget",
  "policy/v1/Eviction": "Eviction",
  "scheduling.k8s.io/v1/PriorityClass": "PriorityClass",
  "networking.k8s.io/v1/Ingress": "Ingress",
  "autoscaling/v2/HorizontalPodAutoscaler": "HorizontalPodAutoscaler",
};

export function messageForKind(apiVersion: string, kind: string): string | undefined {
  const key = `${apiVersion}/${kind}`;
  return Object.prototype.hasOwnProperty.call(KINDS, key) ? KINDS[key] : undefined;
}

/** the apiVersion/kind pairs that can be decoded */
export function supportedKinds(): { apiVersion: string; kind: string }[] {
  return Object.keys(KINDS).map((k) => {
    const i = k.lastIndexOf("/");
    return { apiVersion: k.slice(0, i), kind: k.slice(i + 1) };
  });
}
