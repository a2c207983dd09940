/**
 * The in-process client (`KubeClient`, lib/kube/client) for components living beside the API
 * server: every call runs the same stages as an HTTP request (authorization, admission,
 * validation, storage, trace) minus the wire encoding.
 */
import { errors } from "../api/errors";
import type { KubeList, KubeObject } from "../api/types";
import type { DeleteOptions, KubeClient, ListOptions, PatchType, ResourceRef, WriteOptions } from "../client/types";
import type { WatchEvent } from "../client/informer";
import type { ResourceDefinition } from "../registry/types";
import { StoreError } from "../store/types";
import { authorize } from "./auth";
import { lookup } from "./builtin-resources";
import type { ServerState } from "./context";
import { applyPatch } from "./deps";
import { bindPod, evictPod } from "./handlers/pods";
import { scaleOf } from "./handlers/scale";
import { compileSelectors, nextRequestId, rfc3339, setPath, storagePrefix, traceStage } from "./meta";
import { statusOf } from "./responses";
import { createObject } from "./rest/create";
import { deleteObject } from "./rest/delete";
import { getObject, listObjects, parseResourceVersion } from "./rest/read";
import { updateObject } from "./rest/update";
import type { OpContext, UserInfo } from "./types";
import { filterEvent } from "./watch";
import { storeFor } from "./storage-codec";

export type Loopback = KubeClient;

/** the identity in-process components act as */
export const LOOPBACK_USER: UserInfo = { username: "system:apiserver", uid: "", groups: ["system:masters", "system:authenticated"] };

export function createLoopback(state: ServerState): Loopback {
  const core = state.core;
  const plugins = state.plugins;

  function resolve(r: ResourceRef, verb: string, namespace?: string, name?: string): { def: ResourceDefinition; op: OpContext } {
    const def = lookup(r.group, r.version, r.resource);
    if (!def) throw errors.notFound({ group: r.group, resource: r.resource }, name ?? "");
    const op: OpContext = { requestId: nextRequestId(), user: LOOPBACK_USER, dryRun: false, fieldManager: "", warnings: [] };
    if (verb !== "get" && verb !== "list" && verb !== "watch") {
      const d = authorize({ user: op.user, verb, group: r.group, resource: r.resource, namespace, name });
      traceStage(core, op, "authorization", d.allowed ? "allowed" : "denied", { detail: `${verb} ${r.resource} (loopback)` });
    }
    return { def, op };
  }
  const ns = (def: ResourceDefinition, namespace?: string) => (def.namespaced ? (namespace ?? "") : "");
  const withWrite = (op: OpContext, o?: WriteOptions) => {
    op.dryRun = !!o?.dryRun;
    op.fieldManager = o?.fieldManager ?? "kube-controller-manager";
    return op;
  };

  const client: KubeClient = {
    async get(r, namespace, name) {
      const { def } = resolve(r, "get", namespace, name);
      return getObject(core, def, ns(def, namespace), name);
    },
    async list(r, o: ListOptions = {}) {
      const { def } = resolve(r, "list", o.namespace);
      const out = listObjects(core, def, ns(def, o.namespace), o);
      const list: KubeList = {
        apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
        kind: def.listKind,
        metadata: { resourceVersion: out.resourceVersion, ...(out.continue ? { continue: out.continue } : {}) },
        items: out.items,
      };
      return list;
    },
    watch(r, o, onEvent: (e: WatchEvent) => void, onClose: (err?: unknown) => void) {
      const { def } = resolve(r, "watch", o.namespace);
      const match = compileSelectors(def, o.labelSelector ?? null, o.fieldSelector ?? null);
      const prefix = storagePrefix(def, ns(def, o.namespace));
      const store = storeFor(core, def);
      const fromZero = !o.resourceVersion || o.resourceVersion === "0";
      let stopped = false;
      const matches = match ? (x: KubeObject | undefined) => !!x && match(x) : undefined;
      try {
        let from: number;
        if (fromZero) {
          const list = store.list(prefix);
          for (const item of list.items) if (!match || match(item)) onEvent({ type: "ADDED", object: item });
          from = list.revision;
        } else from = parseResourceVersion(o.resourceVersion);
        const w = store.watch(prefix, from, (ev) => {
          if (stopped) return;
          const out = filterEvent(ev, matches);
          if (out) onEvent(out);
        });
        return {
          stop() {
            if (stopped) return;
            stopped = true;
            w.stop();
            onClose();
          },
        };
      } catch (e) {
        const err = e instanceof StoreError && e.code === "Compacted" ? errors.expired(`too old resource version: ${o.resourceVersion} (${core.store.oldestRevision() - 1})`) : e;
        queueMicrotask(() => {
          onEvent({ type: "ERROR", object: statusOf(err) as unknown as KubeObject });
          onClose(err);
        });
        return { stop() {} };
      }
    },
    async create(r, namespace, obj, o) {
      const { def, op } = resolve(r, "create", namespace, obj.metadata?.name);
      return createObject(core, plugins, withWrite(op, o), def, ns(def, namespace), obj);
    },
    async update(r, namespace, obj, o) {
      const name = obj.metadata?.name ?? "";
      const { def, op } = resolve(r, "update", namespace, name);
      withWrite(op, o);
      if (o?.subresource === "scale") {
        const replicas = (obj.spec as { replicas?: number } | undefined)?.replicas ?? 0;
        const res = updateObject(core, plugins, op, def, ns(def, namespace), name, (existing) => {
          const next = structuredClone(existing!) as KubeObject;
          setPath(next as Record<string, unknown>, def.scale?.specReplicasPath ?? "spec.replicas", replicas);
          if (obj.metadata.resourceVersion) next.metadata.resourceVersion = obj.metadata.resourceVersion;
          return next;
        }, { subresource: "scale" });
        return scaleOf(def, res.object);
      }
      return updateObject(core, plugins, op, def, ns(def, namespace), name, () => obj, { subresource: o?.subresource ?? "" }).object;
    },
    async patch(r, namespace, name, type: PatchType, body, o) {
      const { def, op } = resolve(r, "patch", namespace, name);
      withWrite(op, o);
      const res = updateObject(
        core,
        plugins,
        op,
        def,
        ns(def, namespace),
        name,
        (existing) =>
          applyPatch(type, existing, existing ?? { apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind, metadata: { name, ...(def.namespaced ? { namespace } : {}) } }, body, {
            manager: op.fieldManager,
            force: !!o?.force,
            now: rfc3339(core.clock.now()),
            ...(o?.subresource ? { subresource: o.subresource } : {}),
          }),
        { subresource: o?.subresource ?? "", forceAllowCreate: type === "apply", operation: type === "apply" ? "Apply" : "Update" },
      );
      return res.object;
    },
    async delete(r, namespace, name, o: DeleteOptions = {}) {
      const { def, op } = resolve(r, "delete", namespace, name);
      const res = deleteObject(core, plugins, op, def, ns(def, namespace), name, o);
      return res.object;
    },
    async createSubresource(r, namespace, name, subresource, body) {
      const { op } = resolve(r, "create", namespace, name);
      op.fieldManager = "kube-scheduler";
      if (r.resource === "pods" && subresource === "binding") {
        bindPod(core, op, namespace ?? "", name, body);
        return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
      }
      if (r.resource === "pods" && subresource === "eviction") {
        evictPod(core, plugins, op, namespace ?? "", name, body);
        return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 };
      }
      throw errors.notFound({ group: r.group, resource: `${r.resource}/${subresource}` }, name);
    },
  };
  return client;
}
