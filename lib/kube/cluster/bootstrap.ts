/**
 * What a fresh kubeadm cluster holds before anyone uses it: the four namespaces, the
 * `kubernetes` Service (10.96.0.1:443) with its endpoints, one control-plane node and N-1
 * workers (Ready, with addresses, capacity and nodeInfo), their Leases, and the
 * `cluster-info` ConfigMap in kube-public. Everything is written through the API server's
 * loopback client, so it is defaulted, validated and carries managedFields like real objects.
 */
import type { KubeObject } from "../api/types";
import { KUBE_VERSION } from "../apiserver";
import type { Loopback } from "../apiserver";
import { getResource } from "../registry";
import { rfc3339 } from "../apiserver/meta";
import { corednsManifests } from "../dns/manifests";
import { kubeProxyManifests } from "../proxy/manifests";

export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"];
export const KUBERNETES_SERVICE_IP = "10.96.0.1";
export const CONTROL_PLANE_NODE = "control-plane";

const core = (resource: string) => ({ group: "", version: "v1", resource });

export interface BootstrapOptions {
  nodes: number;
  now: number;
  /** PEM of the cluster CA (for kube-root-ca.crt / cluster-info) */
  caPem: string;
  /** where the API server is reached, for cluster-info's kubeconfig */
  server: string;
}

/** node names: "control-plane", then "worker-1" … */
export function nodeNames(total: number): string[] {
  const names = [CONTROL_PLANE_NODE];
  for (let i = 1; i < Math.max(1, total); i++) names.push(`worker-${i}`);
  return names;
}

/** InternalIP of node i (the control plane is .2, as in kind) */
export function nodeIP(index: number): string {
  return `172.18.0.${index + 2}`;
}

export async function bootstrapCluster(client: Loopback, opts: BootstrapOptions): Promise<void> {
  const w = { fieldManager: "kube-apiserver" };
  for (const ns of SYSTEM_NAMESPACES) {
    await client.create(core("namespaces"), undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } } }, w);
  }
  await client.create(core("services"), "default", kubernetesService(), w);
  const apiEndpoint = nodeIP(0);
  await client.create(
    core("endpoints"),
    "default",
    { apiVersion: "v1", kind: "Endpoints", metadata: { name: "kubernetes", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } }, subsets: [{ addresses: [{ ip: apiEndpoint }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }] },
    w,
  );
  if (getResource("discovery.k8s.io", "endpointslices")) {
    await client.create(
      { group: "discovery.k8s.io", version: "v1", resource: "endpointslices" },
      "default",
      {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "kubernetes", labels: { "kubernetes.io/service-name": "kubernetes" } },
        addressType: "IPv4",
        endpoints: [{ addresses: [apiEndpoint], conditions: { ready: true } }],
        ports: [{ name: "https", port: 6443, protocol: "TCP" }],
      },
      w,
    );
  }
  await client.create(
    core("configmaps"),
    "kube-public",
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cluster-info" }, data: { kubeconfig: clusterInfoKubeconfig(opts.caPem, opts.server) } },
    { fieldManager: "kubeadm" },
  );
  const names = nodeNames(opts.nodes);
  for (let i = 0; i < names.length; i++) {
    const node = nodeObject(names[i]!, i, opts.now);
    const { status, ...spec } = node;
    const created = await client.create(core("nodes"), undefined, spec as KubeObject, { fieldManager: "kubelet" });
    await client.update(core("nodes"), undefined, { ...created, status } as KubeObject, { fieldManager: "kubelet", subresource: "status" });
    if (getResource("coordination.k8s.io", "leases")) {
      await client.create(
        { group: "coordination.k8s.io", version: "v1", resource: "leases" },
        "kube-node-lease",
        {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: names[i]!, ownerReferences: [{ apiVersion: "v1", kind: "Node", name: names[i]!, uid: created.metadata.uid! }] },
          spec: { holderIdentity: names[i]!, leaseDurationSeconds: 40, renewTime: new Date(opts.now).toISOString().replace("Z", "000Z") },
        },
        { fieldManager: "kubelet" },
      );
    }
  }
}

/** the images of kubeadm's add-ons (kind's node image ships them, so nodes have them at start) */
export function addonImages(): string[] {
  const images: string[] = [];
  for (const m of [...corednsManifests(), ...kubeProxyManifests()]) {
    const tpl = (m.object.spec as { template?: { spec?: { containers?: { image: string }[] } } } | undefined)?.template;
    for (const c of tpl?.spec?.containers ?? []) images.push(c.image);
  }
  return images;
}

/**
 * kubeadm's `addon` phase: the CoreDNS add-on (ConfigMap, RBAC, the `coredns` Deployment with
 * two replicas and the `kube-dns` Service at 10.96.0.10) and the kube-proxy add-on
 * (ServiceAccount, RBAC, ConfigMap, DaemonSet), written through the API server like kubeadm's
 * client does. Objects that exist already (a restored snapshot) are left alone.
 */
export async function installAddons(client: Loopback): Promise<void> {
  const w = { fieldManager: "kubeadm" };
  for (const m of [...corednsManifests(), ...kubeProxyManifests({ server: `https://${nodeIP(0)}:6443` })]) {
    // RBAC objects only where the API server serves rbac.authorization.k8s.io
    if (!getResource(m.ref.group, m.ref.resource)) continue;
    try {
      await client.create(m.ref, m.namespace, m.object, w);
    } catch (e) {
      if ((e as { code?: number }).code !== 409) throw e;
    }
  }
}

function kubernetesService(): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: {
      type: "ClusterIP",
      clusterIP: KUBERNETES_SERVICE_IP,
      clusterIPs: [KUBERNETES_SERVICE_IP],
      ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
      sessionAffinity: "None",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      internalTrafficPolicy: "Cluster",
    },
  };
}

const KI = 1024;
const MEMORY_KI = 4 * KI * KI; // 4Gi
const EVICTION_KI = 100 * KI; // kubelet's default memory.available<100Mi

export function nodeObject(name: string, index: number, now: number): KubeObject {
  const controlPlane = index === 0;
  const ts = rfc3339(now);
  const hex = (n: number) => Array.from({ length: n }, (_, i) => "0123456789abcdef"[(index * 7 + i * 13) % 16]).join("");
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: ts, lastTransitionTime: ts, reason, message });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        ...(controlPlane ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
      },
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(controlPlane ? { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] } : {}),
    },
    status: {
      capacity: { cpu: "2", "ephemeral-storage": "61202244Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${MEMORY_KI}Ki`, pods: "110" },
      allocatable: { cpu: "2", "ephemeral-storage": "61202244Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory: `${MEMORY_KI - EVICTION_KI}Ki`, pods: "110" },
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: nodeIP(index) },
        { type: "Hostname", address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hex(32),
        systemUUID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        bootID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        kernelVersion: "6.8.0-1017-gcp",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        containerRuntimeVersion: "containerd://2.1.1",
        kubeletVersion: KUBE_VERSION.gitVersion,
        kubeProxyVersion: "",
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

function clusterInfoKubeconfig(caPem: string, server: string): string {
  return [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${Buffer.from(caPem).toString("base64")}`,
    `    server: ${server}`,
    '  name: ""',
    "contexts: null",
    'current-context: ""',
    "kind: Config",
    "preferences: {}",
    "users: null",
    "",
  ].join("\n");
}
