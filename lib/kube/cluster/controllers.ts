/**
 * Tiny stand-ins for three kube-controller-manager loops, until the real controllers land:
 * - serviceaccounts-controller: a `default` ServiceAccount in every namespace;
 * - root-ca-cert-publisher: the `kube-root-ca.crt` ConfigMap in every namespace;
 * - namespace controller: a Terminating namespace's content is deleted, then the namespace is
 *   finalized and removed.
 * They react to store events (like an informer) and write only through the loopback client,
 * so their writes pass admission and validation and show up in the trace.
 */
import type { KubeObject } from "../api/types";
import type { Loopback } from "../apiserver";
import { servedResources, isVirtual } from "../apiserver/builtin-resources";
import { storagePrefix } from "../apiserver/meta";
import type { Store, Watcher } from "../store/types";

const core = (resource: string) => ({ group: "", version: "v1", resource });

export interface BootstrapControllers {
  stop(): void;
}

export function startBootstrapControllers(store: Store, client: Loopback, caPem: string, fromRevision: number): BootstrapControllers {
  const swallow = (p: Promise<unknown>) => void p.catch(() => undefined);
  const ensureNamespaceDefaults = (ns: string) => {
    if (!store.get(`/registry/serviceaccounts/${ns}/default`)) {
      swallow(client.create(core("serviceaccounts"), ns, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default" } }, { fieldManager: "kube-controller-manager" }));
    }
    if (!store.get(`/registry/configmaps/${ns}/kube-root-ca.crt`)) {
      swallow(
        client.create(
          core("configmaps"),
          ns,
          { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "kube-root-ca.crt", annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } }, data: { "ca.crt": caPem } },
          { fieldManager: "kube-controller-manager" },
        ),
      );
    }
  };

  const finalizing = new Set<string>();
  const tryFinalize = (ns: string) => {
    if (finalizing.has(ns)) return;
    const nsObj = store.get(`/registry/namespaces/${ns}`);
    if (!nsObj?.metadata.deletionTimestamp) return;
    finalizing.add(ns);
    try {
      let remaining = 0;
      for (const def of servedResources()) {
        if (!def.namespaced || isVirtual(def) || !def.verbs.includes("delete")) continue;
        for (const o of store.list(storagePrefix(def, ns)).items) {
          remaining++;
          if (o.metadata.deletionTimestamp) continue;
          swallow(client.delete({ group: def.group, version: def.version, resource: def.resource }, ns, o.metadata.name!, { propagationPolicy: "Background" }));
        }
      }
      if (remaining > 0 && anyLeft(ns)) return;
      const spec = nsObj.spec as { finalizers?: string[] } | undefined;
      if (spec?.finalizers?.includes("kubernetes")) {
        const next: KubeObject = { ...nsObj, spec: { ...spec, finalizers: spec.finalizers.filter((f) => f !== "kubernetes") } };
        swallow(client.update(core("namespaces"), undefined, next, { fieldManager: "kube-controller-manager", subresource: "finalize" as "status" }));
      }
      swallow(client.delete(core("namespaces"), undefined, ns));
    } finally {
      finalizing.delete(ns);
    }
  };
  const anyLeft = (ns: string) => servedResources().some((d) => d.namespaced && !isVirtual(d) && store.count(storagePrefix(d, ns)) > 0);

  const watchers: Watcher[] = [
    store.watch("/registry/namespaces/", fromRevision, (ev) => {
      const ns = ev.object.metadata.name!;
      if (ev.type === "DELETED") return;
      if (ev.object.metadata.deletionTimestamp) tryFinalize(ns);
      else ensureNamespaceDefaults(ns);
    }),
    // a deletion inside a terminating namespace may be the last thing it waited for
    store.watch("/registry/", fromRevision, (ev) => {
      if (ev.type !== "DELETED") return;
      const ns = ev.object.metadata.namespace;
      if (ns && !finalizing.has(ns) && store.get(`/registry/namespaces/${ns}`)?.metadata.deletionTimestamp) tryFinalize(ns);
    }),
  ];
  return {
    stop() {
      for (const w of watchers) w.stop();
    },
  };
}
