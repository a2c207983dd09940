/**
 * The API server's endpoint reconciler (pkg/controlplane/reconcilers, "lease" reconciler with one
 * API server): the selector-less `kubernetes` Service in `default` gets Endpoints and an
 * EndpointSlice named `kubernetes` pointing at the control-plane node's InternalIP:6443. The
 * endpoint-controller reconciles key "default/kubernetes" through here, so a learner who deletes
 * or edits them sees them restored.
 */
import type { KubeObject } from "../../../api/types";
import type { ControllerEnv } from "../common/base";
import { ENDPOINTS, ENDPOINTSLICES, NODES, canonical, isNotFound } from "../common/util";

const CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
export const APISERVER_PORT = 6443;

export function controlPlaneIP(nodes: KubeObject[]): string | undefined {
  const cp = nodes.find((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined);
  const addrs = (cp?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
  return addrs.find((a) => a.type === "InternalIP")?.address;
}

export async function reconcileKubernetesService(env: ControllerEnv, key: string): Promise<void> {
  const ip = controlPlaneIP(env.informer(NODES).list());
  if (!ip) return;
  const client = env.ctx.client;
  const ports = [{ name: "https", port: APISERVER_PORT, protocol: "TCP" }];
  const subsets = [{ addresses: [{ ip }], ports }];
  const ep = env.informer(ENDPOINTS).get(key);
  if (!ep) {
    const created = await client.create(ENDPOINTS, "default", {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "kubernetes", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
      subsets,
    });
    env.trace("reconcile-apiserver-endpoints", created, key, "created", `${ip}:${APISERVER_PORT}`);
  } else if (canonical(ep.subsets) !== canonical(subsets)) {
    const updated = await client.update(ENDPOINTS, "default", { ...ep, subsets });
    env.trace("reconcile-apiserver-endpoints", updated, key, "updated", `${ip}:${APISERVER_PORT}`);
  }
  const slice = env.informer(ENDPOINTSLICES).get(key);
  const endpoints = [{ addresses: [ip], conditions: { ready: true } }];
  try {
    if (!slice) {
      const created = await client.create(ENDPOINTSLICES, "default", {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "kubernetes", labels: { "kubernetes.io/service-name": "kubernetes" } },
        addressType: "IPv4",
        endpoints,
        ports,
      });
      env.trace("reconcile-apiserver-endpoints", created, key, "created", `EndpointSlice ${ip}:${APISERVER_PORT}`);
    } else if (canonical(slice.endpoints) !== canonical(endpoints) || canonical(slice.ports) !== canonical(ports)) {
      const updated = await client.update(ENDPOINTSLICES, "default", { ...slice, endpoints, ports });
      env.trace("reconcile-apiserver-endpoints", updated, key, "updated", `EndpointSlice ${ip}:${APISERVER_PORT}`);
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
