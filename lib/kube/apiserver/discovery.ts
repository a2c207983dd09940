/**
 * Discovery documents (k8s.io/apiserver/pkg/endpoints/discovery): /version, /api, /apis,
 * /api/v1, /apis/<group>[/<version>], and the aggregated APIGroupDiscoveryList (v2 and v2beta1)
 * chosen by the Accept header, replied with the exact Content-Type client-go dispatches on.
 * Every document depends only on the served resources, so each is built once per process.
 */
import type { ResourceDefinition } from "../registry/types";
import { servedResources } from "./builtin-resources";
import { parseAccept } from "./negotiation";

export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** What `/version` reports: kubectl's dispatcher picks kubectl.1.<minor> from it. */
export const KUBE_VERSION: VersionInfo = {
  major: "1",
  minor: "33",
  emulationMajor: "1",
  emulationMinor: "33",
  minCompatibilityMajor: "1",
  minCompatibilityMinor: "32",
  gitVersion: "v1.33.1",
  gitCommit: "8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828",
  gitTreeState: "clean",
  buildDate: "2025-05-15T08:19:27Z",
  goVersion: "go1.24.2",
  compiler: "gc",
  platform: "linux/amd64",
};

/** version.CompareKubeAwareVersionStrings order: v2 > v1 > v1beta2 > v1beta1 > v1alpha1 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v] as const;
    const stage = m[2] === "alpha" ? 1 : m[2] === "beta" ? 2 : 3;
    return [stage === 3 ? 1 : 0, stage, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 4; i++) {
    if (pa[i] !== pb[i]) {
      if (typeof pa[i] === "string") return String(pa[i]) < String(pb[i]) ? -1 : 1;
      // GA before pre-release, then by stage, then higher majors/minors first
      return (pb[i] as number) - (pa[i] as number);
    }
  }
  return 0;
}

interface GroupInfo {
  name: string;
  /** versions, preferred first */
  versions: string[];
  byVersion: Map<string, ResourceDefinition[]>;
}

let groupsCache: GroupInfo[] | undefined;

/** served groups in first-appearance order; the core group is named "" */
export function servedGroups(): GroupInfo[] {
  if (groupsCache) return groupsCache;
  const groups = new Map<string, GroupInfo>();
  for (const def of servedResources()) {
    let g = groups.get(def.group);
    if (!g) groups.set(def.group, (g = { name: def.group, versions: [], byVersion: new Map() }));
    let list = g.byVersion.get(def.version);
    if (!list) {
      g.byVersion.set(def.version, (list = []));
      g.versions.push(def.version);
    }
    list.push(def);
  }
  for (const g of groups.values()) g.versions.sort(compareKubeVersions);
  groupsCache = [...groups.values()];
  return groupsCache;
}

const sortedVerbs = (verbs: readonly string[]) => [...verbs].sort();

function legacyResources(defs: ResourceDefinition[]) {
  const out: Record<string, unknown>[] = [];
  for (const d of defs) {
    out.push({
      name: d.resource,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: sortedVerbs(d.verbs),
      ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
      ...(d.categories?.length ? { categories: d.categories } : {}),
    });
    for (const s of d.subresources ?? []) {
      const foreign = s.responseKind.group !== d.group || s.responseKind.version !== d.version;
      out.push({
        name: `${d.resource}/${s.name}`,
        singularName: "",
        namespaced: d.namespaced,
        ...(foreign ? { group: s.responseKind.group, version: s.responseKind.version } : {}),
        kind: s.responseKind.kind,
        verbs: sortedVerbs(s.verbs),
      });
    }
  }
  return out;
}

function aggregatedResources(defs: ResourceDefinition[]) {
  return defs.map((d) => ({
    resource: d.resource,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? "Namespaced" : "Cluster",
    singularResource: d.singular,
    verbs: sortedVerbs(d.verbs),
    ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
    ...(d.categories?.length ? { categories: d.categories } : {}),
    ...(d.subresources?.length
      ? { subresources: d.subresources.map((s) => ({ subresource: s.name, responseKind: s.responseKind, verbs: sortedVerbs(s.verbs) })) }
      : {}),
  }));
}

export type DiscoveryFlavor = "v2" | "v2beta1" | "legacy";

/** Which discovery document the client asked for, honouring the Accept order. */
export function discoveryFlavor(accept: string | undefined): DiscoveryFlavor {
  for (const m of parseAccept(accept)) {
    if (m.type === "application/json" && m.params["g"] === "apidiscovery.k8s.io" && m.params["as"] === "APIGroupDiscoveryList") {
      if (m.params["v"] === "v2") return "v2";
      if (m.params["v"] === "v2beta1") return "v2beta1";
      continue;
    }
    if ((m.type === "application/json" || m.type === "*/*" || m.type === "application/*") && !m.params["as"]) return "legacy";
  }
  return "legacy";
}

export function aggregatedContentType(flavor: "v2" | "v2beta1"): string {
  return `application/json;g=apidiscovery.k8s.io;v=${flavor};as=APIGroupDiscoveryList`;
}

const docCache = new Map<string, string>();

function cached(key: string, build: () => unknown): string {
  let s = docCache.get(key);
  if (s === undefined) docCache.set(key, (s = JSON.stringify(build())));
  return s;
}

/** `/api` or `/apis` for `flavor`, as a JSON string */
export function rootDiscovery(root: "api" | "apis", flavor: DiscoveryFlavor): string {
  return cached(`${root}:${flavor}`, () => {
    const groups = servedGroups().filter((g) => (root === "api" ? g.name === "" : g.name !== ""));
    if (flavor !== "legacy") {
      return {
        kind: "APIGroupDiscoveryList",
        apiVersion: `apidiscovery.k8s.io/${flavor}`,
        metadata: {},
        items: groups.map((g) => ({
          metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
          versions: g.versions.map((v) => ({ version: v, resources: aggregatedResources(g.byVersion.get(v)!), freshness: "Current" })),
        })),
      };
    }
    if (root === "api") {
      return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "127.0.0.1:6443" }] };
    }
    return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
  });
}

function apiGroup(g: GroupInfo) {
  const gv = (v: string) => ({ groupVersion: `${g.name}/${v}`, version: v });
  return { name: g.name, versions: g.versions.map(gv), preferredVersion: gv(g.versions[0]!) };
}

/** `/apis/<group>`: the APIGroup, or undefined when not served */
export function groupDiscovery(group: string): string | undefined {
  const g = servedGroups().find((x) => x.name === group && x.name !== "");
  if (!g) return undefined;
  return cached(`group:${group}`, () => ({ kind: "APIGroup", apiVersion: "v1", ...apiGroup(g) }));
}

/** `/api/v1` or `/apis/<group>/<version>`: the APIResourceList, or undefined when not served */
export function resourceListDiscovery(group: string, version: string): string | undefined {
  const g = servedGroups().find((x) => x.name === group);
  const defs = g?.byVersion.get(version);
  if (!defs) return undefined;
  return cached(`resources:${group}/${version}`, () =>
    group
      ? { kind: "APIResourceList", apiVersion: "v1", groupVersion: `${group}/${version}`, resources: legacyResources(defs) }
      : { kind: "APIResourceList", groupVersion: version, resources: legacyResources(defs) },
  );
}
