/**
 * A container's environment as the kubelet builds it (makeEnvironmentVariables): the image's
 * env, the `kubernetes` Service variables, envFrom, then env with `$(VAR)` expansion, field
 * references and ConfigMap/Secret keys. A missing ConfigMap/Secret/key is a
 * CreateContainerConfigError with upstream's message.
 */
import type { KubeObject } from "../api/types";
import type { KubeClient } from "../client";
import { expandVars, type ContainerSpec, podSpec } from "./pod-spec";
import { configMapsRef, secretsRef } from "./types";
import { podServiceEnv } from "../dns/envvars";

const servicesRef = { group: "", version: "v1", resource: "services" };

/** the Service variables of the pod's namespace (and the default namespace's `kubernetes`), as kubelet_pods.go does */
async function serviceEnv(client: KubeClient, pod: KubeObject): Promise<[string, string][]> {
  const ns = pod.metadata.namespace ?? "default";
  try {
    const lists = await Promise.all([...new Set(["default", ns])].map((n) => client.list(servicesRef, { namespace: n })));
    const links = (pod.spec as { enableServiceLinks?: boolean }).enableServiceLinks !== false;
    const vars = podServiceEnv(ns, lists.flatMap((l) => l.items), links).map((e) => [e.name, e.value] as [string, string]);
    return vars.length ? vars : SERVICE_ENV;
  } catch {
    return SERVICE_ENV;
  }
}

export class ConfigError extends Error {}

const SERVICE_ENV: [string, string][] = [
  ["KUBERNETES_SERVICE_HOST", "10.96.0.1"],
  ["KUBERNETES_SERVICE_PORT", "443"],
  ["KUBERNETES_SERVICE_PORT_HTTPS", "443"],
  ["KUBERNETES_PORT", "tcp://10.96.0.1:443"],
  ["KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"],
  ["KUBERNETES_PORT_443_TCP_PROTO", "tcp"],
  ["KUBERNETES_PORT_443_TCP_PORT", "443"],
  ["KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"],
];

function fieldValue(pod: KubeObject, path: string, hostIP: string, podIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return ((pod.metadata[m[1] as "labels" | "annotations"] ?? {}) as Record<string, string>)[m[2]!] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name ?? "";
    case "metadata.namespace":
      return pod.metadata.namespace ?? "";
    case "metadata.uid":
      return pod.metadata.uid ?? "";
    case "spec.nodeName":
      return podSpec(pod).nodeName ?? "";
    case "spec.serviceAccountName":
      return ((pod.spec as { serviceAccountName?: string }).serviceAccountName ?? "default");
    case "status.hostIP":
    case "status.hostIPs":
      return hostIP;
    case "status.podIP":
    case "status.podIPs":
      return podIP;
  }
  return "";
}

export async function containerEnv(client: KubeClient, pod: KubeObject, c: ContainerSpec, base: Map<string, string>, hostIP: string, podIP: string): Promise<Map<string, string>> {
  const ns = pod.metadata.namespace ?? "default";
  const env = new Map(base);
  env.set("HOSTNAME", podSpec(pod).hostname ?? pod.metadata.name ?? "");
  for (const [k, v] of await serviceEnv(client, pod)) env.set(k, v);
  const cache = new Map<string, KubeObject | null>();
  const fetch = async (kind: "configmap" | "secret", name: string): Promise<KubeObject | null> => {
    const key = `${kind}/${name}`;
    if (!cache.has(key)) {
      try {
        cache.set(key, await client.get(kind === "configmap" ? configMapsRef : secretsRef, ns, name));
      } catch {
        cache.set(key, null);
      }
    }
    return cache.get(key)!;
  };
  const dataOf = (kind: "configmap" | "secret", o: KubeObject): Record<string, string> => {
    if (kind === "configmap") return { ...((o as { data?: Record<string, string> }).data ?? {}) };
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((o as { data?: Record<string, string> }).data ?? {})) out[k] = Buffer.from(v, "base64").toString("utf8");
    for (const [k, v] of Object.entries((o as { stringData?: Record<string, string> }).stringData ?? {})) out[k] = v;
    return out;
  };
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? "configmap" : "secret";
    const o = await fetch(kind, ref.name);
    if (!o) {
      if (ref.optional) continue;
      throw new ConfigError(`${kind} "${ref.name}" not found`);
    }
    for (const [k, v] of Object.entries(dataOf(kind, o))) env.set(`${from.prefix ?? ""}${k}`, v);
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env.set(e.name, expandVars(e.value ?? "", env));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) env.set(e.name, fieldValue(pod, vf.fieldRef.fieldPath, hostIP, podIP));
    else if (vf.resourceFieldRef) env.set(e.name, resourceValue(c, vf.resourceFieldRef.resource));
    else {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      if (!ref) continue;
      const kind = vf.configMapKeyRef ? "configmap" : "secret";
      const o = await fetch(kind, ref.name);
      if (!o) {
        if (ref.optional) continue;
        throw new ConfigError(`${kind} "${ref.name}" not found`);
      }
      const data = dataOf(kind, o);
      if (!(ref.key in data)) {
        if (ref.optional) continue;
        throw new ConfigError(`couldn't find key ${ref.key} in ${kind === "configmap" ? "ConfigMap" : "Secret"} ${ns}/${ref.name}`);
      }
      env.set(e.name, data[ref.key]!);
    }
  }
  return env;
}

function resourceValue(c: ContainerSpec, resource: string): string {
  const [kind, res] = resource.split(".") as ["limits" | "requests", string];
  const q = c.resources?.[kind]?.[res];
  if (!q) return res === "cpu" ? "2" : res === "memory" ? String(4 * 1024 * 1024 * 1024) : "0";
  return q;
}
