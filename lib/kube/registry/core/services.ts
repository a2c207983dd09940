/**
 * core/v1 services (storage "services/specs", svc, category all): SetDefaults_Service, the REST
 * layer's IP-family defaulting and ClusterIP/NodePort allocation, update carry-over of allocated
 * values, and printService.
 */
import type { KubeObject } from "../../api/types";
import type { RegistryContext, ResourceDefinition, TablePrinter } from "../types";
import { ALL_VERBS, NONE, UNKNOWN, ageColumn, asArray, asRecord, column, formatLabels, nameColumn, swaggerDoc, translateTimestampSince } from "../common";
import { allocateServiceFields, needsNodePorts } from "./service-alloc";
import { validateServiceCreate, validateServiceUpdate } from "./service-validation";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** SetDefaults_Service, plus keeping clusterIP and clusterIPs[0] in step */
export function defaultService(svc: KubeObject): void {
  if (!svc.spec || typeof svc.spec !== "object") svc.spec = {};
  const spec = svc.spec as Obj;
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const timeout = asRecord(asRecord(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (timeout === undefined || timeout === null) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of recs(spec.ports)) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  const externallyAccessible = spec.type === "NodePort" || spec.type === "LoadBalancer" || (spec.type === "ClusterIP" && asArray(spec.externalIPs).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if ((spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) && ["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec.type)))
    spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer" && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null))
    spec.allocateLoadBalancerNodePorts = true;
  const ips = asArray<string>(spec.clusterIPs);
  if (str(spec.clusterIP) && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
  else if (!str(spec.clusterIP) && typeof ips[0] === "string") spec.clusterIP = ips[0];
}

function defaultIPFamilies(spec: Obj): void {
  if (spec.type === "ExternalName") return;
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = "SingleStack";
  if (asArray(spec.ipFamilies).length === 0) spec.ipFamilies = ["IPv4"];
}

export function prepareForCreateService(svc: KubeObject, ctx: RegistryContext): void {
  svc.status = { loadBalancer: {} };
  allocateServiceFields(svc, ctx.list("services"));
  defaultIPFamilies(asRecord(svc.spec));
}

/** patchAllocatedValues + dropTypeDependentFields: keep what was allocated unless the type drops it */
export function prepareForUpdateService(svc: KubeObject, old: KubeObject, ctx: RegistryContext): void {
  const spec = asRecord(svc.spec);
  const oldSpec = asRecord(old.spec);
  if (spec.type === "ExternalName") {
    if (oldSpec.type !== "ExternalName") {
      for (const k of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy", "externalTrafficPolicy"]) delete spec[k];
      for (const p of recs(spec.ports)) delete p.nodePort;
    }
    return;
  }
  if (!str(spec.clusterIP) && oldSpec.type !== "ExternalName" && str(oldSpec.clusterIP)) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs;
  }
  if (!spec.ipFamilyPolicy && oldSpec.ipFamilyPolicy) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy;
  if (asArray(spec.ipFamilies).length === 0 && asArray(oldSpec.ipFamilies).length > 0) spec.ipFamilies = oldSpec.ipFamilies;
  if (needsNodePorts(oldSpec) && needsNodePorts(spec)) {
    const byName = new Map(recs(oldSpec.ports).map((p) => [str(p.name), p.nodePort]));
    const used = new Set(recs(spec.ports).map((p) => p.nodePort).filter((n) => typeof n === "number" && n > 0));
    for (const p of recs(spec.ports)) {
      if (typeof p.nodePort === "number" && p.nodePort > 0) continue;
      const prev = byName.get(str(p.name));
      if (typeof prev === "number" && prev > 0 && !used.has(prev)) {
        p.nodePort = prev;
        used.add(prev);
      }
    }
  } else if (needsNodePorts(oldSpec) && !needsNodePorts(spec)) {
    const oldPorts = new Set(recs(oldSpec.ports).map((p) => p.nodePort));
    for (const p of recs(spec.ports)) if (oldPorts.has(p.nodePort)) delete p.nodePort;
  }
  allocateServiceFields(svc, ctx.list("services"));
  defaultIPFamilies(spec);
}

/** loadBalancerStatusStringer */
function loadBalancerIPs(svc: KubeObject): string {
  const set = new Set<string>();
  for (const ing of recs(asRecord(asRecord(svc.status).loadBalancer).ingress)) {
    if (str(ing.ip)) set.add(str(ing.ip));
    else if (str(ing.hostname)) set.add(str(ing.hostname));
  }
  return [...set].sort().join(",");
}

/** getServiceExternalIP (wide: the server always prints wide) */
export function serviceExternalIP(svc: KubeObject): string {
  const spec = asRecord(svc.spec);
  const externalIPs = asArray<string>(spec.externalIPs);
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length ? externalIPs.join(",") : NONE;
    case "LoadBalancer": {
      const lb = loadBalancerIPs(svc);
      if (externalIPs.length) return [...(lb ? lb.split(",") : []), ...externalIPs].join(",");
      return lb || "<pending>";
    }
    case "ExternalName":
      return str(spec.externalName);
    default:
      return UNKNOWN;
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP` */
export function servicePortString(svc: KubeObject): string {
  const text = recs(asRecord(svc.spec).ports)
    .map((p) => (typeof p.nodePort === "number" && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${str(p.protocol)}` : `${p.port}/${str(p.protocol)}`))
    .join(",");
  return text || NONE;
}

export const servicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Type", "string", swaggerDoc["ServiceSpec.type"]),
    column("Cluster-IP", "string", swaggerDoc["ServiceSpec.clusterIP"]),
    column("External-IP", "string", swaggerDoc["ServiceSpec.externalIPs"]),
    column("Port(s)", "string", swaggerDoc["ServiceSpec.ports"]),
    ageColumn,
    column("Selector", "string", swaggerDoc["ServiceSpec.selector"], 1),
  ],
  cells(svc, now) {
    const spec = asRecord(svc.spec);
    const ips = asArray<string>(spec.clusterIPs);
    return [
      svc.metadata.name ?? "",
      str(spec.type),
      typeof ips[0] === "string" ? ips[0] : NONE,
      serviceExternalIP(svc),
      servicePortString(svc),
      translateTimestampSince(svc.metadata.creationTimestamp, now),
      formatLabels(asRecord(spec.selector) as Record<string, string>),
    ];
  },
};

export const services: ResourceDefinition = {
  group: "",
  version: "v1",
  resource: "services",
  singular: "service",
  kind: "Service",
  listKind: "ServiceList",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  verbs: ALL_VERBS,
  subresources: [
    { name: "proxy", responseKind: { group: "", version: "v1", kind: "ServiceProxyOptions" }, verbs: ["create", "delete", "get", "patch", "update"] },
    { name: "status", responseKind: { group: "", version: "v1", kind: "Service" }, verbs: ["get", "patch", "update"] },
  ],
  storageResource: "services/specs",
  statusSubresource: true,
  defaults: defaultService,
  prepareForCreate: prepareForCreateService,
  prepareForUpdate: prepareForUpdateService,
  validateCreate: validateServiceCreate,
  validateUpdate: validateServiceUpdate,
  printer: servicePrinter,
};
