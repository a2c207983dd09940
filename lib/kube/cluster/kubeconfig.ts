/**
 * A kubeconfig for one cluster: token auth over HTTPS with the CA inlined, one context named
 * `kubelab`. Works as-is with kubectl 1.27–1.33 and @kubernetes/client-node 1.4.0.
 */
import { stringify } from "yaml";

export interface KubeconfigOptions {
  /** e.g. "https://127.0.0.1:6443/sandboxes/abc/k8s" */
  server: string;
  token: string;
  caPem: string;
  /** default namespace of the context (default "default") */
  namespace?: string;
  contextName?: string;
}

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const name = o.contextName ?? "kubelab";
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: o.server, "certificate-authority-data": Buffer.from(o.caPem).toString("base64") } }],
    users: [{ name: `${name}-admin`, user: { token: o.token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: o.namespace ?? "default" } }],
    "current-context": name,
    preferences: {},
  });
}
