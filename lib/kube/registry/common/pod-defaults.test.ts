import { describe, expect, it } from "vitest";
import { defaultPod, defaultPodTemplateSpec, imageTag } from "./pod-defaults";

describe("imageTag", () => {
  it.each([
    ["nginx", "latest"],
    ["nginx:1.27", "1.27"],
    ["registry:5000/app", "latest"],
    ["registry:5000/app:v1", "v1"],
    ["nginx@sha256:abc", ""],
  ])("%s -> %s", (image, tag) => expect(imageTag(image)).toBe(tag));
});

describe("defaultPod", () => {
  it("applies SetDefaults_Pod/PodSpec/Container/Probe/Volume", () => {
    const pod: Record<string, unknown> = {
      spec: {
        serviceAccountName: "builder",
        containers: [
          {
            name: "web",
            image: "nginx",
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m" } },
            livenessProbe: { httpGet: { port: 80 } },
            env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
          },
          { name: "side", image: "busybox:1.36" },
        ],
        volumes: [{ name: "scratch" }, { name: "cfg", configMap: { name: "c" } }, { name: "s", secret: { secretName: "s" } }],
      },
    };
    defaultPod(pod);
    expect(pod.spec).toEqual({
      serviceAccountName: "builder",
      serviceAccount: "builder",
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
      enableServiceLinks: true,
      containers: [
        {
          name: "web",
          image: "nginx",
          imagePullPolicy: "Always",
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m", memory: "128Mi" } },
          livenessProbe: { httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          env: [{ name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName", apiVersion: "v1" } } }],
        },
        {
          name: "side",
          image: "busybox:1.36",
          imagePullPolicy: "IfNotPresent",
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      volumes: [
        { name: "scratch", emptyDir: {} },
        { name: "cfg", configMap: { name: "c", defaultMode: 420 } },
        { name: "s", secret: { secretName: "s", defaultMode: 420 } },
      ],
    });
  });

  it("keeps values already set and copies hostNetwork ports", () => {
    const pod: Record<string, unknown> = {
      spec: { hostNetwork: true, restartPolicy: "Never", terminationGracePeriodSeconds: 0, containers: [{ name: "a", image: "x:1", imagePullPolicy: "Never", ports: [{ containerPort: 8080 }] }] },
    };
    defaultPod(pod);
    const spec = pod.spec as Record<string, unknown>;
    expect(spec.restartPolicy).toBe("Never");
    expect(spec.terminationGracePeriodSeconds).toBe(0);
    const c = (spec.containers as Record<string, unknown>[])[0]!;
    expect(c.imagePullPolicy).toBe("Never");
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: "TCP", hostPort: 8080 }]);
  });
});

describe("defaultPodTemplateSpec", () => {
  it("defaults the spec but not SetDefaults_Pod fields", () => {
    const tpl: Record<string, unknown> = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a", image: "x", resources: { limits: { cpu: "1" } } }] } };
    defaultPodTemplateSpec(tpl);
    const spec = tpl.spec as Record<string, unknown>;
    expect(spec.restartPolicy).toBe("Always");
    expect(spec.enableServiceLinks).toBeUndefined();
    expect((spec.containers as Record<string, unknown>[])[0]!.resources).toEqual({ limits: { cpu: "1" } });
  });
});
