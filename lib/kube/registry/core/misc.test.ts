import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { bindings } from "./bindings";
import { podtemplates, replicationcontrollers } from "./podtemplates";
import { serviceaccounts } from "./serviceaccounts";
import { persistentvolumeclaims, persistentvolumes } from "./volumes";
import { NOW, created, ctx, obj } from "./testing";

describe("serviceaccounts", () => {
  it("prints SECRETS and exposes the token subresource", () => {
    const sa = created(serviceaccounts, obj("ServiceAccount", "default", { secrets: [{ name: "t" }] }));
    expect(serviceaccounts.printer.cells(sa, NOW)).toEqual(["default", 1, "60m"]);
    expect(serviceaccounts.subresources).toEqual([{ name: "token", responseKind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }, verbs: ["create"] }]);
    expect(serviceaccounts.validateCreate!(sa, ctx())).toEqual([]);
  });
});

describe("bindings", () => {
  it("is create-only and validates the target", () => {
    expect(bindings.verbs).toEqual(["create"]);
    const b = obj("Binding", "web", { target: { kind: "Pod" } });
    expect(aggregateFieldErrors(bindings.validateCreate!(b, ctx()))).toBe('[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]');
    expect(bindings.validateCreate!(obj("Binding", "web", { target: { apiVersion: "v1", kind: "Node", name: "n1" } }), ctx())).toEqual([]);
  });
});

describe("podtemplates and replicationcontrollers", () => {
  const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } };

  it("podtemplate printer", () => {
    const pt = created(podtemplates, obj("PodTemplate", "t", { template: structuredClone(template) }));
    expect(podtemplates.printer.cells(pt, NOW)).toEqual(["t", "web", "nginx:1.27", "app=web"]);
    expect(podtemplates.validateCreate!(pt, ctx())).toEqual([]);
  });

  it("rc defaults selector/labels/replicas and prints", () => {
    const rc = created(replicationcontrollers, obj("ReplicationController", "rc", { spec: { template: structuredClone(template) } }));
    expect(rc.metadata.labels).toEqual({ app: "web" });
    expect((rc.spec as Record<string, unknown>).selector).toEqual({ app: "web" });
    expect(replicationcontrollers.validateCreate!(rc, ctx())).toEqual([]);
    expect(replicationcontrollers.printer.cells(rc, NOW)).toEqual(["rc", 1, 0, 0, "60m", "web", "nginx:1.27", "app=web"]);
  });

  it("rc selector must match the template", () => {
    const rc = created(replicationcontrollers, obj("ReplicationController", "rc", { spec: { selector: { app: "other" }, template: structuredClone(template) } }));
    expect(aggregateFieldErrors(replicationcontrollers.validateCreate!(rc, ctx()))).toBe(
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    );
  });
});

describe("persistent volumes and claims", () => {
  it("pv defaults and printer", () => {
    const pv = created(
      persistentvolumes,
      obj("PersistentVolume", "pv1", { spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce", "ReadOnlyMany"], hostPath: { path: "/data" }, storageClassName: "standard" } }, null),
    );
    expect(persistentvolumes.validateCreate!(pv, ctx())).toEqual([]);
    expect(persistentvolumes.printer.cells(pv, NOW)).toEqual(["pv1", "1Gi", "RWO,ROX", "Retain", "Pending", "", "standard", "<unset>", "", "60m", "Filesystem"]);
  });

  it("pvc printer shows capacity only when bound", () => {
    const pvc = created(persistentvolumeclaims, obj("PersistentVolumeClaim", "data", { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }));
    expect(persistentvolumeclaims.validateCreate!(pvc, ctx())).toEqual([]);
    expect(persistentvolumeclaims.printer.cells(pvc, NOW)).toEqual(["data", "Pending", "", "", "", "", "<unset>", "60m", "Filesystem"]);
    (pvc.spec as Record<string, unknown>).volumeName = "pv1";
    pvc.status = { phase: "Bound", capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"] };
    expect(persistentvolumeclaims.printer.cells(pvc, NOW).slice(1, 5)).toEqual(["Bound", "pv1", "1Gi", "RWO"]);
  });

  it("pvc requires access modes and storage", () => {
    const pvc = created(persistentvolumeclaims, obj("PersistentVolumeClaim", "data", { spec: {} }));
    expect(aggregateFieldErrors(persistentvolumeclaims.validateCreate!(pvc, ctx()))).toBe("[spec.accessModes: Required value, spec.resources.requests[storage]: Required value]");
  });
});
