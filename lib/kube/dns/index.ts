/**
 * Cluster DNS: the CoreDNS kubernetes-plugin zone over informers, pods' resolv.conf and search
 * expansion, busybox-style `nslookup` output, the kubelet's Service environment variables, and
 * the kubeadm CoreDNS add-on manifests.
 */
export { createClusterDns, namespacesRef, type ClusterDns, type ClusterDnsOptions } from "./coredns";
export { Zone, ptrName, TTL, type DnsAnswer, type DnsRecord, type RRType, type Rcode } from "./records";
export {
  podResolvConf,
  renderResolvConf,
  searchCandidates,
  ndotsOf,
  DEFAULT_HOST_RESOLV,
  type ResolvConf,
  type NodeResolvConf,
  type PodDnsOptions,
} from "./resolv";
export { nslookup, type DnsTransport, type NslookupResult } from "./nslookup";
export { serviceEnvVars, podServiceEnv, envVariableName, type EnvVar } from "./envvars";
export { corednsManifests, corefile, COREDNS_IMAGE, KUBE_DNS_LABELS, type AddonManifest } from "./manifests";
