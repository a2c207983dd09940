/** Pod resource arithmetic shared by LimitRanger and ResourceQuota (quantities as upstream). */
import type { KubeObject } from "../../api/types";
import { Quantity, tryParseQuantity } from "../../api/quantity";

export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}
export interface ContainerLike {
  name: string;
  resources?: ResourceRequirements;
}

export function podContainers(pod: KubeObject): { containers: ContainerLike[]; initContainers: ContainerLike[] } {
  const spec = pod.spec as { containers?: ContainerLike[]; initContainers?: ContainerLike[] } | undefined;
  return { containers: spec?.containers ?? [], initContainers: spec?.initContainers ?? [] };
}

export function q(v: string | undefined): Quantity | undefined {
  return v === undefined ? undefined : tryParseQuantity(v);
}

/** resourcehelper.PodRequests/PodLimits: max(sum of containers, each init container), per resource */
export function podTotals(pod: KubeObject, which: "requests" | "limits"): Map<string, Quantity> {
  const { containers, initContainers } = podContainers(pod);
  const sum = new Map<string, Quantity>();
  for (const c of containers) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
      const qq = q(v);
      if (qq) sum.set(k, (sum.get(k) ?? Quantity.fromInt(0)).add(qq));
    }
  }
  for (const c of initContainers) {
    for (const [k, v] of Object.entries(c.resources?.[which] ?? {})) {
      const qq = q(v);
      if (qq && (!sum.has(k) || qq.cmp(sum.get(k)!) > 0)) sum.set(k, qq);
    }
  }
  return sum;
}
