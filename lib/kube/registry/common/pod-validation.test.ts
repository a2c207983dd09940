import { describe, expect, it } from "vitest";
import { aggregateFieldErrors, errors } from "../../api";
import { defaultPod, defaultPodTemplateSpec } from "./pod-defaults";
import { validatePodSpec, validatePodTemplateSpec } from "./pod-validation";

function check(spec: Record<string, unknown>, path = "spec"): string {
  const pod: Record<string, unknown> = { spec };
  defaultPod(pod);
  const errs = validatePodSpec(pod.spec, path);
  return errs.length ? aggregateFieldErrors(errs) : "";
}

describe("validatePodSpec", () => {
  it("accepts a minimal pod", () => {
    expect(check({ containers: [{ name: "web", image: "nginx" }] })).toBe("");
  });

  it("requires containers", () => {
    expect(check({ containers: [] })).toBe("spec.containers: Required value");
  });

  it("requires an image, with the Invalid status message upstream prints", () => {
    const pod: Record<string, unknown> = { spec: { containers: [{ name: "web" }] } };
    defaultPod(pod);
    const errs = validatePodSpec(pod.spec, "spec");
    expect(errors.invalid("", "Pod", "x", errs).status.message).toBe('Pod "x" is invalid: spec.containers[0].image: Required value');
  });

  it("checks container names and duplicates", () => {
    expect(check({ containers: [{ name: "Web", image: "a" }] })).toBe(
      `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    );
    expect(check({ containers: [{ name: "a", image: "x" }, { name: "a", image: "y" }] })).toBe('spec.containers[1].name: Duplicate value: "a"');
    expect(check({ containers: [{ name: "a", image: "x" }], initContainers: [{ name: "a", image: "y" }] })).toBe('spec.initContainers[0].name: Duplicate value: "a"');
  });

  it("checks ports", () => {
    expect(check({ containers: [{ name: "a", image: "x", ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: "HTTP" }, {}] }] })).toBe(
      '[spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP", spec.containers[0].ports[2].containerPort: Required value]',
    );
  });

  it("checks env names and valueFrom", () => {
    expect(check({ containers: [{ name: "a", image: "x", env: [{ name: "" }, { name: "A=B" }, { name: "C", valueFrom: {} }] }] })).toBe(
      "[spec.containers[0].env[0].name: Required value, spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '=', spec.containers[0].env[2].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`]",
    );
  });

  it("checks volumes and mounts", () => {
    expect(
      check({
        containers: [{ name: "a", image: "x", volumeMounts: [{ name: "missing", mountPath: "/a" }, { name: "data", mountPath: "/a" }] }],
        volumes: [{ name: "data" }, { name: "data" }, { name: "cm", configMap: {} }],
      }),
    ).toBe(
      '[spec.volumes[1].name: Duplicate value: "data", spec.volumes[2].configMap.name: Required value, spec.containers[0].volumeMounts[0].name: Not found: "missing", spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/a": must be unique]',
    );
  });

  it("checks restartPolicy and dnsPolicy values", () => {
    expect(check({ restartPolicy: "Sometimes", containers: [{ name: "a", image: "x" }] })).toBe(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it("checks probes", () => {
    expect(check({ containers: [{ name: "a", image: "x", livenessProbe: { successThreshold: 2 }, readinessProbe: { exec: {} } }] })).toBe(
      "[spec.containers[0].livenessProbe: Required value: must specify a handler type, spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1, spec.containers[0].readinessProbe.exec.command: Required value]",
    );
  });

  it("checks requests against limits", () => {
    expect(check({ containers: [{ name: "a", image: "x", resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } }] })).toBe(
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    );
    expect(check({ containers: [{ name: "a", image: "x", resources: { requests: { gpu: "1" } } }] })).toBe(
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    );
    expect(check({ containers: [{ name: "a", image: "x", resources: { limits: { memory: "lots" } } }] })).toContain(
      "spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": quantities must match the regular expression",
    );
  });

  it("checks tolerations", () => {
    expect(check({ containers: [{ name: "a", image: "x" }], tolerations: [{ operator: "Equal", value: "x" }, { key: "k", operator: "Exists", effect: "Sometimes" }] })).toBe(
      '[spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys", spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"]',
    );
  });

  it("checks activeDeadlineSeconds", () => {
    expect(check({ activeDeadlineSeconds: 0, containers: [{ name: "a", image: "x" }] })).toBe(
      "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
    );
  });
});

describe("validatePodTemplateSpec", () => {
  it("uses the template path", () => {
    const tpl: Record<string, unknown> = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "a" }] } };
    defaultPodTemplateSpec(tpl);
    expect(aggregateFieldErrors(validatePodTemplateSpec(tpl, "spec.template"))).toBe("spec.template.spec.containers[0].image: Required value");
  });
});
