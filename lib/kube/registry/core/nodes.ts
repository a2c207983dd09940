/**
 * core/v1 nodes (cluster-scoped, storage "minions", no): SetDefaults_NodeStatus, taint and
 * podCIDR/providerID validation, printNode (status from the Ready condition, SchedulingDisabled,
 * roles from node-role.kubernetes.io/* and kubernetes.io/role labels).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import {
  ALL_VERBS,
  NONE,
  UNKNOWN,
  ageColumn,
  asArray,
  asRecord,
  column,
  isValidLabelValue,
  nameColumn,
  nameIsDNSSubdomain,
  swaggerDoc,
  translateTimestampSince,
  validateLabelName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../common";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function defaultNode(node: KubeObject): void {
  const status = asRecord(node.status);
  if (node.status && status.capacity && !status.allocatable) status.allocatable = structuredClone(status.capacity);
}

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function validateTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  recs(taints).forEach((t, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateLabelName(str(t.key), `${p}.key`));
    const value = str(t.value);
    const msgs = isValidLabelValue(value);
    if (msgs.length) errs.push(fieldError.invalid(`${p}.value`, value, msgs.join(";")));
    const effect = str(t.effect);
    if (!effect) errs.push(fieldError.required(`${p}.effect`));
    else if (!taintEffects.includes(effect)) errs.push(fieldError.notSupported(`${p}.effect`, effect, taintEffects));
    const key = `${effect}\u0000${str(t.key)}`;
    if (seen.has(key)) errs.push({ type: "FieldValueDuplicate", field: p, value: t, detail: "taints must be unique by key and effect pair" });
    seen.add(key);
  });
  return errs;
}

function validateNodeSpec(node: KubeObject): FieldError[] {
  const spec = asRecord(node.spec);
  const errs = validateTaints(spec.taints, "spec.taints");
  const cidrs = asArray<string>(spec.podCIDRs);
  cidrs.forEach((c, i) => {
    if (typeof c !== "string" || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(c))
      errs.push(fieldError.invalid(`spec.podCIDRs[${i}]`, c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
  });
  if (str(spec.podCIDR) && cidrs.length > 0 && spec.podCIDR !== cidrs[0]) errs.push(fieldError.invalid("spec.podCIDR", spec.podCIDR, "must match first element of podCIDRs"));
  return errs;
}

export function validateNodeUpdate(node: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNodeSpec(node)];
  const spec = asRecord(node.spec);
  const oldSpec = asRecord(old.spec);
  const oldCIDRs = asArray<string>(oldSpec.podCIDRs);
  if (oldCIDRs.length > 0 && JSON.stringify(asArray(spec.podCIDRs)) !== JSON.stringify(oldCIDRs))
    errs.push(fieldError.forbidden("spec.podCIDRs", 'node updates may not change podCIDR except from "" to valid'));
  if (str(oldSpec.providerID) && spec.providerID !== oldSpec.providerID)
    errs.push(fieldError.forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  return errs;
}

/** findNodeRoles: sorted, de-duplicated */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith("node-role.kubernetes.io/")) {
      const role = k.slice("node-role.kubernetes.io/".length);
      if (role) roles.add(role);
    } else if (k === "kubernetes.io/role" && v) roles.add(v);
  }
  return [...roles].sort();
}

function nodeAddress(node: KubeObject, type: string): string {
  const a = recs(asRecord(node.status).addresses).find((x) => x.type === type);
  return a ? str(a.address) : NONE;
}

export const nodePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("Status", "string", "The status of the node"),
    column("Roles", "string", "The roles of the node"),
    ageColumn,
    column("Version", "string", swaggerDoc["NodeSystemInfo.kubeletVersion"]),
    column("Internal-IP", "string", swaggerDoc["NodeStatus.addresses"], 1),
    column("External-IP", "string", swaggerDoc["NodeStatus.addresses"], 1),
    column("OS-Image", "string", swaggerDoc["NodeSystemInfo.osImage"], 1),
    column("Kernel-Version", "string", swaggerDoc["NodeSystemInfo.kernelVersion"], 1),
    column("Container-Runtime", "string", swaggerDoc["NodeSystemInfo.containerRuntimeVersion"], 1),
  ],
  cells(node, now) {
    const status = asRecord(node.status);
    const ready = recs(status.conditions).filter((c) => c.type === "Ready").pop();
    const parts = [ready ? (ready.status === "True" ? "Ready" : "NotReady") : "Unknown"];
    if (asRecord(node.spec).unschedulable === true) parts.push("SchedulingDisabled");
    const roles = nodeRoles(node).join(",");
    const info = asRecord(status.nodeInfo);
    return [
      node.metadata.name ?? "",
      parts.join(","),
      roles || NONE,
      translateTimestampSince(node.metadata.creationTimestamp, now),
      str(info.kubeletVersion),
      nodeAddress(node, "InternalIP"),
      nodeAddress(node, "ExternalIP"),
      str(info.osImage) || UNKNOWN,
      str(info.kernelVersion) || UNKNOWN,
      str(info.containerRuntimeVersion) || UNKNOWN,
    ];
  },
};

export const nodes: ResourceDefinition = {
  group: "",
  version: "v1",
  resource: "nodes",
  singular: "node",
  kind: "Node",
  listKind: "NodeList",
  namespaced: false,
  shortNames: ["no"],
  verbs: ALL_VERBS,
  subresources: [
    { name: "proxy", responseKind: { group: "", version: "v1", kind: "NodeProxyOptions" }, verbs: ["create", "delete", "get", "patch", "update"] },
    { name: "status", responseKind: { group: "", version: "v1", kind: "Node" }, verbs: ["get", "patch", "update"] },
  ],
  storageResource: "minions",
  statusSubresource: true,
  defaults: defaultNode,
  validateCreate: (node) => [...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain), ...validateNodeSpec(node)],
  validateUpdate: validateNodeUpdate,
  printer: nodePrinter,
  fieldSelectors: { "spec.unschedulable": (node) => String(asRecord(node.spec).unschedulable === true) },
};
