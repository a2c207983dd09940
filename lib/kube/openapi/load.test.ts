import { describe, expect, it } from "vitest";
import { definitionForKind, schemaForDefinition, schemaSource } from "./load";
import { defaultResources, SCHEMA_SUBRESOURCES } from "./resources";
import type { SchemaNode } from "./types";

function at(node: SchemaNode | undefined, path: string): SchemaNode {
  let n = node;
  for (const part of path.split(".")) {
    if (!n) break;
    n = part === "[]" ? n.items : n.properties?.[part];
  }
  if (!n) throw new Error(`no schema at ${path}`);
  return n;
}

const deployment = () => schemaSource.forKind({ group: "apps", version: "v1", kind: "Deployment" });
const pod = () => schemaSource.forKind({ group: "", version: "v1", kind: "Pod" });

describe("schemaSource", () => {
  it("has a schema for every served kind and its schema-bearing subresource kinds", () => {
    const served = defaultResources();
    expect(served.length).toBeGreaterThan(20);
    for (const r of served) {
      const node = schemaSource.forKind(r);
      expect(node?.definition, `${r.group}/${r.version} ${r.kind}`).toBe(definitionForKind(r));
      expect(node?.type).toBe("object");
      for (const s of r.subresources ?? []) {
        if (SCHEMA_SUBRESOURCES.has(s.name)) expect(schemaSource.forKind(s.responseKind), `${r.resource}/${s.name}`).toBeDefined();
      }
    }
    expect(schemaSource.forKind({ group: "apps", version: "v1", kind: "Nope" })).toBeUndefined();
  });

  it("names definitions as upstream does", () => {
    expect(deployment()?.definition).toBe("io.k8s.api.apps.v1.Deployment");
    expect(at(deployment(), "metadata").definition).toBe("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    expect(at(deployment(), "spec.template.spec.containers.[]").definition).toBe("io.k8s.api.core.v1.Container");
  });

  it("carries strategic merge patch metadata on containers", () => {
    const containers = at(deployment(), "spec.template.spec.containers");
    expect(containers.type).toBe("array");
    expect(containers.patchMergeKey).toBe("name");
    expect(containers.patchStrategy).toBe("merge");
    const ports = at(containers, "[].ports");
    expect(ports).toMatchObject({ patchMergeKey: "containerPort", patchStrategy: "merge", listType: "map" });
    expect(ports.listMapKeys).toEqual(["containerPort", "protocol"]);
    expect(at(pod(), "spec.volumes").patchStrategy).toBe("merge,retainKeys");
    expect(at(deployment(), "spec.strategy").patchStrategy).toBe("retainKeys");
    expect(at(pod(), "metadata.finalizers")).toMatchObject({ patchStrategy: "merge", listType: "set" });
    expect(at(deployment(), "spec.selector").mapType).toBe("atomic");
  });

  it("keeps field descriptions and the definition's structure on $ref fields", () => {
    const spec = at(deployment(), "spec");
    expect(spec.description).toBe("Specification of the desired behavior of the Deployment.");
    expect(spec.required).toEqual(["selector", "template"]);
    const replicas = at(spec, "replicas");
    expect(replicas).toMatchObject({ type: "integer", format: "int32" });
    expect(replicas.description).toMatch(/^Number of desired pods\./);
  });

  it("describes scalars as upstream (int-or-string, quantity, time, bytes, enums)", () => {
    const maxSurge = at(deployment(), "spec.strategy.rollingUpdate.maxSurge");
    expect(maxSurge.intOrString).toBe(true);
    expect(maxSurge.format).toBe("int-or-string");
    expect(maxSurge.type).toBeUndefined();
    const cpu = at(pod(), "spec.containers.[].resources.limits");
    expect(cpu.type).toBe("object");
    expect(cpu.additionalProperties).toMatchObject({ type: "string", definition: "io.k8s.apimachinery.pkg.api.resource.Quantity" });
    expect(at(pod(), "metadata.creationTimestamp")).toMatchObject({ type: "string", format: "date-time" });
    const secret = schemaSource.forKind({ group: "", version: "v1", kind: "Secret" });
    expect(at(secret, "data").additionalProperties).toMatchObject({ type: "string", format: "byte" });
    expect(at(pod(), "spec.containers.[].imagePullPolicy").enum).toEqual(["Always", "IfNotPresent", "Never"]);
  });

  it("marks undescribed objects as preserving unknown fields", () => {
    const rev = schemaSource.forKind({ group: "apps", version: "v1", kind: "ControllerRevision" });
    expect(at(rev, "data").preserveUnknownFields).toBe(true);
    expect(at(pod(), "metadata.managedFields.[].fieldsV1").preserveUnknownFields).toBe(true);
  });

  it("shares frozen nodes", () => {
    expect(deployment()).toBe(deployment());
    // a $ref use site shares the definition's property table
    expect(at(pod(), "spec.containers.[]").properties).toBe(schemaForDefinition("io.k8s.api.core.v1.Container")?.properties);
    expect(Object.isFrozen(deployment())).toBe(true);
    expect(Object.isFrozen(at(deployment(), "spec.template.spec.containers"))).toBe(true);
  });

  it("puts x-kubernetes-group-version-kind only on kinds", () => {
    expect(definitionForKind({ group: "", version: "v1", kind: "Event" })).toBe("io.k8s.api.core.v1.Event");
    expect(definitionForKind({ group: "events.k8s.io", version: "v1", kind: "Event" })).toBe("io.k8s.api.events.v1.Event");
    expect(definitionForKind({ group: "apps", version: "v1", kind: "DeploymentList" })).toBe("io.k8s.api.apps.v1.DeploymentList");
    expect(definitionForKind({ group: "apps", version: "v1", kind: "DeploymentSpec" })).toBeUndefined();
  });
});
