/**
 * The simulated pod network: `createNetwork(...).connect(...)` routes a connection the way the
 * packets would go (DNS, kube-proxy rules, DNAT, NetworkPolicy, the listening process) and tells
 * what happened hop by hop.
 */
export { createNetwork, type Network, type NetworkOptions } from "./datapath";
export { defaultListeners, defaultPorts, imageRepo, NGINX_WELCOME } from "./listeners";
export { checkEgress, checkIngress, type PolicyView, type PolicyVerdict, type Peer } from "./policy";
export { CLUSTER_CIDR, SERVICE_CIDR, CLUSTER_DOMAIN, CLUSTER_DNS_IP, isIPv4, parseCidr, cidrContains, dashedIP } from "./ip";
export { podNetworkIP, nodeInternalIP } from "./state";
export type * from "./types";
export { runtimeListeners, runtimeHttp, type RuntimeHttpResult } from "./runtime";
export { createNetworking, type Networking, type NetworkingOptions } from "./wiring";
