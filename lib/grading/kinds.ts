/**
 * Kind names in checks → REST resources and their upstream OpenAPI schema. Kinds are the built-in
 * ones the API server serves (lib/kube/registry); when two groups serve a kind (Event), the core
 * group wins, as `kubectl get events` does.
 */
import { resources } from "../kube/registry";
import { schemaSource } from "../kube/openapi";
import type { SchemaNode } from "../kube/openapi/types";
import { distance } from "./paths";
import type { KindInfo } from "./types";

let byKind: Map<string, KindInfo> | undefined;

function index(): Map<string, KindInfo> {
  if (byKind) return byKind;
  byKind = new Map();
  for (const r of resources) {
    if (!r.verbs.includes("list") || !r.verbs.includes("get")) continue;
    const prev = byKind.get(r.kind);
    if (prev && (prev.group === "" || r.group !== "")) continue;
    byKind.set(r.kind, { group: r.group, version: r.version, resource: r.resource, kind: r.kind, namespaced: r.namespaced });
  }
  return byKind;
}

export function resolveKind(kind: string): KindInfo | undefined {
  return index().get(kind);
}

/** known kinds, sorted (for error messages) */
export function knownKinds(): string[] {
  return [...index().keys()].sort();
}

/** a close match for a misspelt kind ("deployment" → "Deployment", "Deployments" → "Deployment") */
export function suggestKind(kind: string): string | undefined {
  const k = kind.toLowerCase().replace(/s$/, "");
  const exact = knownKinds().find((x) => x.toLowerCase() === k || x.toLowerCase() === `${k}s`);
  if (exact) return exact;
  let best: string | undefined;
  let bestD = 3;
  for (const x of knownKinds()) {
    const d = distance(kind.toLowerCase(), x.toLowerCase());
    if (d < bestD) [best, bestD] = [x, d];
  }
  return best;
}

export function schemaOf(info: KindInfo): SchemaNode | undefined {
  return schemaSource.forKind({ group: info.group, version: info.version, kind: info.kind });
}

export const POD = "Pod";
export const NODE = "Node";
