/**
 * What the endpoints and endpointslice controllers share (pkg/controller/util/endpoint and
 * pkg/api/v1/pod): which pods back a Service, which port each service port reaches on a pod,
 * and the handlers that map pod and service changes to service keys.
 */
import { selectorFromSet } from "../../../api/selectors";
import type { KubeObject } from "../../../api/types";
import { objectKey, type Informer } from "../../../client";
import { isPodTerminal } from "./util";

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface ServiceSpec {
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  type?: string;
  publishNotReadyAddresses?: boolean;
}

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export const serviceSpec = (svc: KubeObject): ServiceSpec => (svc.spec ?? {}) as ServiceSpec;

/** services with a selector get controller-managed endpoints; ExternalName services never do */
export function managesEndpoints(svc: KubeObject): boolean {
  const spec = serviceSpec(svc);
  return !!spec.selector && spec.type !== "ExternalName";
}

/** the pods a Service's selector picks, from the shared pod cache */
export function podsForService(pods: Informer, svc: KubeObject): KubeObject[] {
  const sel = selectorFromSet(serviceSpec(svc).selector ?? {});
  return pods.list(svc.metadata.namespace).filter((p) => sel.matches(p.metadata.labels ?? {}));
}

/** podutil.FindPort: a named targetPort resolves against the pod's container ports */
export function findPort(pod: KubeObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  const spec = pod.spec as { containers?: { ports?: ContainerPort[] }[] } | undefined;
  for (const c of spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  return undefined;
}

/** endpointutil.ShouldPodBeInEndpoints: has an IP, not terminal, not being deleted unless terminating ones count */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

export function podIP(pod: KubeObject): string | undefined {
  const st = pod.status as { podIP?: string; podIPs?: { ip: string }[] } | undefined;
  return st?.podIPs?.find((p) => !p.ip.includes(":"))?.ip ?? (st?.podIP && !st.podIP.includes(":") ? st.podIP : undefined);
}

/** endpointutil.ShouldSetHostname */
export function hostnameFor(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = pod.spec as { hostname?: string; subdomain?: string } | undefined;
  return spec?.hostname && spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace
    ? spec.hostname
    : undefined;
}

export function isHeadless(svc: KubeObject): boolean {
  return serviceSpec(svc).clusterIP === "None";
}

/**
 * Registers handlers that enqueue the keys of services affected by a pod change (old and new
 * labels both count, as GetPodServiceMemberships), by a service change, and by a change to an
 * object named after its service (Endpoints) or labelled with it (EndpointSlices).
 */
export function watchServicesAndPods(services: Informer, pods: Informer, enqueue: (key: string) => void): void {
  services.addEventHandler({
    onAdd: (s) => enqueue(objectKey(s)),
    onUpdate: (_o, s) => enqueue(objectKey(s)),
    onDelete: (s) => enqueue(objectKey(s)),
  });
  const forPod = (pod: KubeObject) => {
    for (const svc of services.list(pod.metadata.namespace)) {
      const sel = serviceSpec(svc).selector;
      if (sel && selectorFromSet(sel).matches(pod.metadata.labels ?? {})) enqueue(objectKey(svc));
    }
  };
  pods.addEventHandler({
    onAdd: forPod,
    onUpdate: (o, n) => {
      forPod(n);
      if (o.metadata.labels !== n.metadata.labels) forPod(o);
    },
    onDelete: forPod,
  });
}

export const LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

/**
 * TriggerTimeTracker (pkg/controller/util/endpoint): the time of the earliest change that
 * triggered this sync, from the service's creation (first sync) and the selected pods' Ready
 * transitions since the last sync; undefined when nothing datable changed.
 */
export class TriggerTimeTracker {
  private readonly seen = new Map<string, Map<string, string>>();

  compute(svc: KubeObject, pods: KubeObject[]): string | undefined {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const last = this.seen.get(key);
    const now = new Map<string, string>();
    let min: string | undefined;
    const consider = (t: string | undefined) => {
      if (t && (min === undefined || Date.parse(t) < Date.parse(min))) min = t;
    };
    if (!last) consider(svc.metadata.creationTimestamp);
    for (const p of pods) {
      const t =
        ((p.status as { conditions?: { type: string; lastTransitionTime?: string }[] } | undefined)?.conditions ?? []).find(
          (c) => c.type === "Ready",
        )?.lastTransitionTime ?? "";
      now.set(p.metadata.name ?? "", t);
      if (!last || last.get(p.metadata.name ?? "") !== t) consider(t);
    }
    this.seen.set(key, now);
    return min;
  }

  forget(svcKey: string): void {
    this.seen.delete(svcKey);
  }
}

/** the annotations with the trigger time set (or cleared) */
export function withTriggerTime(
  annotations: Record<string, string> | undefined,
  t: string | undefined,
): Record<string, string> | undefined {
  const out = { ...(annotations ?? {}) };
  if (t) out[LAST_CHANGE_TRIGGER_TIME] = new Date(Date.parse(t)).toISOString().replace(".000Z", "Z");
  else delete out[LAST_CHANGE_TRIGGER_TIME];
  return Object.keys(out).length ? out : undefined;
}
