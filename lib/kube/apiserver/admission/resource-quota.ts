/**
 * plugin/pkg/admission/resourcequota: a create that would take a namespace past a
 * ResourceQuota's `hard` limits is refused with upstream's `exceeded quota` message; pods must
 * state requests/limits for the cpu/memory resources a quota tracks (`failed quota: … must
 * specify …`). Counts (`pods`, `count/<resource>[.<group>]`, …) and pod compute resources
 * (`requests.cpu`, `limits.memory`, `cpu`, …) are supported; quota scopes are not yet.
 * Deviation: usage is computed live from storage, as no quota controller maintains status.used.
 */
import type { KubeObject } from "../../api/types";
import { Quantity } from "../../api/quantity";
import type { ResourceDefinition } from "../../registry/types";
import { storagePrefix } from "../meta";
import type { ServerCore } from "../types";
import type { AdmissionPlugin } from "./types";
import { forbidden } from "./util";
import { podContainers, podTotals, q } from "./pod-resources";

/** the legacy names of core object counts */
const LEGACY = new Set(["pods", "services", "configmaps", "secrets", "persistentvolumeclaims", "replicationcontrollers", "resourcequotas"]);
/** compute resources each container must state when a quota tracks them */
const VALIDATION_SET = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);
const COMPUTE = ["cpu", "memory", "ephemeral-storage"];

const isPod = (def: ResourceDefinition) => def.group === "" && def.resource === "pods";

function isActive(def: ResourceDefinition, obj: KubeObject): boolean {
  if (!isPod(def)) return true;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !obj.metadata.deletionTimestamp;
}

/** the quota usage of one object (pkg/quota/v1/evaluator/core) */
export function usageOf(def: ResourceDefinition, obj: KubeObject): Map<string, Quantity> {
  const one = Quantity.fromInt(1);
  const u = new Map<string, Quantity>([[def.group ? `count/${def.resource}.${def.group}` : `count/${def.resource}`, one]]);
  if (def.group === "" && LEGACY.has(def.resource)) u.set(def.resource, one);
  if (def.group === "" && def.resource === "services") {
    const type = (obj.spec as { type?: string } | undefined)?.type;
    if (type === "LoadBalancer") u.set("services.loadbalancers", one);
    if (type === "NodePort" || type === "LoadBalancer") u.set("services.nodeports", one);
  }
  if (isPod(def)) {
    const req = podTotals(obj, "requests");
    const lim = podTotals(obj, "limits");
    for (const r of COMPUTE) {
      const rq = req.get(r);
      if (rq) {
        u.set(r, rq);
        u.set(`requests.${r}`, rq);
      }
      const lm = lim.get(r);
      if (lm) u.set(`limits.${r}`, lm);
    }
  }
  return u;
}

/** podEvaluator.Constraints: every container states the tracked cpu/memory requests and limits */
function missingConstraints(pod: KubeObject, hard: Record<string, string>): string[] {
  const required = Object.keys(hard).filter((k) => VALIDATION_SET.has(k));
  if (required.length === 0) return [];
  const missing = new Set<string>();
  const { containers, initContainers } = podContainers(pod);
  for (const c of [...containers, ...initContainers]) {
    const has = new Set<string>();
    for (const r of ["cpu", "memory"]) {
      if (c.resources?.requests?.[r] !== undefined) has.add(r).add(`requests.${r}`);
      if (c.resources?.limits?.[r] !== undefined) has.add(`limits.${r}`);
    }
    for (const r of required) if (!has.has(r)) missing.add(r);
  }
  return [...missing].sort();
}

function used(core: ServerCore, def: ResourceDefinition, namespace: string, names: string[]): Map<string, Quantity> {
  const total = new Map<string, Quantity>(names.map((n) => [n, Quantity.fromInt(0)]));
  for (const o of core.store.list(storagePrefix(def, namespace)).items) {
    if (!isActive(def, o)) continue;
    for (const [k, v] of usageOf(def, o)) if (total.has(k)) total.set(k, total.get(k)!.add(v));
  }
  return total;
}

const pretty = (m: Map<string, Quantity>) =>
  [...m.keys()]
    .sort()
    .map((k) => `${k}=${m.get(k)!.toString()}`)
    .join(",");

export const resourceQuota: AdmissionPlugin = {
  name: "ResourceQuota",
  phase: "validating",
  admit(a, core) {
    if (a.operation !== "CREATE" || a.subresource || !a.def.namespaced || !a.namespace || !a.object) return;
    const prefix = `/registry/resourcequotas/${a.namespace}/`;
    if (core.store.count(prefix) === 0) return;
    const requested = usageOf(a.def, a.object);
    for (const quota of core.store.list(prefix).items) {
      const hard = ((quota.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
      if (isPod(a.def)) {
        const missing = missingConstraints(a.object, hard);
        if (missing.length) throw forbidden(a, `failed quota: ${quota.metadata.name}: must specify ${missing.join(",")}`);
      }
      const names = [...requested.keys()].filter((k) => hard[k] !== undefined);
      if (names.length === 0) continue;
      const current = used(core, a.def, a.namespace, names);
      const exceeded = names.filter((k) => {
        const limit = q(hard[k]);
        return limit !== undefined && current.get(k)!.add(requested.get(k)!).cmp(limit) > 0;
      });
      if (exceeded.length === 0) continue;
      const pick = (m: Map<string, Quantity>) => new Map(exceeded.map((k) => [k, m.get(k)!]));
      const limits = new Map(exceeded.map((k) => [k, q(hard[k])!]));
      throw forbidden(a, `exceeded quota: ${quota.metadata.name}, requested: ${pretty(pick(requested))}, used: ${pretty(pick(current))}, limited: ${pretty(limits)}`);
    }
    return false;
  },
};
