/**
 * One informer per resource (and namespace/selector scope) per cluster, shared by every
 * component, like client-go's SharedInformerFactory: the scheduler, the controllers and the
 * kubelets all read the same cache, so a cluster holds each object once.
 */
import type { KubeClient, ResourceRef } from "./types";
import { Informer, type ListWatch } from "./informer";

export function listWatchFor(client: KubeClient, ref: ResourceRef, opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {}): ListWatch {
  return {
    async list() {
      const l = await client.list(ref, opts);
      return { items: l.items, resourceVersion: l.metadata.resourceVersion ?? "0" };
    },
    watch(resourceVersion, onEvent, onClose) {
      return client.watch(ref, { ...opts, resourceVersion }, onEvent, onClose);
    },
  };
}

export class InformerFactory {
  private readonly informers = new Map<string, { informer: Informer; started: Promise<void> | undefined }>();

  constructor(private readonly client: KubeClient) {}

  /** the shared informer for `ref` (optionally scoped by a field selector, e.g. a kubelet's `spec.nodeName=<node>`) */
  informerFor(ref: ResourceRef, opts: { fieldSelector?: string } = {}): Informer {
    const key = `${ref.group}/${ref.version}/${ref.resource}?${opts.fieldSelector ?? ""}`;
    let entry = this.informers.get(key);
    if (!entry) {
      entry = { informer: new Informer(listWatchFor(this.client, ref, opts)), started: undefined };
      this.informers.set(key, entry);
    }
    return entry.informer;
  }

  /** starts every informer not yet started and resolves once all have synced */
  async start(): Promise<void> {
    const all: Promise<void>[] = [];
    for (const entry of this.informers.values()) {
      entry.started ??= entry.informer.start();
      all.push(entry.started);
    }
    await Promise.all(all);
  }

  stop(): void {
    for (const { informer } of this.informers.values()) informer.stop();
    this.informers.clear();
  }
}
