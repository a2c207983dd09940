/** Naming helpers for the generator; the served kinds come from ../resources.ts (RESOURCES). */

/** meta/v1 kinds every group-version serves (errors, delete bodies) */
export const META_KINDS: readonly string[] = ["Status", "DeleteOptions"];

/** upstream definition name of a built-in kind, e.g. ("apps","v1","Deployment") -> io.k8s.api.apps.v1.Deployment */
export function definitionName(group: string, version: string, kind: string): string {
  const pkg = group === "" ? "core" : (group.split(".")[0] ?? group);
  return `io.k8s.api.${pkg}.${version}.${kind}`;
}

export const META_PREFIX = "io.k8s.apimachinery.pkg.apis.meta.v1.";
