import { describe, expect, it } from "vitest";
import { StatusError } from "../api/errors";
import type { KubeObject } from "../api/types";
import { PROTOBUF_MAGIC, decodeMessage, decodeProtobufObject, encodeProtobufObject, supportedKinds } from "./index";
import { schema } from "./kinds";
import { Writer, WIRE_BYTES, WIRE_VARINT } from "./wire";

function statusOf(fn: () => unknown): { code: number; reason?: string; message?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error("expected a StatusError");
}

/** k8s\0 + Unknown{typeMeta{apiVersion,kind}, raw} around hand-built raw bytes */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const tm = new Writer().string(1, apiVersion).string(2, kind).finish();
  return new Writer().raw(PROTOBUF_MAGIC).bytes(1, tm).bytes(2, raw).finish();
}

describe("descriptor tables", () => {
  it("parse, and every referenced message exists", () => {
    expect(schema.check()).toEqual([]);
  });
  it("cover the kinds kubectl sends as protobuf", () => {
    const kinds = supportedKinds().map((k) => `${k.apiVersion}/${k.kind}`);
    for (const k of [
      "v1/Namespace",
      "v1/ConfigMap",
      "v1/Secret",
      "v1/Service",
      "v1/ServiceAccount",
      "v1/ResourceQuota",
      "apps/v1/Deployment",
      "batch/v1/Job",
      "batch/v1/CronJob",
      "authorization.k8s.io/v1/SelfSubjectAccessReview",
      "authorization.k8s.io/v1/SelfSubjectRulesReview",
      "authentication.k8s.io/v1/SelfSubjectReview",
      "authentication.k8s.io/v1/TokenRequest",
      "rbac.authorization.k8s.io/v1/Role",
      "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
      "policy/v1/PodDisruptionBudget",
      "policy/v1/Eviction",
      "scheduling.k8s.io/v1/PriorityClass",
      "networking.k8s.io/v1/Ingress",
    ]) {
      expect(kinds).toContain(k);
    }
  });
});

