/**
 * How components (scheduler, controllers, kubelets, kube-proxy) talk to the API server: only
 * through this client, exactly as the real ones use client-go. The in-process implementation
 * goes through the API server's full request path (authentication, admission, validation,
 * storage) so every write is traced and validated like kubectl's.
 *
 * Guarantees: objects returned are shared and read-only (copy before changing); errors are
 * `StatusError`s with the API server's reason and message; watch events arrive in
 * resourceVersion order.
 */
import type { KubeList, KubeObject } from "../api/types";
import type { WatchEvent } from "./informer";

export interface ResourceRef {
  group: string;
  version: string;
  /** plural resource name, e.g. "pods" */
  resource: string;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

export interface DeleteOptions {
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type PatchType = "json" | "merge" | "strategic" | "apply";

export interface KubeClient {
  get(r: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject>;
  list(r: ResourceRef, opts?: ListOptions): Promise<KubeList>;
  watch(
    r: ResourceRef,
    opts: ListOptions & { resourceVersion: string },
    onEvent: (e: WatchEvent) => void,
    onClose: (err?: unknown) => void,
  ): { stop(): void };
  create(r: ResourceRef, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions): Promise<KubeObject>;
  /** PUT; `obj.metadata.resourceVersion` is the compare-and-swap precondition */
  update(r: ResourceRef, namespace: string | undefined, obj: KubeObject, opts?: WriteOptions & { subresource?: "status" | "scale" | "finalize" }): Promise<KubeObject>;
  patch(
    r: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    opts?: WriteOptions & { subresource?: string; force?: boolean },
  ): Promise<KubeObject>;
  delete(r: ResourceRef, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<KubeObject | undefined>;
  /** POST to a subresource: pods/binding, pods/eviction */
  createSubresource(r: ResourceRef, namespace: string | undefined, name: string, subresource: string, body: KubeObject): Promise<unknown>;
}
