/**
 * networking.k8s.io/v1 networkpolicies: pkg/registry/networking/networkpolicy with
 * SetDefaults_NetworkPolicy / _NetworkPolicyPort and ValidateNetworkPolicySpec (ports,
 * peers, ipBlock presence, policyTypes; CIDR syntax is not checked).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, isValidPortName, isValidPortNum, nameColumn, simpleDefinition, validateLabelSelector, type LabelSelector } from "../common";
import { groupDocs } from "./descriptions";
import { formatLabelSelector } from "./selector";
import { asArray, asObject, deepEqual, spec, specOf } from "./util";

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

export function defaultNetworkPolicy(obj: KubeObject): void {
  const s = spec(obj);
  for (const dir of ["ingress", "egress"])
    for (const rule of asArray(s[dir]))
      for (const raw of asArray(asObject(rule)?.ports)) {
        const p = asObject(raw);
        if (p && (p.protocol === undefined || p.protocol === null)) p.protocol = "TCP";
      }
  if (asArray(s.policyTypes).length === 0) s.policyTypes = asArray(s.egress).length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function validatePort(p: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (p.protocol !== undefined && p.protocol !== null && !PROTOCOLS.includes(String(p.protocol)))
    errs.push(fieldError.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  const hasEnd = typeof p.endPort === "number";
  if (typeof p.port === "number") {
    for (const m of isValidPortNum(p.port)) errs.push(fieldError.invalid(`${path}.port`, p.port, m));
    if (hasEnd) {
      if ((p.endPort as number) < p.port) errs.push(fieldError.invalid(`${path}.endPort`, p.port, "must be greater than or equal to `port`"));
      for (const m of isValidPortNum(p.endPort as number)) errs.push(fieldError.invalid(`${path}.endPort`, p.endPort, m));
    }
  } else if (typeof p.port === "string") {
    if (hasEnd) errs.push(fieldError.invalid(`${path}.endPort`, p.endPort, "may not be specified when `port` is non-numeric"));
    for (const m of isValidPortName(p.port)) errs.push(fieldError.invalid(`${path}.port`, p.port, m));
  } else if (hasEnd) {
    errs.push(fieldError.invalid(`${path}.endPort`, p.endPort, "may not be specified when `port` is not specified"));
  }
  return errs;
}

function validatePeer(peer: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const key of ["podSelector", "namespaceSelector"]) {
    if (peer[key] === undefined || peer[key] === null) continue;
    n++;
    errs.push(...validateLabelSelector(peer[key] as LabelSelector, `${path}.${key}`));
  }
  const ipBlock = asObject(peer.ipBlock);
  if (ipBlock) {
    n++;
    if (typeof ipBlock.cidr !== "string" || ipBlock.cidr === "") errs.push(fieldError.required(`${path}.ipBlock.cidr`, ""));
  }
  if (n === 0) errs.push(fieldError.required(path, "must specify a peer"));
  else if (n > 1 && ipBlock) errs.push(fieldError.forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

export function validateNetworkPolicySpec(obj: KubeObject): FieldError[] {
  const s = specOf(obj);
  const errs: FieldError[] = [];
  errs.push(...validateLabelSelector((asObject(s.podSelector) ?? {}) as LabelSelector, "spec.podSelector"));
  for (const [dir, peers] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const)
    asArray(s[dir]).forEach((raw, i) => {
      const rule = asObject(raw) ?? {};
      asArray(rule.ports).forEach((p, j) => errs.push(...validatePort(asObject(p) ?? {}, `spec.${dir}[${i}].ports[${j}]`)));
      asArray(rule[peers]).forEach((p, j) => errs.push(...validatePeer(asObject(p) ?? {}, `spec.${dir}[${i}].${peers}[${j}]`)));
    });
  const types = asArray(s.policyTypes);
  if (types.length > 2) return [...errs, fieldError.invalid("spec.policyTypes", types, "may not specify more than two policyTypes")];
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") errs.push(fieldError.notSupported(`spec.policyTypes[${i}]`, t, ["Ingress", "Egress"]));
  });
  return errs;
}

export const networkPolicyPrinter: TablePrinter = {
  columns: [nameColumn, column("Pod-Selector", "string", groupDocs["NetworkPolicySpec.podSelector"]), ageColumn],
  cells(obj, now) {
    return [obj.metadata.name ?? "", formatLabelSelector(specOf(obj).podSelector ?? {}), ageOf(obj, now)];
  },
};

export const networkpolicies: ResourceDefinition = {
  ...simpleDefinition({
    group: "networking.k8s.io",
    version: "v1",
    resource: "networkpolicies",
    singular: "networkpolicy",
    kind: "NetworkPolicy",
    namespaced: true,
    shortNames: ["netpol"],
    defaults: defaultNetworkPolicy,
    validate: validateNetworkPolicySpec,
    printer: networkPolicyPrinter,
  }),
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    if (!deepEqual(obj.spec, old.spec)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
};
