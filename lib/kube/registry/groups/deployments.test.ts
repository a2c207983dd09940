import { describe, expect, it } from "vitest";
import { errors } from "../../api/errors";
import { deployments } from "./deployments";
import { T0, create, obj, podTemplate, update } from "./testing";

const dep = (specBody: Record<string, unknown> = {}) =>
  obj("apps/v1", "Deployment", "web", { spec: { selector: { matchLabels: { app: "web" } }, template: podTemplate({ app: "web" }), ...specBody } });

describe("deployments: discovery", () => {
  it("is served as upstream lists it", () => {
    expect(deployments).toMatchObject({ group: "apps", version: "v1", resource: "deployments", singular: "deployment", kind: "Deployment", namespaced: true });
    expect(deployments.shortNames).toEqual(["deploy"]);
    expect(deployments.categories).toEqual(["all"]);
    expect(deployments.verbs).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
    expect(deployments.subresources?.map((s) => `${s.name}:${s.responseKind.group}/${s.responseKind.kind}`)).toEqual(["status:apps/Deployment", "scale:autoscaling/Scale"]);
    expect(deployments.statusSubresource).toBe(true);
    expect(deployments.scale).toEqual({ specReplicasPath: "spec.replicas", statusReplicasPath: "status.replicas", labelSelectorPath: "spec.selector" });
  });
});

describe("deployments: defaults", () => {
  it("sets replicas, strategy, history limit, deadline and pod defaults", () => {
    const { obj: d, errors: errs } = create(deployments, dep());
    expect(errs).toEqual([]);
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: "Always", dnsPolicy: "ClusterFirst", terminationGracePeriodSeconds: 30 } },
    });
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toEqual({});
  });

  it("keeps given values and leaves Recreate without rollingUpdate", () => {
    const { obj: d } = create(deployments, dep({ replicas: 0, strategy: { type: "Recreate" }, revisionHistoryLimit: 2 }));
    expect(d.spec).toMatchObject({ replicas: 0, strategy: { type: "Recreate" }, revisionHistoryLimit: 2 });
    expect((d.spec as { strategy: Record<string, unknown> }).strategy.rollingUpdate).toBeUndefined();
  });
});

describe("deployments: validation", () => {
  it("rejects negative replicas with upstream's message", () => {
    expect(create(deployments, dep({ replicas: -1 })).errors).toEqual(["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]);
  });

  it("requires a selector", () => {
    const d = dep();
    delete (d.spec as Record<string, unknown>).selector;
    expect(create(deployments, d).errors).toEqual([
      "spec.selector: Required value",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it("rejects a selector that does not match the template labels", () => {
    const d = dep({ selector: { matchLabels: { app: "other" } }, template: podTemplate({ app: "x" }) });
    expect(create(deployments, d).errors).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it("rejects an empty selector", () => {
    expect(create(deployments, dep({ selector: {} })).errors).toContain(
      "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment",
    );
  });

  it("checks the rolling update parameters", () => {
    const errs = create(deployments, dep({ strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } })).errors;
    expect(errs).toEqual(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"]);
    expect(create(deployments, dep({ strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "150%" } } })).errors).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
    expect(create(deployments, dep({ strategy: { type: "Recreate", rollingUpdate: {} } })).errors).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
    expect(create(deployments, dep({ strategy: { type: "Blue" } })).errors).toEqual(['spec.strategy: Unsupported value: "Blue": supported values: "Recreate", "RollingUpdate"']);
  });

  it("requires progressDeadlineSeconds above minReadySeconds", () => {
    expect(create(deployments, dep({ minReadySeconds: 600 })).errors).toEqual([
      "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
    ]);
  });

  it("refuses restartPolicy other than Always", () => {
    const d = dep({ template: podTemplate({ app: "web" }, { restartPolicy: "Never" }) });
    expect(create(deployments, d).errors).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it("makes the selector immutable, printing it as Go does", () => {
    const old = create(deployments, dep()).obj;
    const changed = structuredClone(old);
    (changed.spec as Record<string, unknown>).selector = { matchLabels: { app: "web", tier: "fe" } };
    (changed.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.tier = "fe";
    const { errors: errs } = update(deployments, changed, old);
    expect(errs).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it("builds the kubectl-visible 422 message", () => {
    const errs = deployments.validateCreate!(create(deployments, dep({ replicas: -1 })).obj, { now: () => T0, get: () => undefined, list: () => [] });
    expect(errors.invalid("apps", "Deployment", "web", errs).status.message).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});

describe("deployments: update strategy", () => {
  it("keeps the stored status and bumps generation for annotation-only changes", () => {
    const old = create(deployments, dep()).obj;
    old.status = { replicas: 1 };
    const next = structuredClone(old);
    next.status = { replicas: 99 };
    next.metadata.annotations = { note: "x" };
    const { obj: d } = update(deployments, next, old);
    expect(d.status).toEqual({ replicas: 1 });
    expect(d.metadata.generation).toBe(2);
  });
});

describe("deployments: printer", () => {
  it("prints NAME READY UP-TO-DATE AVAILABLE AGE + wide columns", () => {
    const p = deployments.printer;
    expect(p.columns.map((c) => `${c.name}/${c.type}/${c.priority}`)).toEqual([
      "Name/string/0",
      "Ready/string/0",
      "Up-to-date/string/0",
      "Available/string/0",
      "Age/string/0",
      "Containers/string/1",
      "Images/string/1",
      "Selector/string/1",
    ]);
    expect(p.columns[0]?.format).toBe("name");
    const d = create(deployments, dep({ replicas: 3 })).obj;
    d.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    expect(p.cells(d, T0 + 5 * 60_000)).toEqual(["web", "2/3", 3, 2, "5m", "web", "nginx:1.27", "app=web"]);
  });

  it("shows 0/N for a fresh deployment", () => {
    const d = create(deployments, dep({ replicas: 2 })).obj;
    expect(deployments.printer.cells(d, T0 + 30_000).slice(0, 5)).toEqual(["web", "0/2", 0, 0, "30s"]);
  });
});
