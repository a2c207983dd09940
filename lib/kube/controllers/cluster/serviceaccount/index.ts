/**
 * Two kube-controller-manager loops that furnish every namespace:
 * - serviceaccount-controller (pkg/controller/serviceaccount): a `default` ServiceAccount in
 *   every active namespace, recreated if deleted;
 * - root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher): the
 *   `kube-root-ca.crt` ConfigMap holding the cluster CA in every active namespace, restored if
 *   deleted or edited.
 * Terminating namespaces are left alone (their content is being deleted).
 */
import type { KubeObject } from "../../../api/types";
import { defineController, type ClusterComponent } from "../common/base";
import { CONFIGMAPS, NAMESPACES, SERVICEACCOUNTS, hasCode } from "../common/util";

export const SERVICEACCOUNT_CONTROLLER = "serviceaccount-controller";
export const ROOT_CA_PUBLISHER = "root-ca-cert-publisher";
export const ROOT_CA_CONFIGMAP = "kube-root-ca.crt";
export const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";
const SERVICE_ACCOUNTS_TO_ENSURE = ["default"];

const isActive = (ns: KubeObject | undefined) =>
  !!ns && !ns.metadata.deletionTimestamp && (ns.status as { phase?: string } | undefined)?.phase !== "Terminating";

export function serviceAccountController(): ClusterComponent {
  return defineController(SERVICEACCOUNT_CONTROLLER, (env) => {
    const namespaces = env.informer(NAMESPACES);
    const sas = env.informer(SERVICEACCOUNTS);
    namespaces.addEventHandler({ onAdd: (n) => env.enqueue(n.metadata.name!), onUpdate: (_o, n) => env.enqueue(n.metadata.name!) });
    sas.addEventHandler({ onDelete: (sa) => env.enqueue(sa.metadata.namespace!) });
    return async (ns) => {
      const nsObj = namespaces.get(ns);
      if (!isActive(nsObj)) return;
      for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
        if (sas.get(`${ns}/${name}`)) continue;
        try {
          const created = await env.ctx.client.create(SERVICEACCOUNTS, ns, {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name },
          });
          env.trace("create-serviceaccount", created, ns, "created");
        } catch (e) {
          // AlreadyExists: the cache was behind; Forbidden: the namespace began terminating
          if (!hasCode(e, 409, 403, 404)) throw e;
        }
      }
    };
  });
}

export interface RootCAOptions {
  /** PEM of the cluster CA; default: read from kube-public/cluster-info's kubeconfig */
  caPem?: string;
}

export function rootCACertPublisher(opts: RootCAOptions = {}): ClusterComponent {
  return defineController(ROOT_CA_PUBLISHER, (env) => {
    const namespaces = env.informer(NAMESPACES);
    const configmaps = env.informer(CONFIGMAPS);
    namespaces.addEventHandler({ onAdd: (n) => env.enqueue(n.metadata.name!), onUpdate: (_o, n) => env.enqueue(n.metadata.name!) });
    const onCM = (cm: KubeObject) => cm.metadata.name === ROOT_CA_CONFIGMAP && env.enqueue(cm.metadata.namespace!);
    configmaps.addEventHandler({ onUpdate: (_o, cm) => onCM(cm), onDelete: onCM });
    const caPem = () => opts.caPem ?? caFromClusterInfo(configmaps.get("kube-public/cluster-info"));
    return async (ns) => {
      if (!isActive(namespaces.get(ns))) return;
      const ca = caPem();
      if (ca === undefined) return;
      const data = { "ca.crt": ca };
      const current = configmaps.get(`${ns}/${ROOT_CA_CONFIGMAP}`);
      const client = env.ctx.client;
      try {
        if (!current) {
          const created = await client.create(CONFIGMAPS, ns, {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: ROOT_CA_CONFIGMAP, annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION } },
            data,
          });
          env.trace("publish-root-ca", created, ns, "created");
        } else if (
          (current.data as Record<string, string> | undefined)?.["ca.crt"] !== ca ||
          Object.keys((current.data as object | undefined) ?? {}).length !== 1 ||
          current.metadata.annotations?.["kubernetes.io/description"] !== ROOT_CA_DESCRIPTION
        ) {
          const updated = await client.update(CONFIGMAPS, ns, {
            ...current,
            metadata: {
              ...current.metadata,
              annotations: { ...(current.metadata.annotations ?? {}), "kubernetes.io/description": ROOT_CA_DESCRIPTION },
            },
            data,
          });
          env.trace("publish-root-ca", updated, ns, "updated", "restored ca.crt");
        }
      } catch (e) {
        if (!hasCode(e, 409, 403, 404)) throw e;
      }
    };
  });
}

/** certificate-authority-data from the kubeconfig kubeadm publishes in kube-public/cluster-info */
export function caFromClusterInfo(cm: KubeObject | undefined): string | undefined {
  const kc = (cm?.data as Record<string, string> | undefined)?.kubeconfig;
  const m = kc?.match(/certificate-authority-data:\s*(\S+)/);
  return m ? Buffer.from(m[1]!, "base64").toString("utf8") : undefined;
}
