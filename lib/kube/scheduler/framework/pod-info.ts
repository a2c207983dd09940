/**
 * PodInfo: a pod plus what the plugins read on every node, computed once per pod object
 * (upstream framework.PodInfo): resource requests, host ports, compiled affinity terms.
 * Informer objects are shared and immutable, so a PodInfo is cached per object identity.
 */
import type { KubeObject } from "../../api/types";
import { LabelSelector, labelSelectorAsSelector, newRequirement, type Labels, type MetaLabelSelector } from "../../api/selectors";
import { tryParseQuantity } from "../../api/quantity";
import { podSpec, type Container, type PodAffinityTerm, type PodSpec, type WeightedPodAffinityTerm } from "./api";

/** requests in the units upstream's framework.Resource keeps: milli-CPU, bytes, counts */
export interface Resources {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** extended and hugepages resources (value units) */
  scalar?: Map<string, number>;
}

export interface AffinityTerm {
  selector: LabelSelector;
  /** explicit namespaces (the pod's own when neither namespaces nor namespaceSelector are set) */
  namespaces: ReadonlySet<string>;
  /** null: no namespaceSelector */
  nsSelector: LabelSelector | null;
  topologyKey: string;
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export interface PodInfo {
  readonly pod: KubeObject;
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly spec: PodSpec;
  readonly priority: number;
  readonly requests: Resources;
  /** requests with upstream's defaults for containers that set none (100m CPU, 200Mi memory) */
  readonly non0CPU: number;
  readonly non0Mem: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly AffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly AffinityTerm[];
  readonly terminating: boolean;
}

export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const quantityCache = new Map<string, { milli: number; value: number } | null>();
function q(s: string | undefined): { milli: number; value: number } | null {
  if (s === undefined) return null;
  let v = quantityCache.get(s);
  if (v === undefined) {
    const parsed = tryParseQuantity(s);
    v = parsed ? { milli: parsed.milliValue(), value: parsed.value() } : null;
    if (quantityCache.size > 10_000) quantityCache.clear();
    quantityCache.set(s, v);
  }
  return v;
}
export const milliValue = (s: string | undefined): number => q(s)?.milli ?? 0;
export const quantityValue = (s: string | undefined): number => q(s)?.value ?? 0;

const IGNORED = new Set(["cpu", "memory", "ephemeral-storage", "pods"]);

function addQuantity(r: Resources, name: string, v: string): void {
  if (name === "cpu") r.milliCPU += milliValue(v);
  else if (name === "memory") r.memory += quantityValue(v);
  else if (name === "ephemeral-storage") r.ephemeralStorage += quantityValue(v);
  else if (!IGNORED.has(name)) {
    const m = (r.scalar ??= new Map());
    m.set(name, (m.get(name) ?? 0) + quantityValue(v));
  }
}

/** one container's requests; API defaulting copies limits into missing requests, so do we */
function containerResources(c: Container, nonZero: boolean): Resources {
  const r: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  const req = c.resources?.requests;
  const lim = c.resources?.limits;
  if (req) for (const k in req) addQuantity(r, k, req[k]!);
  if (lim) for (const k in lim) if (!req || req[k] === undefined) addQuantity(r, k, lim[k]!);
  if (nonZero) {
    if (req?.cpu === undefined && lim?.cpu === undefined) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (req?.memory === undefined && lim?.memory === undefined) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

function addInto(total: Resources, x: Resources): void {
  total.milliCPU += x.milliCPU;
  total.memory += x.memory;
  total.ephemeralStorage += x.ephemeralStorage;
  if (x.scalar) for (const [k, v] of x.scalar) (total.scalar ??= new Map()).set(k, (total.scalar.get(k) ?? 0) + v);
}

function maxInto(r: Resources, o: Resources): void {
  r.milliCPU = Math.max(r.milliCPU, o.milliCPU);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  if (o.scalar)
    for (const [k, v] of o.scalar) {
      const m = (r.scalar ??= new Map());
      m.set(k, Math.max(m.get(k) ?? 0, v));
    }
}

/**
 * resourcehelper.PodRequests: the sum of app containers (plus restartable init "sidecar"
 * containers), at least the largest regular init container (plus the sidecars started before
 * it), plus the pod overhead. `nonZero` substitutes the defaults for unset CPU/memory.
 */
export function podRequests(spec: PodSpec, nonZero = false): Resources {
  const total: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
  const containers = spec.containers;
  if (containers) for (let i = 0; i < containers.length; i++) addInto(total, containerResources(containers[i]!, nonZero));
  const inits = spec.initContainers;
  if (inits?.length) {
    const sidecars: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
    const initMax: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
    for (const c of inits) {
      const r = containerResources(c, nonZero);
      if (c.restartPolicy === "Always") {
        addInto(total, r);
        addInto(sidecars, r);
      } else {
        const withSidecars: Resources = { milliCPU: 0, memory: 0, ephemeralStorage: 0 };
        addInto(withSidecars, sidecars);
        addInto(withSidecars, r);
        maxInto(initMax, withSidecars);
      }
    }
    maxInto(total, initMax);
  }
  if (spec.overhead) for (const k in spec.overhead) addQuantity(total, k, spec.overhead[k]!);
  return total;
}

function compileTerm(pod: KubeObject, t: PodAffinityTerm, weight: number): AffinityTerm {
  let selector: LabelSelector;
  try {
    selector = labelSelectorAsSelector(t.labelSelector ?? null);
    const labels = pod.metadata.labels ?? {};
    const extra = [];
    for (const k of t.matchLabelKeys ?? []) if (labels[k] !== undefined) extra.push(newRequirement(k, "in", [labels[k]!]));
    for (const k of t.mismatchLabelKeys ?? []) if (labels[k] !== undefined) extra.push(newRequirement(k, "notin", [labels[k]!]));
    if (extra.length) selector = selector.add(...extra);
  } catch {
    selector = LabelSelector.nothing();
  }
  let nsSelector: LabelSelector | null = null;
  if (t.namespaceSelector) {
    try {
      nsSelector = labelSelectorAsSelector(t.namespaceSelector as MetaLabelSelector);
    } catch {
      nsSelector = LabelSelector.nothing();
    }
  }
  const namespaces = new Set(t.namespaces ?? []);
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(pod.metadata.namespace ?? "default");
  return { selector, namespaces, nsSelector, topologyKey: t.topologyKey, weight };
}

const weighted = (pod: KubeObject, ts: WeightedPodAffinityTerm[] | undefined) => (ts ?? []).map((w) => compileTerm(pod, w.podAffinityTerm, w.weight));
const required = (pod: KubeObject, ts: PodAffinityTerm[] | undefined) => (ts ?? []).map((t) => compileTerm(pod, t, 1));

function hostPorts(spec: PodSpec): HostPort[] {
  const out: HostPort[] = [];
  for (const c of spec.containers ?? [])
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", port: p.hostPort });
  for (const c of spec.initContainers ?? [])
    if (c.restartPolicy === "Always") for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", port: p.hostPort });
  return out;
}

const NO_TERMS: readonly AffinityTerm[] = Object.freeze([]);
const cache = new WeakMap<KubeObject, PodInfo>();

/**
 * the PodInfo of an (immutable) pod object; computed once per object. With `prev`, a former
 * version of the pod whose PodInfo is known, what the change left alone is reused (a binding
 * changes only spec.nodeName: requests, ports and affinity terms stay).
 */
export function podInfoOf(pod: KubeObject, prev?: KubeObject): PodInfo {
  let info = cache.get(pod);
  if (info) return info;
  const spec = podSpec(pod);
  const before = prev && cache.get(prev);
  if (before && sameInputs(before, pod, spec)) {
    info = { ...before, pod, spec, terminating: !!pod.metadata.deletionTimestamp };
    cache.set(pod, info);
    return info;
  }
  const req = podRequests(spec);
  const non0 = podRequests(spec, true);
  const a = spec.affinity;
  const namespace = pod.metadata.namespace ?? "default";
  info = {
    pod,
    key: `${namespace}/${pod.metadata.name ?? ""}`,
    namespace,
    name: pod.metadata.name ?? "",
    labels: pod.metadata.labels ?? {},
    spec,
    priority: spec.priority ?? 0,
    requests: req,
    non0CPU: non0.milliCPU,
    non0Mem: non0.memory,
    hostPorts: hostPorts(spec),
    requiredAffinityTerms: a?.podAffinity ? required(pod, a.podAffinity.requiredDuringSchedulingIgnoredDuringExecution) : NO_TERMS,
    requiredAntiAffinityTerms: a?.podAntiAffinity ? required(pod, a.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution) : NO_TERMS,
    preferredAffinityTerms: a?.podAffinity ? weighted(pod, a.podAffinity.preferredDuringSchedulingIgnoredDuringExecution) : NO_TERMS,
    preferredAntiAffinityTerms: a?.podAntiAffinity ? weighted(pod, a.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution) : NO_TERMS,
    terminating: !!pod.metadata.deletionTimestamp,
  };
  cache.set(pod, info);
  return info;
}

/** whether every input of a PodInfo but `spec` itself and `terminating` is unchanged (by identity) */
function sameInputs(before: PodInfo, pod: KubeObject, spec: PodSpec): boolean {
  const old = before.spec;
  const m = pod.metadata;
  const om = before.pod.metadata;
  return (
    old.containers === spec.containers &&
    old.initContainers === spec.initContainers &&
    old.overhead === spec.overhead &&
    old.affinity === spec.affinity &&
    old.priority === spec.priority &&
    m.labels === om.labels &&
    m.name === om.name &&
    m.namespace === om.namespace
  );
}

/** framework.AffinityTerm.Matches: namespace (explicit or by selector) and labels */
export function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: (ns: string) => Labels): boolean {
  if (!t.namespaces.has(pod.namespace) && !(t.nsSelector && t.nsSelector.matches(nsLabels(pod.namespace)))) return false;
  return t.selector.matches(pod.labels);
}
