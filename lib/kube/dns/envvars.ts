/**
 * The Service environment variables the kubelet injects into every container
 * (pkg/kubelet/envvars FromServices + kubelet_pods.go getServiceEnvVarMap): for each Service
 * with a ClusterIP in the pod's namespace (when enableServiceLinks, the default) plus the
 * `kubernetes` Service of the default namespace:
 *   WEB_SERVICE_HOST, WEB_SERVICE_PORT, WEB_SERVICE_PORT_<NAMED PORT>,
 *   WEB_PORT=tcp://ip:port (first port), WEB_PORT_80_TCP, _PROTO, _PORT, _ADDR (every port).
 */
import type { KubeObject } from "../api/types";

export interface EnvVar {
  name: string;
  value: string;
}

interface ServiceShape {
  clusterIP?: string;
  ports?: { name?: string; port: number; protocol?: string }[];
}

/** makeEnvVariableName: upper case, dashes to underscores */
export const envVariableName = (s: string) => s.toUpperCase().replace(/-/g, "_");

/** FromServices for the given services, in the order given (those without a ClusterIP are skipped) */
export function serviceEnvVars(services: KubeObject[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as ServiceShape;
    const ip = spec.clusterIP;
    const ports = spec.ports ?? [];
    if (!ip || ip === "None" || ports.length === 0) continue;
    const prefix = envVariableName(svc.metadata.name ?? "");
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    out.push({ name: `${prefix}_SERVICE_PORT`, value: String(ports[0]!.port) });
    for (const p of ports) if (p.name) out.push({ name: `${prefix}_SERVICE_PORT_${envVariableName(p.name)}`, value: String(p.port) });
    ports.forEach((p, i) => {
      const proto = p.protocol ?? "TCP";
      const url = `${proto.toLowerCase()}://${ip}:${p.port}`;
      if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push(
        { name: pp, value: url },
        { name: `${pp}_PROTO`, value: proto.toLowerCase() },
        { name: `${pp}_PORT`, value: String(p.port) },
        { name: `${pp}_ADDR`, value: ip },
      );
    });
  }
  return out;
}

/**
 * getServiceEnvVarMap: the services a pod in `namespace` sees. `services` is every Service in
 * the cluster (e.g. an informer's list). Namespace services win over the default namespace's
 * `kubernetes` Service of the same name; the result is sorted by service name.
 */
export function podServiceEnv(namespace: string, services: KubeObject[], enableServiceLinks = true): EnvVar[] {
  const byName = new Map<string, KubeObject>();
  for (const s of services) {
    const ns = s.metadata.namespace;
    const name = s.metadata.name ?? "";
    if (ns === "default" && name === "kubernetes" && !byName.has(name)) byName.set(name, s);
    if (ns === namespace && enableServiceLinks) byName.set(name, s);
  }
  return serviceEnvVars([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s));
}
