import { describe, expect, it } from "vitest";
import { coreResources } from "./index";
import { NOW, obj } from "./testing";

/** discovery as `kubectl api-resources` shows it on a 1.33 cluster */
const expected: Record<string, { short?: string[]; namespaced: boolean; kind: string; categories?: string[] }> = {
  bindings: { namespaced: true, kind: "Binding" },
  configmaps: { short: ["cm"], namespaced: true, kind: "ConfigMap" },
  endpoints: { short: ["ep"], namespaced: true, kind: "Endpoints" },
  events: { short: ["ev"], namespaced: true, kind: "Event" },
  limitranges: { short: ["limits"], namespaced: true, kind: "LimitRange" },
  namespaces: { short: ["ns"], namespaced: false, kind: "Namespace" },
  nodes: { short: ["no"], namespaced: false, kind: "Node" },
  persistentvolumeclaims: { short: ["pvc"], namespaced: true, kind: "PersistentVolumeClaim" },
  persistentvolumes: { short: ["pv"], namespaced: false, kind: "PersistentVolume" },
  pods: { short: ["po"], namespaced: true, kind: "Pod", categories: ["all"] },
  podtemplates: { namespaced: true, kind: "PodTemplate" },
  replicationcontrollers: { short: ["rc"], namespaced: true, kind: "ReplicationController", categories: ["all"] },
  resourcequotas: { short: ["quota"], namespaced: true, kind: "ResourceQuota" },
  secrets: { namespaced: true, kind: "Secret" },
  serviceaccounts: { short: ["sa"], namespaced: true, kind: "ServiceAccount" },
  services: { short: ["svc"], namespaced: true, kind: "Service", categories: ["all"] },
};

describe("coreResources", () => {
  it("serves core/v1 with upstream's discovery data", () => {
    expect(coreResources.map((r) => r.resource).sort()).toEqual(Object.keys(expected).sort());
    for (const r of coreResources) {
      const e = expected[r.resource]!;
      expect([r.group, r.version, r.kind, r.listKind, r.namespaced], r.resource).toEqual(["", "v1", e.kind, `${e.kind}List`, e.namespaced]);
      expect(r.shortNames ?? [], r.resource).toEqual(e.short ?? []);
      expect(r.categories ?? [], r.resource).toEqual(e.categories ?? []);
      expect(r.singular, r.resource).toBe(r.resource === "endpoints" ? "endpoints" : e.kind.toLowerCase());
    }
  });

  it("every printer returns one cell per column, even for an empty object", () => {
    for (const r of coreResources) {
      const o = obj(r.kind, "x", {}, r.namespaced ? "default" : null);
      expect(r.printer.cells(o, NOW), r.resource).toHaveLength(r.printer.columns.length);
      expect(r.printer.columns.filter((c) => c.format === "name").length, r.resource).toBe(1);
    }
  });

  it("status subresources match statusSubresource", () => {
    for (const r of coreResources) {
      expect(r.statusSubresource, r.resource).toBe((r.subresources ?? []).some((s) => s.name === "status"));
    }
  });
});
