/**
 * ValidateService / ValidateServiceUpdate (pkg/apis/core/validation) for the common cases, plus the
 * allocator's refusals (out-of-range or taken ClusterIPs and node ports) as the REST layer reports them.
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { RegistryContext } from "../types";
import {
  asArray,
  asRecord,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidPortNum,
  nameIsDNS1035Label,
  validateDNS1123Label,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePortNumOrName,
} from "../common";
import { NODE_PORT_MAX, NODE_PORT_MIN, SERVICE_CIDR, inServiceRange, usedClusterIPs, usedNodePorts } from "./service-alloc";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const protocols = ["SCTP", "TCP", "UDP"];

function validatePorts(spec: Obj, errs: FieldError[]): void {
  const ports = recs(spec.ports);
  const requireName = ports.length > 1;
  const names = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    const name = str(p.name);
    if (requireName && !name) errs.push(fieldError.required(`${path}.name`));
    else if (name) {
      errs.push(...validateDNS1123Label(name, `${path}.name`));
      if (names.has(name)) errs.push(fieldError.duplicate(`${path}.name`, name));
      else names.add(name);
    }
    const port = typeof p.port === "number" ? p.port : 0;
    for (const m of isValidPortNum(port)) errs.push(fieldError.invalid(`${path}.port`, port, m));
    const proto = str(p.protocol);
    if (!proto) errs.push(fieldError.required(`${path}.protocol`));
    else if (!protocols.includes(proto)) errs.push(fieldError.notSupported(`${path}.protocol`, proto, protocols));
    errs.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
    if (typeof p.appProtocol === "string") for (const m of isQualifiedName(p.appProtocol)) errs.push(fieldError.invalid(`${path}.appProtocol`, p.appProtocol, m));
    const key = `${proto}/${port}`;
    if (seen.has(key)) errs.push(fieldError.duplicate(path, { protocol: proto, port }));
    seen.add(key);
    if (spec.type === "ClusterIP" && typeof p.nodePort === "number" && p.nodePort !== 0)
      errs.push(fieldError.forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
}

/** ValidateService (create and update) */
export function validateServiceSpec(svc: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asRecord(svc.spec);
  const type = str(spec.type);
  const headless = spec.clusterIP === "None";
  if (!type) errs.push(fieldError.required("spec.type"));
  else if (!serviceTypes.includes(type)) errs.push(fieldError.notSupported("spec.type", type, serviceTypes));
  if (type === "ExternalName") {
    if (asArray(spec.clusterIPs).length > 0 || str(spec.clusterIP)) errs.push(fieldError.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    const cname = str(spec.externalName).replace(/\.$/, "");
    if (!cname) errs.push(fieldError.required("spec.externalName"));
    else for (const m of isDNS1123Subdomain(cname)) errs.push(fieldError.invalid("spec.externalName", cname, m));
  }
  if (recs(spec.ports).length === 0 && !headless && type !== "ExternalName") errs.push(fieldError.required("spec.ports"));
  validatePorts(spec, errs);
  errs.push(...validateLabels(asRecord(spec.selector) as Record<string, string>, "spec.selector"));
  const sa = str(spec.sessionAffinity);
  if (sa && sa !== "None" && sa !== "ClientIP") errs.push(fieldError.notSupported("spec.sessionAffinity", sa, ["ClientIP", "None"]));
  asArray(spec.clusterIPs).forEach((ip, i) => {
    if (i === 0 && ip === "None") return;
    if (typeof ip !== "string" || !isValidIP(ip)) errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  });
  if (headless && type !== "ClusterIP" && type !== "ExternalName" && serviceTypes.includes(type))
    errs.push(fieldError.invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${type} services`));
  asArray(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip !== "string" || !isValidIP(ip)) errs.push(fieldError.invalid(`spec.externalIPs[${i}]`, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
  });
  const itp = spec.internalTrafficPolicy;
  if (typeof itp === "string" && itp !== "Cluster" && itp !== "Local") errs.push(fieldError.notSupported("spec.internalTrafficPolicy", itp, ["Cluster", "Local"]));
  const etp = spec.externalTrafficPolicy;
  if (typeof etp === "string" && etp !== "" && etp !== "Cluster" && etp !== "Local") errs.push(fieldError.notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]));
  return errs;
}

/** what the allocators refuse: requested ClusterIPs and node ports out of range or in use */
export function validateServiceAllocations(svc: KubeObject, ctx: RegistryContext, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = asRecord(svc.spec);
  const others = ctx.list("services");
  const oldSpec = old ? asRecord(old.spec) : {};
  const ip = str(spec.clusterIP);
  if (ip && ip !== "None" && isValidIP(ip) && ip !== str(oldSpec.clusterIP)) {
    if (!inServiceRange(ip))
      errs.push(
        fieldError.invalid(
          "spec.clusterIPs",
          [ip],
          `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        ),
      );
    else if (usedClusterIPs(others, svc).has(ip)) errs.push(fieldError.invalid("spec.clusterIPs", [ip], `failed to allocate IP ${ip}: provided IP is already allocated`));
  }
  const used = usedNodePorts(others, svc);
  const oldPorts = new Set(recs(oldSpec.ports).map((p) => p.nodePort));
  const mine = new Set<number>();
  recs(spec.ports).forEach((p, i) => {
    const np = p.nodePort;
    if (typeof np !== "number" || np === 0 || oldPorts.has(np)) return;
    const path = `spec.ports[${i}].nodePort`;
    if (np < NODE_PORT_MIN || np > NODE_PORT_MAX)
      errs.push(fieldError.invalid(path, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`));
    else if (used.has(np) || mine.has(np)) errs.push(fieldError.invalid(path, np, "provided port is already allocated"));
    mine.add(np);
  });
  return errs;
}

export function validateServiceCreate(svc: KubeObject, ctx: RegistryContext): FieldError[] {
  return [...validateObjectMeta(svc.metadata, true, nameIsDNS1035Label), ...validateServiceSpec(svc), ...validateServiceAllocations(svc, ctx)];
}

export function validateServiceUpdate(svc: KubeObject, old: KubeObject, ctx: RegistryContext): FieldError[] {
  const errs = [...validateObjectMetaUpdate(svc.metadata, old.metadata), ...validateServiceSpec(svc)];
  const spec = asRecord(svc.spec);
  const oldSpec = asRecord(old.spec);
  const oldIPs = asArray<string>(oldSpec.clusterIPs);
  const newIPs = asArray<string>(spec.clusterIPs);
  if (spec.type !== "ExternalName" && oldSpec.type !== "ExternalName" && oldIPs.length > 0 && newIPs[0] !== oldIPs[0])
    errs.push(fieldError.invalid("spec.clusterIPs[0]", newIPs, "may not change once set"));
  errs.push(...validateServiceAllocations(svc, ctx, old));
  return errs;
}
