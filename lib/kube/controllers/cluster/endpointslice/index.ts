/**
 * endpointslice-controller (pkg/controller/endpointslice): for every Service with a selector,
 * EndpointSlices labelled `kubernetes.io/service-name=<svc>` and
 * `endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io`, owned by the Service,
 * named `<svc>-<5 random>` (generateName), one group per distinct port set, at most 100
 * endpoints a slice. Each endpoint carries ready/serving/terminating, nodeName and targetRef;
 * terminating pods stay listed (serving tells whether they still answer). A Service with no
 * matching pods keeps one empty placeholder slice, as upstream.
 */
import type { KubeObject } from "../../../api/types";
import { defineController, type ClusterComponent } from "../common/base";
import {
  TriggerTimeTracker,
  findPort,
  hostnameFor,
  isHeadless,
  managesEndpoints,
  podIP,
  podsForService,
  serviceSpec,
  shouldPodBeInEndpoints,
  watchServicesAndPods,
  withTriggerTime,
} from "../common/services";
import { ENDPOINTSLICES, PODS, SERVICES, canonical, controllerRef, errMessage, isNotFound, isPodReady, splitKey } from "../common/util";
import { compareIP } from "../endpoint";

export const ENDPOINTSLICE_CONTROLLER = "endpointslice-controller";
export const MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
export const MANAGED_BY = "endpointslice-controller.k8s.io";
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";
const HEADLESS_LABEL = "service.kubernetes.io/headless";
const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}
export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export function endpointSliceController(): ClusterComponent {
  return defineController(ENDPOINTSLICE_CONTROLLER, (env) => {
    const services = env.informer(SERVICES);
    const pods = env.informer(PODS);
    const slices = env.informer(ENDPOINTSLICES);
    watchServicesAndPods(services, pods, env.enqueue);
    const triggers = new TriggerTimeTracker();
    const onSlice = (s: KubeObject) => {
      const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) env.enqueue(`${s.metadata.namespace}/${svc}`);
    };
    slices.addEventHandler({ onUpdate: (_o, n) => onSlice(n), onDelete: onSlice });

    return async (key) => {
      const [ns, name] = splitKey(key);
      const svc = services.get(key);
      const ours = slices
        .list(ns)
        .filter(
          (s) =>
            s.metadata.labels?.[SERVICE_NAME_LABEL] === name &&
            s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY &&
            !s.metadata.deletionTimestamp,
        );
      const client = env.ctx.client;
      if (!svc || !managesEndpoints(svc)) {
        triggers.forget(key);
        // a deleted Service's slices go with it through the garbage collector; a selector removed later leaves them to us
        if (svc) for (const s of ours) await deleteSlice(s);
        return;
      }
      const selected = podsForService(pods, svc);
      const groups = desiredSlices(svc, selected);
      const triggerTime = triggers.compute(svc, selected);
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
      if (isHeadless(svc)) labels[HEADLESS_LABEL] = "";
      const unused = [...ours].sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
      try {
        for (const g of groups) {
          // reuse a slice with the same port set, else any spare one, else create
          let idx = unused.findIndex((s) => canonical(s.ports ?? []) === canonical(g.ports));
          if (idx < 0) idx = unused.findIndex(() => true);
          const existing = idx >= 0 ? unused.splice(idx, 1)[0] : undefined;
          // empty lists read back as null from upstream's protobuf storage (the placeholder shows `endpoints: null`)
          const body = { addressType: "IPv4", endpoints: g.endpoints.length ? g.endpoints : null, ports: g.ports.length ? g.ports : null };
          if (!existing) {
            const created = await client.create(ENDPOINTSLICES, ns, {
              apiVersion: "discovery.k8s.io/v1",
              kind: "EndpointSlice",
              metadata: {
                generateName: `${name}-`,
                labels,
                ...(triggerTime ? { annotations: withTriggerTime(undefined, triggerTime) } : {}),
                ownerReferences: [controllerRef(svc)],
              },
              ...body,
            });
            env.trace("create-endpointslice", created, key, "created", describe(g.endpoints));
          } else if (
            canonical(existing.endpoints ?? []) !== canonical(g.endpoints) ||
            canonical(existing.ports ?? []) !== canonical(g.ports) ||
            canonical(existing.metadata.labels) !== canonical(labels)
          ) {
            const updated = await client.update(ENDPOINTSLICES, ns, {
              ...existing,
              metadata: { ...existing.metadata, labels, annotations: withTriggerTime(existing.metadata.annotations, triggerTime) },
              ...body,
            });
            env.trace("update-endpointslice", updated, key, "updated", describe(g.endpoints));
          }
        }
        for (const s of unused) {
          await deleteSlice(s);
        }
      } catch (e) {
        env.event(svc, "Warning", "FailedToUpdateEndpointSlices", `Error updating Endpoint Slices for Service ${key}: ${errMessage(e)}`);
        throw e;
      }

      async function deleteSlice(s: KubeObject) {
        try {
          await client.delete(ENDPOINTSLICES, ns, s.metadata.name!);
          env.trace("delete-endpointslice", s, key, "deleted");
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
    };
  });
}

function describe(eps: SliceEndpoint[]): string {
  const ready = eps.filter((e) => e.conditions.ready).length;
  return `${eps.length} endpoint(s), ${ready} ready`;
}

/** podToEndpoint per pod, grouped by resolved port set and chunked by maxEndpointsPerSlice */
export function desiredSlices(svc: KubeObject, pods: KubeObject[]): { ports: SlicePort[]; endpoints: SliceEndpoint[] }[] {
  const spec = serviceSpec(svc);
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports: SlicePort[] = [];
    for (const sp of spec.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({ name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP", ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    ports.sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port);
    const serving = isPodReady(pod);
    const terminating = !!pod.metadata.deletionTimestamp;
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const hostname = hostnameFor(pod, svc);
    const ep: SliceEndpoint = {
      addresses: [podIP(pod)!],
      conditions: { ready: !!spec.publishNotReadyAddresses || (serving && !terminating), serving, terminating },
      ...(hostname ? { hostname } : {}),
      ...(nodeName ? { nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
    };
    const k = canonical(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, endpoints: [] }));
    g.endpoints.push(ep);
  }
  const out: { ports: SlicePort[]; endpoints: SliceEndpoint[] }[] = [];
  for (const [, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    g.endpoints.sort((a, b) => compareIP(a.addresses[0]!, b.addresses[0]!) || a.targetRef.uid.localeCompare(b.targetRef.uid));
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE)
      out.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  // the placeholder slice: a selected Service with no endpoints still has one (empty) slice
  if (out.length === 0) out.push({ ports: [], endpoints: [] });
  return out;
}
