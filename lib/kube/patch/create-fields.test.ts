import { describe, expect, it } from "vitest";
import type { KubeObject } from "../api";
import { schemaSource } from "../openapi";
import { updateManagedFields } from "./update";
import { shapeSignature } from "./create-fields";
import { deployment, deploymentSchema } from "./test-schema";

const T0 = "2026-11-27T10:00:00Z";
const podSchema = schemaSource.forKind({ group: "", version: "v1", kind: "Pod" });
const eventSchema = schemaSource.forKind({ group: "", version: "v1", kind: "Event" });

/** the same computation without the memo (an explicit ignore list takes the general path) */
const general = (after: KubeObject, schema: typeof podSchema, manager = "m") =>
  updateManagedFields({ before: undefined, after, manager, apiVersion: after.apiVersion, schema, now: T0, ignoredFields: [["status"]] });
const memoized = (after: KubeObject, schema: typeof podSchema, manager = "m") =>
  updateManagedFields({ before: undefined, after, manager, apiVersion: after.apiVersion, schema, now: T0 });

const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels: { app: name } },
  spec: { containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80 }], command: ["sh", "-c", name] }], ...extra },
});

const event = (name: string, count: number): KubeObject => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name, namespace: "default" },
  involvedObject: { kind: "Pod", name, namespace: "default", uid: `uid-${name}` },
  reason: "Scheduled",
  message: `assigned ${name}`,
  source: { component: "default-scheduler" },
  count,
  type: "Normal",
  eventTime: null,
});

describe("managedFields of a create, memoized per shape", () => {
  it("equals the general computation, on a miss and on every hit", () => {
    expect(podSchema).toBeDefined();
    for (const obj of [pod("a"), pod("b"), pod("a", { nodeSelector: { disk: "ssd" } }), event("e1", 1), event("e2", 7), deployment() as unknown as KubeObject]) {
      const schema = obj.kind === "Pod" ? podSchema : obj.kind === "Event" ? eventSchema : deploymentSchema;
      const want = general(obj, schema);
      expect(want.length).toBe(1);
      expect(memoized(obj, schema)).toEqual(want);
      expect(memoized(obj, schema)).toEqual(want);
    }
  });

  it("shares one frozen FieldsV1 between objects of one shape", () => {
    const [a] = memoized(event("x1", 1), eventSchema);
    const [b] = memoized(event("x2", 2), eventSchema);
    expect(a!.fieldsV1).toBe(b!.fieldsV1);
    expect(Object.isFrozen(a!.fieldsV1)).toBe(true);
  });

  it("tells apart what the comparison can: present keys, list-map keys, atomic emptiness; not scalar values", () => {
    const sig = (o: KubeObject) => shapeSignature(o, podSchema);
    expect(sig(pod("a"))).toBe(sig(pod("b"))); // only scalars (a label value, an atomic list's items) differ
    const p1 = pod("a");
    const p0 = structuredClone(p1);
    (p0.spec as { containers: { command: string[] }[] }).containers[0]!.command = [];
    expect(sig(p0)).not.toBe(sig(p1));
    const p2 = structuredClone(p1);
    (p2.spec as { containers: { image: string }[] }).containers[0]!.image = "busybox";
    expect(sig(p2)).toBe(sig(p1));
    const p3 = structuredClone(p1);
    (p3.spec as { containers: { name: string }[] }).containers[0]!.name = "other";
    expect(sig(p3)).not.toBe(sig(p1));
    const p4 = structuredClone(p1);
    (p4.spec as Record<string, unknown>).hostname = null;
    expect(sig(p4)).toBe(sig(p1));
    // a manager or version change never reuses another's entry
    expect(memoized(p1, podSchema, "other")[0]!.manager).toBe("other");
  });
});
