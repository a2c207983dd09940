/**
 * The kube-proxy add-on as kubeadm installs it (cmd/kubeadm/app/phases/addons/proxy): its
 * ServiceAccount, the node-proxier ClusterRoleBinding, the Role/RoleBinding that let joining
 * nodes read its ConfigMap, the `kube-proxy` ConfigMap (KubeProxyConfiguration, mode iptables)
 * and the DaemonSet, as plain objects for the bootstrap to create in this order. The in-process `createKubeProxy(node)` components do the work; the
 * DaemonSet makes `kubectl -n kube-system get ds,pods` show what a kubeadm cluster shows.
 */
import type { KubeObject } from "../api/types";
import { KUBE_VERSION } from "../apiserver/discovery";
import { CLUSTER_CIDR } from "../network/ip";

export interface ProxyAddonManifest {
  ref: { group: string; version: string; resource: string };
  namespace?: string;
  object: KubeObject;
}

const ns = "kube-system";
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBE_VERSION.gitVersion}`;

/** config.conf as kubeadm marshals it (every field, defaults empty), with mode iptables as kind sets it */
export function kubeProxyConfig(clusterCIDR = CLUSTER_CIDR): string {
  return `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: ${clusterCIDR}
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`;
}

function kubeconfig(server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: ${server}
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`;
}

export function kubeProxyManifests(opts: { server?: string; clusterCIDR?: string } = {}): ProxyAddonManifest[] {
  const rbac = { group: "rbac.authorization.k8s.io", version: "v1" };
  const labels = { "k8s-app": "kube-proxy" };
  return [
    {
      ref: { group: "", version: "v1", resource: "serviceaccounts" },
      namespace: ns,
      object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "kube-proxy", namespace: ns } },
    },
    {
      ref: { ...rbac, resource: "clusterrolebindings" },
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "kubeadm:node-proxier" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:node-proxier" },
        subjects: [{ kind: "ServiceAccount", name: "kube-proxy", namespace: ns }],
      },
    },
    {
      // lets joining nodes (bootstrap tokens) read the kube-proxy ConfigMap
      ref: { ...rbac, resource: "roles" },
      namespace: ns,
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "kube-proxy", namespace: ns },
        rules: [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["kube-proxy"], verbs: ["get"] }],
      },
    },
    {
      ref: { ...rbac, resource: "rolebindings" },
      namespace: ns,
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "kube-proxy", namespace: ns },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kube-proxy" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:bootstrappers:kubeadm:default-node-token" }],
      },
    },
    {
      ref: { group: "", version: "v1", resource: "configmaps" },
      namespace: ns,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "kube-proxy", namespace: ns, labels: { app: "kube-proxy" } },
        data: { "config.conf": kubeProxyConfig(opts.clusterCIDR), "kubeconfig.conf": kubeconfig(opts.server ?? "https://172.18.0.2:6443") },
      },
    },
    {
      ref: { group: "apps", version: "v1", resource: "daemonsets" },
      namespace: ns,
      object: {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "kube-proxy", namespace: ns, labels: { ...labels } },
        spec: {
          selector: { matchLabels: { ...labels } },
          updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
          template: {
            metadata: { labels: { ...labels } },
            spec: {
              containers: [
                {
                  name: "kube-proxy",
                  image: KUBE_PROXY_IMAGE,
                  imagePullPolicy: "IfNotPresent",
                  command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
                  env: [{ name: "NODE_NAME", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.nodeName" } } }],
                  securityContext: { privileged: true },
                  volumeMounts: [
                    { name: "kube-proxy", mountPath: "/var/lib/kube-proxy" },
                    { name: "xtables-lock", mountPath: "/run/xtables.lock" },
                    { name: "lib-modules", mountPath: "/lib/modules", readOnly: true },
                  ],
                },
              ],
              hostNetwork: true,
              priorityClassName: "system-node-critical",
              serviceAccountName: "kube-proxy",
              tolerations: [{ operator: "Exists" }],
              nodeSelector: { "kubernetes.io/os": "linux" },
              volumes: [
                { name: "kube-proxy", configMap: { name: "kube-proxy" } },
                { name: "xtables-lock", hostPath: { path: "/run/xtables.lock", type: "FileOrCreate" } },
                { name: "lib-modules", hostPath: { path: "/lib/modules" } },
              ],
            },
          },
        },
      },
    },
  ];
}
