/**
 * Hand-built SchemaNode trees for the patch tests: a Deployment/Pod subset carrying the same
 * patch metadata and list types as the upstream OpenAPI (api/openapi-spec/v3).
 */
import type { SchemaNode } from "../openapi/types";

const str: SchemaNode = { type: "string" };
const int: SchemaNode = { type: "integer" };
const strMap: SchemaNode = { type: "object", additionalProperties: str };

export const objectMeta: SchemaNode = {
  type: "object",
  definition: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
  properties: {
    name: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: int,
    creationTimestamp: str,
    labels: strMap,
    annotations: strMap,
    finalizers: { type: "array", items: str, patchStrategy: "merge", listType: "set" },
    ownerReferences: {
      type: "array",
      patchStrategy: "merge",
      patchMergeKey: "uid",
      listType: "map",
      listMapKeys: ["uid"],
      items: { type: "object", properties: { uid: str, name: str, kind: str, apiVersion: str, controller: { type: "boolean" } } },
    },
    managedFields: { type: "array", items: { type: "object", properties: {} } },
  },
};

const envVar: SchemaNode = {
  type: "object",
  properties: {
    name: str,
    value: str,
    valueFrom: { type: "object", properties: { fieldRef: { type: "object", properties: { fieldPath: str } } } },
  },
};
const containerPort: SchemaNode = { type: "object", properties: { containerPort: int, protocol: str, name: str, hostPort: int } };

export const container: SchemaNode = {
  type: "object",
  definition: "io.k8s.api.core.v1.Container",
  properties: {
    name: str,
    image: str,
    args: { type: "array", items: str },
    command: { type: "array", items: str },
    env: { type: "array", items: envVar, patchStrategy: "merge", patchMergeKey: "name", listType: "map", listMapKeys: ["name"] },
    ports: {
      type: "array",
      items: containerPort,
      patchStrategy: "merge",
      patchMergeKey: "containerPort",
      listType: "map",
      listMapKeys: ["containerPort", "protocol"],
    },
    volumeMounts: {
      type: "array",
      items: { type: "object", properties: { name: str, mountPath: str, readOnly: { type: "boolean" } } },
      patchStrategy: "merge",
      patchMergeKey: "mountPath",
      listType: "map",
      listMapKeys: ["mountPath"],
    },
    resources: {
      type: "object",
      definition: "io.k8s.api.core.v1.ResourceRequirements",
      properties: { limits: strMap, requests: strMap },
    },
    imagePullPolicy: str,
  },
};

const volume: SchemaNode = {
  type: "object",
  properties: {
    name: str,
    emptyDir: { type: "object", properties: { medium: str, sizeLimit: str } },
    configMap: { type: "object", properties: { name: str, defaultMode: int } },
    secret: { type: "object", properties: { secretName: str } },
  },
};

export const podSpec: SchemaNode = {
  type: "object",
  definition: "io.k8s.api.core.v1.PodSpec",
  required: ["containers"],
  properties: {
    containers: { type: "array", items: container, patchStrategy: "merge", patchMergeKey: "name", listType: "map", listMapKeys: ["name"] },
    initContainers: {
      type: "array",
      items: container,
      patchStrategy: "merge",
      patchMergeKey: "name",
      listType: "map",
      listMapKeys: ["name"],
    },
    volumes: {
      type: "array",
      items: volume,
      patchStrategy: "merge,retainKeys",
      patchMergeKey: "name",
      listType: "map",
      listMapKeys: ["name"],
    },
    tolerations: { type: "array", items: { type: "object", properties: { key: str, operator: str, effect: str } }, listType: "atomic" },
    nodeSelector: { type: "object", additionalProperties: str, mapType: "atomic" },
    restartPolicy: str,
    serviceAccountName: str,
  },
};

export const podTemplateSpec: SchemaNode = {
  type: "object",
  definition: "io.k8s.api.core.v1.PodTemplateSpec",
  properties: { metadata: objectMeta, spec: podSpec },
};

const condition: SchemaNode = { type: "object", properties: { type: str, status: str, reason: str, message: str } };

export const deploymentSchema: SchemaNode = {
  type: "object",
  definition: "io.k8s.api.apps.v1.Deployment",
  properties: {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    spec: {
      type: "object",
      definition: "io.k8s.api.apps.v1.DeploymentSpec",
      required: ["selector", "template"],
      properties: {
        replicas: int,
        paused: { type: "boolean" },
        selector: {
          type: "object",
          mapType: "atomic",
          properties: { matchLabels: strMap, matchExpressions: { type: "array", items: { type: "object", properties: { key: str } } } },
        },
        template: podTemplateSpec,
        strategy: {
          type: "object",
          definition: "io.k8s.api.apps.v1.DeploymentStrategy",
          patchStrategy: "retainKeys",
          properties: {
            type: str,
            rollingUpdate: { type: "object", properties: { maxSurge: { intOrString: true }, maxUnavailable: { intOrString: true } } },
          },
        },
        revisionHistoryLimit: int,
      },
    },
    status: {
      type: "object",
      properties: {
        replicas: int,
        readyReplicas: int,
        conditions: {
          type: "array",
          items: condition,
          patchStrategy: "merge",
          patchMergeKey: "type",
          listType: "map",
          listMapKeys: ["type"],
        },
      },
    },
  },
};

export const podSchema: SchemaNode = {
  type: "object",
  definition: "io.k8s.api.core.v1.Pod",
  properties: { apiVersion: str, kind: str, metadata: objectMeta, spec: podSpec, status: { type: "object", properties: { phase: str } } },
};

/** A CRD-like schema whose `spec.config` keeps unknown fields. */
export const preserveSchema: SchemaNode = {
  type: "object",
  properties: {
    metadata: objectMeta,
    spec: { type: "object", properties: { config: { type: "object", preserveUnknownFields: true }, items: { type: "array", items: str } } },
  },
};

export function deployment(overrides: { replicas?: number; containers?: unknown[]; labels?: Record<string, string> } = {}) {
  const labels = overrides.labels ?? { app: "web" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: overrides.containers ?? [{ name: "nginx", image: "nginx:1.25", ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}
