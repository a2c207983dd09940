/**
 * core/v1 pods: discovery as upstream (po, category all), subresources, field selectors and the
 * pod strategy. See pod-strategy.ts and pod-printer.ts.
 */
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition, SubresourceDefinition } from "../types";
import { ALL_VERBS, asArray, asRecord } from "../common";
import { podPrinter } from "./pod-printer";
import { defaultPodObject, prepareForCreatePod, validatePodCreate, validatePodUpdate } from "./pod-strategy";

const core = (kind: string) => ({ group: "", version: "v1", kind });
const connect: SubresourceDefinition["verbs"] = ["create", "get"];
const proxyVerbs: SubresourceDefinition["verbs"] = ["create", "delete", "get", "patch", "update"];

export const podSubresources: SubresourceDefinition[] = [
  { name: "attach", responseKind: core("PodAttachOptions"), verbs: connect },
  { name: "binding", responseKind: core("Binding"), verbs: ["create"] },
  { name: "ephemeralcontainers", responseKind: core("Pod"), verbs: ["get", "patch", "update"] },
  { name: "eviction", responseKind: { group: "policy", version: "v1", kind: "Eviction" }, verbs: ["create"] },
  { name: "exec", responseKind: core("PodExecOptions"), verbs: connect },
  { name: "log", responseKind: core("Pod"), verbs: ["get"] },
  { name: "portforward", responseKind: core("PodPortForwardOptions"), verbs: connect },
  { name: "proxy", responseKind: core("PodProxyOptions"), verbs: proxyVerbs },
  { name: "resize", responseKind: core("Pod"), verbs: ["get", "patch", "update"] },
  { name: "status", responseKind: core("Pod"), verbs: ["get", "patch", "update"] },
];

const spec = (o: KubeObject) => asRecord(o.spec);
const status = (o: KubeObject) => asRecord(o.status);
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** pod.ToSelectableFields (metadata.name/namespace are generic) */
export const podFieldSelectors: Record<string, (obj: KubeObject) => string | undefined> = {
  "spec.nodeName": (o) => text(spec(o).nodeName),
  "spec.restartPolicy": (o) => text(spec(o).restartPolicy),
  "spec.schedulerName": (o) => text(spec(o).schedulerName),
  "spec.serviceAccountName": (o) => text(spec(o).serviceAccountName),
  "spec.hostNetwork": (o) => String(spec(o).hostNetwork === true),
  "status.phase": (o) => text(status(o).phase),
  "status.podIP": (o) => text(asRecord(asArray(status(o).podIPs)[0]).ip) || text(status(o).podIP),
  "status.nominatedNodeName": (o) => text(status(o).nominatedNodeName),
};

export const pods: ResourceDefinition = {
  group: "",
  version: "v1",
  resource: "pods",
  singular: "pod",
  kind: "Pod",
  listKind: "PodList",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  verbs: ALL_VERBS,
  subresources: podSubresources,
  storageResource: "pods",
  statusSubresource: true,
  defaults: defaultPodObject,
  prepareForCreate: prepareForCreatePod,
  validateCreate: validatePodCreate,
  validateUpdate: validatePodUpdate,
  printer: podPrinter,
  fieldSelectors: podFieldSelectors,
};
