/**
 * Reads for one grading round through the target's Kubernetes API: each get/list is made once
 * per round (checks on the same Deployment share one GET), and every object read is remembered
 * (kind, namespace, name, resourceVersion) as evidence.
 */
import { StatusError } from "../kube/api/errors";
import type { KubeObject } from "../kube/api/types";
import type { KubeClient } from "../kube/client/types";
import type { EvidenceObject, KindInfo } from "./types";

export class Reader {
  private readonly cache = new Map<string, Promise<unknown>>();
  readonly seen = new Map<string, EvidenceObject>();

  constructor(private readonly client: Pick<KubeClient, "get" | "list">) {}

  /** the object, or undefined when it does not exist */
  get(info: KindInfo, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const ns = info.namespaced ? namespace : undefined;
    const key = `get ${info.group}/${info.resource} ${ns ?? ""}/${name}`;
    let p = this.cache.get(key) as Promise<KubeObject | undefined> | undefined;
    if (!p) {
      p = this.client.get(info, ns, name).then(
        (o) => (this.remember(info, o), o),
        (e: unknown) => {
          if (e instanceof StatusError && e.code === 404) return undefined;
          if ((e as { code?: unknown } | null)?.code === 404) return undefined;
          throw e;
        },
      );
      this.cache.set(key, p);
    }
    return p;
  }

  /** items of a list (all namespaces when `namespace` is undefined for a namespaced kind) */
  list(info: KindInfo, namespace: string | undefined, labelSelector?: string): Promise<KubeObject[]> {
    const ns = info.namespaced ? namespace : undefined;
    const key = `list ${info.group}/${info.resource} ${ns ?? "*"} ${labelSelector ?? ""}`;
    let p = this.cache.get(key) as Promise<KubeObject[]> | undefined;
    if (!p) {
      p = this.client.list(info, { ...(ns ? { namespace: ns } : {}), ...(labelSelector ? { labelSelector } : {}) }).then((l) => {
        for (const o of l.items) this.remember(info, o);
        return l.items;
      });
      this.cache.set(key, p);
    }
    return p;
  }

  private remember(info: KindInfo, o: KubeObject): void {
    const name = o.metadata.name ?? "";
    const ns = o.metadata.namespace;
    const key = `${info.kind}/${ns ?? ""}/${name}`;
    const e: EvidenceObject = { kind: info.kind, name };
    if (ns) e.namespace = ns;
    if (o.metadata.resourceVersion) e.resourceVersion = o.metadata.resourceVersion;
    this.seen.set(key, e);
  }
}

/** a live object (not being deleted) */
export function isLive(o: KubeObject): boolean {
  return !o.metadata.deletionTimestamp;
}
