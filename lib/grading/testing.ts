/**
 * Test helpers: an in-memory, read-only KubeClient over a list of objects (label selectors and
 * namespaces honoured, 404 as the API server answers it) and a one-exercise parser.
 */
import { errors } from "../kube/api/errors";
import type { KubeObject } from "../kube/api/types";
import { parseLabelSelector } from "../kube/api/selectors";
import type { KubeClient, ResourceRef } from "../kube/client/types";
import { parseExercisesFile } from "./load";
import type { Exercise } from "./types";

export class FakeReads implements Pick<KubeClient, "get" | "list"> {
  calls = 0;
  fail = false;
  constructor(public objects: KubeObject[]) {}

  private of(r: ResourceRef): KubeObject[] {
    return this.objects.filter((o) => kindResource(o) === `${r.group}/${r.resource}`);
  }

  get(r: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject> {
    this.calls++;
    if (this.fail) return Promise.reject(new Error("connection reset"));
    const o = this.of(r).find((x) => x.metadata.name === name && (x.metadata.namespace ?? undefined) === namespace);
    return o ? Promise.resolve(o) : Promise.reject(errors.notFound({ group: r.group, resource: r.resource }, name));
  }

  list(r: ResourceRef, opts: { namespace?: string; labelSelector?: string } = {}) {
    this.calls++;
    if (this.fail) return Promise.reject(new Error("connection reset"));
    const sel = parseLabelSelector(opts.labelSelector ?? "");
    const items = this.of(r).filter(
      (o) => (opts.namespace === undefined || o.metadata.namespace === opts.namespace) && sel.matches(o.metadata.labels ?? {}),
    );
    return Promise.resolve({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "1" }, items });
  }
}

const RESOURCES: Record<string, string> = {
  Pod: "/pods",
  Service: "/services",
  Node: "/nodes",
  Event: "/events",
  ConfigMap: "/configmaps",
  Deployment: "apps/deployments",
  ReplicaSet: "apps/replicasets",
  EndpointSlice: "discovery.k8s.io/endpointslices",
};

function kindResource(o: KubeObject): string {
  return RESOURCES[o.kind ?? ""] ?? "";
}

/** parses `yaml` (one exercises file) and returns its only exercise; throws on validation errors */
export function exerciseFrom(yaml: string): Exercise {
  const r = parseExercisesFile("/test/x.exercises.yaml", yaml);
  if (r.errors.length) throw new Error(r.errors.map(String).join("\n"));
  const ex = r.exercises[0];
  if (!ex) throw new Error("no exercise");
  return ex;
}

let uid = 0;
export function obj(
  kind: string,
  name: string,
  rest: Partial<KubeObject> & { namespace?: string | null; labels?: Record<string, string>; owner?: KubeObject } = {},
): KubeObject {
  const { namespace, labels, owner, ...more } = rest;
  const apiVersion = kind === "Deployment" || kind === "ReplicaSet" ? "apps/v1" : kind === "EndpointSlice" ? "discovery.k8s.io/v1" : "v1";
  return {
    apiVersion,
    kind,
    ...more,
    metadata: {
      name,
      uid: `uid-${++uid}`,
      resourceVersion: String(100 + uid),
      ...(namespace === null ? {} : { namespace: namespace ?? "default" }),
      ...(labels ? { labels } : {}),
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: owner.apiVersion,
                kind: owner.kind ?? "",
                name: owner.metadata.name ?? "",
                uid: owner.metadata.uid ?? "",
                controller: true,
              },
            ],
          }
        : {}),
    },
  } as KubeObject;
}
