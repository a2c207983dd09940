/**
 * What kube-proxy reads from Services and EndpointSlices (pkg/proxy/servicechangetracker.go,
 * endpointslicecache.go, topology.go CategorizeEndpoints): one entry per service port with a
 * ClusterIP, and the endpoints of that port merged across the service's slices.
 */
import type { KubeObject } from "../api/types";
import type { Protocol } from "../network/types";
import { servicePortNameString } from "./hash";

export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

export interface ServicePortInfo {
  namespace: string;
  service: string;
  portName: string;
  /** ServicePortName.String(): "default/web:http" */
  name: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  /** sessionAffinity ClientIP timeout, when set */
  affinitySeconds?: number;
  /** internalTrafficPolicy: Local (ClusterIP traffic only to endpoints on the same node) */
  internalLocal: boolean;
  /** externalTrafficPolicy: Local (NodePort / external IP traffic only to local endpoints, client IP kept) */
  externalLocal: boolean;
}

export interface EndpointInfo {
  ip: string;
  port: number;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** the pod behind the endpoint (targetRef), when known */
  pod?: { namespace: string; name: string };
}

interface ServiceSpecShape {
  type?: string;
  clusterIP?: string;
  externalIPs?: string[];
  sessionAffinity?: string;
  internalTrafficPolicy?: string;
  externalTrafficPolicy?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  ports?: { name?: string; port: number; protocol?: string; nodePort?: number }[];
}

/** the service ports kube-proxy programs: none for headless and ExternalName services */
export function servicePorts(svc: KubeObject): ServicePortInfo[] {
  const spec = (svc.spec ?? {}) as ServiceSpecShape;
  if (spec.type === "ExternalName" || !spec.clusterIP || spec.clusterIP === "None") return [];
  const namespace = svc.metadata.namespace ?? "default";
  const service = svc.metadata.name ?? "";
  const affinity = spec.sessionAffinity === "ClientIP" ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : undefined;
  const nodePorts = spec.type === "NodePort" || spec.type === "LoadBalancer";
  return (spec.ports ?? []).map((p) => ({
    namespace,
    service,
    portName: p.name ?? "",
    name: servicePortNameString(namespace, service, p.name ?? ""),
    protocol: (p.protocol ?? "TCP") as Protocol,
    clusterIP: spec.clusterIP!,
    port: p.port,
    ...(nodePorts && p.nodePort ? { nodePort: p.nodePort } : {}),
    externalIPs: spec.externalIPs ?? [],
    ...(affinity !== undefined ? { affinitySeconds: affinity } : {}),
    internalLocal: spec.internalTrafficPolicy === "Local",
    externalLocal: spec.externalTrafficPolicy === "Local" && (nodePorts || (spec.externalIPs ?? []).length > 0),
  }));
}

interface SliceShape {
  addressType?: string;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    nodeName?: string;
    targetRef?: { kind?: string; namespace?: string; name?: string };
  }[];
  ports?: { name?: string | null; port?: number | null; protocol?: string | null }[] | null;
}

/**
 * The endpoints for one service port across `slices` (IPv4 slices only), de-duplicated by
 * ip:port and sorted by it, as endpointslicecache does. Conditions default as upstream: ready
 * nil → true, serving nil → ready, terminating nil → false.
 */
export function endpointsFor(sp: Pick<ServicePortInfo, "portName" | "protocol">, slices: KubeObject[]): EndpointInfo[] {
  const byKey = new Map<string, EndpointInfo>();
  for (const raw of slices) {
    const s = raw as unknown as SliceShape;
    if (s.addressType !== "IPv4") continue;
    const port = (s.ports ?? []).find((p) => (p.name ?? "") === sp.portName && (p.protocol ?? "TCP") === sp.protocol);
    if (!port || typeof port.port !== "number") continue;
    for (const ep of s.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      const ready = ep.conditions?.ready ?? true;
      const info: EndpointInfo = {
        ip,
        port: port.port,
        ready: ready !== false,
        serving: (ep.conditions?.serving ?? ready) !== false,
        terminating: ep.conditions?.terminating === true,
        ...(ep.nodeName ? { nodeName: ep.nodeName } : {}),
        ...(ep.targetRef?.kind === "Pod" && ep.targetRef.name
          ? { pod: { namespace: ep.targetRef.namespace ?? raw.metadata.namespace ?? "", name: ep.targetRef.name } }
          : {}),
      };
      const key = `${ip}:${port.port}`;
      if (!byKey.has(key)) byKey.set(key, info);
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/**
 * CategorizeEndpoints for traffic policy Cluster: the ready endpoints; when none is ready, the
 * ones that are serving and terminating (graceful termination keeps connections flowing).
 */
export function clusterEndpoints(all: EndpointInfo[]): EndpointInfo[] {
  const ready = all.filter((e) => e.ready);
  return ready.length > 0 ? ready : all.filter((e) => e.serving && e.terminating);
}

/** CategorizeEndpoints for traffic policy Local: this node's ready endpoints, else its serving terminating ones */
export function localEndpoints(all: EndpointInfo[], node: string): EndpointInfo[] {
  return clusterEndpoints(all.filter((e) => e.nodeName === node));
}
