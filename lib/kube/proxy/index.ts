/**
 * kube-proxy (iptables mode): per-node rule tables built from Services and EndpointSlices,
 * rendered as `iptables-save` text and walked by the simulated data path (lib/kube/network).
 */
export { createKubeProxy, slicesByService, servicesRef, endpointSlicesRef, KUBE_PROXY_LABELS, type KubeProxy, type KubeProxyOptions } from "./kube-proxy";
export {
  buildRuleTable,
  vipKey,
  nodePortKey,
  KUBE_SERVICES,
  KUBE_NODEPORTS,
  KUBE_MARK_MASQ,
  NODEPORTS_JUMP,
  type ProxyRuleTable,
  type ServicePortEntry,
  type SepRule,
} from "./rules";
export { iptablesSave, type SaveOptions } from "./save";
export { servicePorts, endpointsFor, clusterEndpoints, SERVICE_NAME_LABEL, type ServicePortInfo, type EndpointInfo } from "./endpoints";
export { portProtoHash, servicePortChainName, servicePortEndpointChainName, serviceExternalChainName, savedProbability } from "./hash";
export { kubeProxyManifests, kubeProxyConfig, KUBE_PROXY_IMAGE, type ProxyAddonManifest } from "./manifests";