describe("Go JSON semantics", () => {
  it("emits pointers when set (even zero), drops zero omitempty scalars, keeps non-pointer structs", () => {
    // DeploymentSpec: replicas=0 (pointer), minReadySeconds=0 (omitempty), paused=false
    const spec = new Writer().tag(1, WIRE_VARINT).varint(0).tag(5, WIRE_VARINT).varint(0).tag(7, WIRE_VARINT).varint(0).finish();
    const json = decodeMessage("DeploymentSpec", spec);
    expect(json).toEqual({ replicas: 0, template: { metadata: { creationTimestamp: null }, spec: { containers: null } }, strategy: {} });
  });

  it("reads negative int32/int64, packed and unpacked repeated varints", () => {
    // PodSecurityContext: runAsUser = -1 (int64*), supplementalGroups packed [1, 2] and unpacked 3
    const packed = new Writer().varint(1).varint(2).finish();
    const psc = new Writer().tag(2, WIRE_VARINT).varint(-1).bytes(4, packed).tag(4, WIRE_VARINT).varint(3).finish();
    expect(decodeMessage("PodSecurityContext", psc)).toEqual({ runAsUser: -1, supplementalGroups: [1, 2, 3] });
  });

  it("skips unknown fields of every wire type", () => {
    const cm = new Writer()
      .bytes(1, new Writer().string(1, "x").finish())
      .tag(99, WIRE_VARINT)
      .varint(12345)
      .tag(98, 1)
      .raw(new Uint8Array(8))
      .tag(97, 5)
      .raw(new Uint8Array(4))
      .bytes(96, new Uint8Array([1, 2, 3]))
      .bytes(2, new Writer().string(1, "k").string(2, "v").finish())
      .finish();
    expect(decodeProtobufObject(envelope("v1", "ConfigMap", cm))).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name: "x", creationTimestamp: null },
      data: { k: "v" },
    });
  });

  it("renders Time, IntOrString, Quantity and inline structs like Go", () => {
    const obj = {
      kind: "Deployment",
      apiVersion: "apps/v1",
      metadata: {
        name: "web",
        namespace: "prod",
        uid: "u-1",
        creationTimestamp: "2024-05-06T07:08:09Z",
        deletionTimestamp: "2024-05-06T07:09:00Z",
        deletionGracePeriodSeconds: 30,
        labels: { b: "2", a: "1" },
        annotations: { "deployment.kubernetes.io/revision": "3" },
        ownerReferences: [{ apiVersion: "v1", kind: "Thing", name: "t", uid: "u-0", controller: true }],
        finalizers: ["f"],
        managedFields: [
          {
            manager: "kubectl",
            operation: "Update",
            apiVersion: "apps/v1",
            time: "2024-05-06T07:08:09Z",
            fieldsType: "FieldsV1",
            fieldsV1: { "f:spec": {} },
          },
        ],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["fe"] }] },
        template: {
          metadata: { creationTimestamp: null, labels: { app: "web" } },
          spec: {
            volumes: [
              { name: "cfg", configMap: { name: "cfg", items: [{ key: "a", path: "a.txt" }], defaultMode: 420 } },
              { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
              { name: "sec", secret: { secretName: "s", optional: false } },
            ],
            containers: [
              {
                name: "web",
                image: "nginx:1.27",
                ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
                env: [
                  { name: "A", value: "1" },
                  { name: "B", valueFrom: { configMapKeyRef: { name: "cfg", key: "b" } } },
                  { name: "C", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } },
                  { name: "D", valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1m" } } },
                ],
                envFrom: [{ secretRef: { name: "s" } }],
                resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m" } },
                volumeMounts: [{ name: "cfg", readOnly: true, mountPath: "/etc/cfg" }],
                livenessProbe: { httpGet: { path: "/healthz", port: "http", scheme: "HTTP" }, initialDelaySeconds: 3, periodSeconds: 10 },
                readinessProbe: { tcpSocket: { port: 80 } },
                startupProbe: { exec: { command: ["true"] }, failureThreshold: 30 },
                lifecycle: { preStop: { sleep: { seconds: 5 } } },
                imagePullPolicy: "IfNotPresent",
                securityContext: { runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
              },
            ],
            restartPolicy: "Always",
            terminationGracePeriodSeconds: 30,
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
            affinity: {
              podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                  {
                    weight: 100,
                    podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" },
                  },
                ],
              },
            },
          },
        },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {},
    } as unknown as KubeObject;
    const back = decodeProtobufObject(encodeProtobufObject(obj));
    // the JSON Go would write: sorted map keys, zero Time as null
    const expected = structuredClone(obj) as KubeObject;
    expected.metadata.labels = { a: "1", b: "2" };
    expect(back).toEqual(expected);
    const c = (back.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers[0]!;
    expect(Object.keys(c)).toEqual([
      "name",
      "image",
      "ports",
      "envFrom",
      "env",
      "resources",
      "volumeMounts",
      "livenessProbe",
      "readinessProbe",
      "startupProbe",
      "lifecycle",
      "imagePullPolicy",
      "securityContext",
    ]);
    expect(c.livenessProbe).toEqual({
      httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
      initialDelaySeconds: 3,
      periodSeconds: 10,
    });
  });

  it.each([
    {
      kind: "Eviction",
      apiVersion: "policy/v1",
      metadata: { name: "web-1", namespace: "prod", creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 0, preconditions: { uid: "u-1" }, dryRun: ["All"] },
    },
    {
      kind: "PodDisruptionBudget",
      apiVersion: "policy/v1",
      metadata: { name: "p", creationTimestamp: null },
      spec: { maxUnavailable: "50%", unhealthyPodEvictionPolicy: "AlwaysAllow" },
      status: {
        disruptedPods: { "web-1": "2024-01-02T03:04:05Z" },
        disruptionsAllowed: 1,
        currentHealthy: 2,
        desiredHealthy: 1,
        expectedPods: 2,
        conditions: [
          { type: "DisruptionAllowed", status: "True", lastTransitionTime: "2024-01-02T03:04:05Z", reason: "SufficientPods", message: "" },
        ],
      },
    },
    {
      kind: "TokenReview",
      apiVersion: "authentication.k8s.io/v1",
      metadata: { creationTimestamp: null },
      spec: { token: "abc" },
      status: { authenticated: true, user: { username: "alice", groups: ["devs"], extra: { scopes: ["a", "b"] } } },
    },
    {
      kind: "Pod",
      apiVersion: "v1",
      metadata: { name: "p", creationTimestamp: null },
      spec: {
        containers: [{ name: "c", image: "busybox", resources: {} }],
        initContainers: [{ name: "i", image: "busybox", resources: {}, restartPolicy: "Always" }],
      },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: "2024-01-02T03:04:05Z" }],
        podIP: "10.0.0.5",
        podIPs: [{ ip: "10.0.0.5" }],
        startTime: "2024-01-02T03:04:00Z",
        containerStatuses: [
          {
            name: "c",
            state: { running: { startedAt: "2024-01-02T03:04:01Z" } },
            lastState: {},
            ready: true,
            restartCount: 0,
            image: "busybox",
            imageID: "",
            started: true,
          },
        ],
        qosClass: "BestEffort",
      },
    },
    {
      kind: "Ingress",
      apiVersion: "networking.k8s.io/v1",
      metadata: { name: "i", creationTimestamp: null },
      spec: {
        ingressClassName: "nginx",
        tls: [{ hosts: ["a.example"], secretName: "tls" }],
        rules: [
          {
            host: "a.example",
            http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "s", port: { name: "http" } } } }] },
          },
        ],
      },
      status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } },
    },
  ] as unknown as KubeObject[])("round-trips $apiVersion $kind", (obj) => {
    expect(decodeProtobufObject(encodeProtobufObject(obj))).toEqual(obj);
  });

  it("formats MicroTime-free times with seconds precision and zero Time as null", () => {
    const meta = new Writer()
      .string(1, "n")
      .bytes(8, new Writer().tag(1, WIRE_VARINT).varint(0).tag(2, WIRE_VARINT).varint(5).finish())
      .bytes(9, new Uint8Array())
      .finish();
    expect(decodeMessage("ObjectMeta", meta)).toEqual({ name: "n", creationTimestamp: "1970-01-01T00:00:00Z", deletionTimestamp: null });
  });

  it("gives absent non-pointer Quantity and IntOrString their zero JSON", () => {
    expect(decodeMessage("ResourceFieldSelector", new Writer().string(2, "limits.cpu").finish())).toEqual({
      resource: "limits.cpu",
      divisor: "0",
    });
    expect(decodeMessage("ServicePort", new Writer().tag(3, WIRE_VARINT).varint(80).finish())).toEqual({ port: 80, targetPort: 0 });
  });
});

