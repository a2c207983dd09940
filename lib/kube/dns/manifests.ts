/**
 * The cluster DNS add-on as kubeadm installs it (cmd/kubeadm/app/phases/addons/dns): the
 * `coredns` ServiceAccount, ClusterRole/Binding, Corefile ConfigMap and Deployment, and the
 * `kube-dns` Service at 10.96.0.10, as plain objects for the bootstrap to create (in this order).
 */
import type { KubeObject } from "../api/types";
import { CLUSTER_DNS_IP, CLUSTER_DOMAIN } from "../network/ip";

export const COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.0";
export const KUBE_DNS_LABELS = { "k8s-app": "kube-dns" };

export function corefile(domain = CLUSTER_DOMAIN): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success ${domain}
       disable denial ${domain}
    }
    loop
    reload
    loadbalance
}
`;
}

export interface AddonManifest {
  /** for KubeClient calls */
  ref: { group: string; version: string; resource: string };
  namespace?: string;
  object: KubeObject;
}

const ns = "kube-system";

export function corednsManifests(opts: { clusterDNS?: string; domain?: string; replicas?: number } = {}): AddonManifest[] {
  const rbac = { group: "rbac.authorization.k8s.io", version: "v1" };
  return [
    {
      ref: { group: "", version: "v1", resource: "serviceaccounts" },
      namespace: ns,
      object: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "coredns", namespace: ns } },
    },
    {
      ref: { ...rbac, resource: "clusterroles" },
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "system:coredns" },
        rules: [
          { apiGroups: [""], resources: ["endpoints", "services", "pods", "namespaces"], verbs: ["list", "watch"] },
          { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
        ],
      },
    },
    {
      ref: { ...rbac, resource: "clusterrolebindings" },
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "system:coredns" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:coredns" },
        subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: ns }],
      },
    },
    {
      ref: { group: "", version: "v1", resource: "configmaps" },
      namespace: ns,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "coredns", namespace: ns },
        data: { Corefile: corefile(opts.domain) },
      },
    },
    { ref: { group: "apps", version: "v1", resource: "deployments" }, namespace: ns, object: corednsDeployment(opts.replicas ?? 2) },
    { ref: { group: "", version: "v1", resource: "services" }, namespace: ns, object: kubeDnsService(opts.clusterDNS ?? CLUSTER_DNS_IP) },
  ];
}

function corednsDeployment(replicas: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: ns, labels: { ...KUBE_DNS_LABELS } },
    spec: {
      replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
      selector: { matchLabels: { ...KUBE_DNS_LABELS } },
      template: {
        metadata: { labels: { ...KUBE_DNS_LABELS } },
        spec: {
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns"] }] },
                    topologyKey: "kubernetes.io/hostname",
                  },
                },
              ],
            },
          },
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "coredns",
              image: COREDNS_IMAGE,
              imagePullPolicy: "IfNotPresent",
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
              args: ["-conf", "/etc/coredns/Corefile"],
              volumeMounts: [{ name: "config-volume", mountPath: "/etc/coredns", readOnly: true }],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
              ],
              livenessProbe: {
                httpGet: { path: "/health", port: 8080, scheme: "HTTP" },
                initialDelaySeconds: 60,
                timeoutSeconds: 5,
                successThreshold: 1,
                failureThreshold: 5,
              },
              readinessProbe: { httpGet: { path: "/ready", port: 8181, scheme: "HTTP" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { add: ["NET_BIND_SERVICE"], drop: ["ALL"] },
                readOnlyRootFilesystem: true,
              },
            },
          ],
          dnsPolicy: "Default",
          volumes: [{ name: "config-volume", configMap: { name: "coredns", items: [{ key: "Corefile", path: "Corefile" }] } }],
        },
      },
    },
  };
}

function kubeDnsService(ip: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: ns,
      labels: { ...KUBE_DNS_LABELS, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
    },
    spec: {
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
      selector: { ...KUBE_DNS_LABELS },
    },
  };
}
