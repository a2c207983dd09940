/**
 * endpoint-controller (pkg/controller/endpoint): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, ready ones under
 * `addresses` and the others under `notReadyAddresses`, per resolved port set
 * (endpoints.RepackSubsets). Services without a selector keep user-managed Endpoints.
 *
 * Also the API server's endpoint reconciler (pkg/controlplane/reconcilers): the `kubernetes`
 * Service's Endpoints and EndpointSlice point at the control-plane node's InternalIP:6443.
 */
import type { KubeObject } from "../../../api/types";
import { objectKey } from "../../../client";
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
import { ENDPOINTS, ENDPOINTSLICES, NODES, PODS, SERVICES, canonical, errMessage, isNotFound, isPodReady, splitKey } from "../common/util";
import { reconcileKubernetesService } from "./apiserver-endpoints";

export const ENDPOINT_CONTROLLER = "endpoint-controller";
const HEADLESS_LABEL = "service.kubernetes.io/headless";

interface Address {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: "Pod"; namespace: string; name: string; uid: string };
}
interface Port {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}
export interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: Port[];
}

export function endpointController(): ClusterComponent {
  return defineController(ENDPOINT_CONTROLLER, (env) => {
    const services = env.informer(SERVICES);
    const pods = env.informer(PODS);
    const endpoints = env.informer(ENDPOINTS);
    watchServicesAndPods(services, pods, env.enqueue);
    const triggers = new TriggerTimeTracker();
    const onEp = (ep: KubeObject) => env.enqueue(objectKey(ep));
    endpoints.addEventHandler({ onUpdate: (_o, n) => onEp(n), onDelete: onEp });
    // the apiserver endpoint reconciler's inputs: the control-plane node and the kubernetes slice
    const apiserverKey = () => env.enqueue("default/kubernetes");
    env.informer(NODES).addEventHandler({ onAdd: apiserverKey, onUpdate: apiserverKey });
    const onSlice = (s: KubeObject) => {
      if (s.metadata.namespace === "default" && s.metadata.name === "kubernetes") apiserverKey();
    };
    env.informer(ENDPOINTSLICES).addEventHandler({ onUpdate: (_o, n) => onSlice(n), onDelete: onSlice });

    return async (key) => {
      const [ns, name] = splitKey(key);
      if (ns === "default" && name === "kubernetes") return reconcileKubernetesService(env, key);
      const svc = services.get(key);
      const current = endpoints.get(key);
      if (!svc) {
        triggers.forget(key);
        if (current && !current.metadata.deletionTimestamp) {
          try {
            await env.ctx.client.delete(ENDPOINTS, ns, name);
            env.trace("delete-endpoints", current, key, "deleted", "service is gone");
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        }
        return;
      }
      if (!managesEndpoints(svc)) return;
      const selected = podsForService(pods, svc);
      const subsets = desiredSubsets(svc, selected);
      const triggerTime = triggers.compute(svc, selected);
      const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
      if (isHeadless(svc)) labels[HEADLESS_LABEL] = "";
      else delete labels[HEADLESS_LABEL];
      if (
        current &&
        canonical(current.subsets ?? []) === canonical(subsets) &&
        canonical(current.metadata.labels ?? {}) === canonical(labels)
      )
        return;
      const summary = `${count(subsets, "addresses")} ready, ${count(subsets, "notReadyAddresses")} not ready`;
      try {
        if (!current) {
          const annotations = withTriggerTime(undefined, triggerTime);
          const created = await env.ctx.client.create(ENDPOINTS, ns, {
            apiVersion: "v1",
            kind: "Endpoints",
            metadata: { name, ...(Object.keys(labels).length ? { labels } : {}), ...(annotations ? { annotations } : {}) },
            ...(subsets.length ? { subsets } : {}),
          });
          env.trace("create-endpoints", created, key, "created", summary);
        } else {
          const next: KubeObject = {
            ...current,
            metadata: { ...current.metadata, labels, annotations: withTriggerTime(current.metadata.annotations, triggerTime) },
          };
          if (subsets.length) next.subsets = subsets;
          else delete next.subsets;
          const updated = await env.ctx.client.update(ENDPOINTS, ns, next);
          env.trace("update-endpoints", updated, key, "updated", summary);
        }
      } catch (e) {
        env.event(
          svc,
          "Warning",
          current ? "FailedToUpdateEndpoint" : "FailedToCreateEndpoint",
          `Failed to ${current ? "update" : "create"} endpoint ${key}: ${errMessage(e)}`,
        );
        throw e;
      }
    };
  });
}

function count(subsets: Subset[], field: "addresses" | "notReadyAddresses"): number {
  return subsets.reduce((n, s) => n + (s[field]?.length ?? 0), 0);
}

/** syncService's address loop followed by endpoints.RepackSubsets */
export function desiredSubsets(svc: KubeObject, pods: KubeObject[]): Subset[] {
  const spec = serviceSpec(svc);
  const tolerateUnready = !!spec.publishNotReadyAddresses;
  const entries: { addr: Address; ready: boolean; port?: Port }[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIP(pod)!;
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const hostname = hostnameFor(pod, svc);
    const addr: Address = {
      ip,
      ...(hostname ? { hostname } : {}),
      ...(nodeName ? { nodeName } : {}),
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name ?? "", uid: pod.metadata.uid ?? "" },
    };
    const ready = tolerateUnready || isPodReady(pod);
    const ports = spec.ports ?? [];
    if (ports.length === 0 && isHeadless(svc)) entries.push({ addr, ready });
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      entries.push({
        addr,
        ready,
        port: {
          ...(sp.name !== undefined && sp.name !== "" ? { name: sp.name } : {}),
          port,
          protocol: sp.protocol ?? "TCP",
          ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
        },
      });
    }
  }
  return repack(entries);
}

/** endpoints.RepackSubsets: one subset per distinct port set, addresses sorted, ready winning over not-ready */
function repack(entries: { addr: Address; ready: boolean; port?: Port }[]): Subset[] {
  const byAddr = new Map<string, { addr: Address; ready: boolean; ports: Map<string, Port> }>();
  for (const e of entries) {
    const k = `${e.addr.ip}\u0000${e.addr.targetRef.uid}`;
    let a = byAddr.get(k);
    if (!a) byAddr.set(k, (a = { addr: e.addr, ready: e.ready, ports: new Map() }));
    a.ready ||= e.ready;
    if (e.port) a.ports.set(`${e.port.name ?? ""}/${e.port.port}/${e.port.protocol}`, e.port);
  }
  const bySet = new Map<string, { ports: Port[]; ready: Address[]; notReady: Address[] }>();
  for (const a of byAddr.values()) {
    const ports = [...a.ports.values()].sort(
      (x, y) => (x.name ?? "").localeCompare(y.name ?? "") || x.port - y.port || x.protocol.localeCompare(y.protocol),
    );
    const k = canonical(ports);
    let s = bySet.get(k);
    if (!s) bySet.set(k, (s = { ports, ready: [], notReady: [] }));
    (a.ready ? s.ready : s.notReady).push(a.addr);
  }
  const byIP = (x: Address, y: Address) => compareIP(x.ip, y.ip) || x.targetRef.uid.localeCompare(y.targetRef.uid);
  return [...bySet.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, s]) => ({
      ...(s.ready.length ? { addresses: s.ready.sort(byIP) } : {}),
      ...(s.notReady.length ? { notReadyAddresses: s.notReady.sort(byIP) } : {}),
      ...(s.ports.length ? { ports: s.ports } : {}),
    }));
}

export function compareIP(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a.localeCompare(b);
}
