/**
 * A CompletionSource that reads object names straight from a sandbox's API in-process (no kubectl
 * process per Tab). Resource types are matched as kubectl matches them: plural, singular, short
 * name, or `plural.group`.
 */
import type { KubeClient } from "../kube/client/index";
import { resources, type ResourceDefinition } from "../kube/registry/index";
import type { CompletionSource } from "./completion";

/** most names offered for one Tab */
const MAX_NAMES = 200;

export function findResourceType(typed: string): ResourceDefinition | undefined {
  const t = typed.toLowerCase();
  const dot = t.indexOf(".");
  if (dot > 0) {
    const [name, group] = [t.slice(0, dot), t.slice(dot + 1)];
    return resources.find((r) => r.group === group && (r.resource === name || r.singular === name || r.shortNames?.includes(name)));
  }
  // like kubectl, prefer the core group, then the others in order
  const matches = resources.filter((r) => r.resource === t || r.singular === t || r.kind.toLowerCase() === t || r.shortNames?.includes(t));
  return matches.find((r) => r.group === "") ?? matches[0];
}

/**
 * names from `client` (the learner's own sandbox; a function is called on every Tab, so it can
 * follow a sandbox whose cluster is replaced on reset); `defaultNamespace` as in their kubeconfig
 */
export function kubeClientCompletion(client: KubeClient | (() => KubeClient), defaultNamespace = "default"): CompletionSource {
  const current = typeof client === "function" ? client : () => client;
  return {
    async names(typed, namespace) {
      const def = findResourceType(typed);
      if (!def || !def.verbs.includes("list")) return [];
      const list = await current().list(
        { group: def.group, version: def.version, resource: def.resource },
        { ...(def.namespaced ? { namespace: namespace ?? defaultNamespace } : {}), limit: MAX_NAMES },
      );
      return list.items.map((o) => o.metadata.name ?? "").filter(Boolean);
    },
  };
}
