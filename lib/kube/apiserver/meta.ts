/**
 * Small helpers the generic registry shares: storage keys, timestamps, generated names,
 * selector matching and trace recording.
 */
import type { KubeObject } from "../api/types";
import type { ResourceDefinition } from "../registry/types";
import { parseFieldSelector, parseLabelSelector } from "./deps";
import type { OpContext, ServerCore } from "./types";

/** `/registry/pods/default/web` or `/registry/minions/worker-1` */
export function storageKey(def: ResourceDefinition, namespace: string, name: string): string {
  return def.namespaced ? `/registry/${def.storageResource}/${namespace}/${name}` : `/registry/${def.storageResource}/${name}`;
}

/** the prefix to list: one namespace, or every namespace / the whole cluster-scoped resource */
export function storagePrefix(def: ResourceDefinition, namespace: string): string {
  return def.namespaced && namespace ? `/registry/${def.storageResource}/${namespace}/` : `/registry/${def.storageResource}/`;
}

/**
 * A deep copy of a JSON value (like structuredClone, several times faster on API objects).
 * Non-plain objects (Dates, Maps…), not expected in API objects, go through structuredClone.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = copyJson((value as Record<string, unknown>)[k]);
  return out as T;
}

export { rfc3339 } from "../api/time";

/** names.SimpleNameGenerator's alphabet: no vowels, no 0/1/3 (avoids words and look-alikes) */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
export const GENERATED_SUFFIX_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = 63;

export function randomSuffix(random: () => number, n = GENERATED_SUFFIX_LENGTH): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(random() * ALPHANUMS.length) % ALPHANUMS.length];
  return s;
}

/** names.SimpleNameGenerator.GenerateName: base truncated so the result fits in 63 characters */
export function generateName(base: string, random: () => number): string {
  const max = MAX_GENERATED_NAME_LENGTH - GENERATED_SUFFIX_LENGTH;
  return (base.length > max ? base.slice(0, max) : base) + randomSuffix(random);
}

/** Resources whose objects carry metadata.generation (set to 1 on create, bumped on spec changes). */
export function hasGeneration(def: ResourceDefinition): boolean {
  if (def.group === "") return def.resource === "replicationcontrollers";
  return def.statusSubresource || ["networkpolicies", "ingressclasses", "validatingwebhookconfigurations", "mutatingwebhookconfigurations"].includes(def.resource);
}

/** Resources that upstream lets PUT create when the object is missing (AllowCreateOnUpdate). */
const CREATE_ON_UPDATE = new Set([
  "/endpoints",
  "/limitranges",
  "/events",
  "events.k8s.io/events",
  "coordination.k8s.io/leases",
  "discovery.k8s.io/endpointslices",
  "rbac.authorization.k8s.io/roles",
  "rbac.authorization.k8s.io/rolebindings",
  "rbac.authorization.k8s.io/clusterroles",
  "rbac.authorization.k8s.io/clusterrolebindings",
  "scheduling.k8s.io/priorityclasses",
]);
export function allowsCreateOnUpdate(def: ResourceDefinition): boolean {
  return CREATE_ON_UPDATE.has(`${def.group}/${def.resource}`);
}

/** Resources whose DELETE answers with the deleted object rather than a Status (ReturnDeletedObject). */
const RETURNS_DELETED = new Set([
  "/pods",
  "/services",
  "/namespaces",
  "/serviceaccounts",
  "/podtemplates",
  "/persistentvolumes",
  "/persistentvolumeclaims",
  "/resourcequotas",
  "storage.k8s.io/storageclasses",
]);
export function returnsDeletedObject(def: ResourceDefinition): boolean {
  return RETURNS_DELETED.has(`${def.group}/${def.resource}`);
}

/** A value at a dotted path ("spec.replicas"). */
export function getPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const seg of path.replace(/^\./, "").split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.replace(/^\./, "").split(".");
  let node = obj;
  for (const seg of segs.slice(0, -1)) {
    const next = node[seg];
    if (next === null || typeof next !== "object") node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segs[segs.length - 1]!] = value;
}

/** parsed label selectors are immutable: the same few strings are parsed once */
const labelSelectors = new Map<string, ReturnType<typeof parseLabelSelector>>();
function parsedLabelSelector(s: string): ReturnType<typeof parseLabelSelector> {
  let sel = labelSelectors.get(s);
  if (!sel) {
    sel = parseLabelSelector(s); // throws (400) on a malformed selector: nothing is cached
    if (labelSelectors.size >= 256) labelSelectors.clear();
    labelSelectors.set(s, sel);
  }
  return sel;
}

/** A compiled label + field selector for one resource. Throws 400 on a malformed or unsupported selector. */
export function compileSelectors(def: ResourceDefinition, labelSelector: string | null, fieldSelector: string | null): ((obj: KubeObject) => boolean) | undefined {
  const label = labelSelector ? parsedLabelSelector(labelSelector) : undefined;
  const supported = ["metadata.name", "metadata.namespace", ...Object.keys(def.fieldSelectors ?? {})];
  const fields = fieldSelector ? parseFieldSelector(fieldSelector, supported) : undefined;
  const hasLabel = !!label && !label.empty();
  const hasFields = !!fields && !fields.empty();
  if (!hasLabel && !hasFields) return undefined;
  return (obj) => {
    if (hasLabel && !label!.matches(obj.metadata.labels)) return false;
    if (hasFields && !fields!.matches((f) => fieldGetter(def, f)?.(obj))) return false;
    return true;
  };
}

function fieldGetter(def: ResourceDefinition, key: string): ((obj: KubeObject) => string | undefined) | undefined {
  if (key === "metadata.name") return (o) => o.metadata.name;
  if (key === "metadata.namespace") return def.namespaced ? (o) => o.metadata.namespace : () => "";
  return def.fieldSelectors?.[key];
}

let reqSeq = 0;
export function nextRequestId(): string {
  return `req-${++reqSeq}`;
}

/** Records one stage of a request in the cluster trace. */
export function traceStage(
  core: ServerCore,
  ctx: Pick<OpContext, "requestId">,
  action: string,
  verdict: string,
  extra: { object?: KubeObject | { kind: string; namespace?: string; name: string }; resourceVersion?: string; detail?: string } = {},
): void {
  const o = extra.object;
  const ref = o ? ("metadata" in o ? { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name ?? o.metadata.generateName ?? "" } : o) : undefined;
  core.trace.record({
    component: "kube-apiserver",
    action,
    verdict,
    cause: ctx.requestId,
    ...(ref ? { object: ref } : {}),
    ...(extra.resourceVersion ? { resourceVersion: extra.resourceVersion } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  });
}