describe("errors", () => {
  it("rejects a body without the k8s\\0 prefix with 400", () => {
    const s = statusOf(() => decodeProtobufObject(new TextEncoder().encode('{"kind":"Pod"}')));
    expect(s.code).toBe(400);
    expect(s.reason).toBe("BadRequest");
    expect(s.message).toContain('"k8s\\x00"');
  });

  it("rejects truncated and malformed messages with 400 and a clear message", () => {
    const good = encodeProtobufObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ns1" } });
    const s = statusOf(() => decodeProtobufObject(good.subarray(0, good.length - 3)));
    expect(s.code).toBe(400);
    expect(s.message).toMatch(/^unable to decode protobuf request body: /);
    // ObjectMeta.name (a string) sent as a varint
    const bad = envelope("v1", "Namespace", new Writer().bytes(1, new Writer().tag(1, WIRE_VARINT).varint(1).finish()).finish());
    expect(statusOf(() => decodeProtobufObject(bad)).message).toContain("ObjectMeta.name (1) has wire type 0, expected 2");
    // wire type 7 does not exist
    const t7 = envelope("v1", "Namespace", new Writer().tag(99, 7).finish()); // an unknown field with wire type 7
    expect(statusOf(() => decodeProtobufObject(t7)).message).toContain("unsupported wire type 7");
    expect(statusOf(() => decodeProtobufObject(new Writer().raw(PROTOBUF_MAGIC).finish())).message).toContain("no apiVersion/kind");
  });

  it("answers 415 for a kind without a protobuf table", () => {
    const s = statusOf(() => decodeProtobufObject(envelope("example.com/v1", "Widget", new Uint8Array())));
    expect(s.code).toBe(415);
    expect(s.reason).toBe("UnsupportedMediaType");
  });

  it("rejects content encodings it cannot read", () => {
    const tm = new Writer().string(1, "v1").string(2, "Namespace").finish();
    const body = new Writer()
      .raw(PROTOBUF_MAGIC)
      .bytes(1, tm)
      .bytes(2, new Uint8Array())
      .tag(3, WIRE_BYTES)
      .varint(4)
      .raw(new TextEncoder().encode("gzip"))
      .finish();
    expect(statusOf(() => decodeProtobufObject(body)).message).toContain('content encoding "gzip"');
  });
});
