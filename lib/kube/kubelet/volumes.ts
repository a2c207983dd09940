/**
 * What the kubelet puts into a container's filesystem besides the image: its volumes
 * (emptyDir shared by the pod's containers; ConfigMap, Secret, downward API and projected
 * volumes as one file per key, honouring `items[].path`) and the files it manages itself:
 * /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent) and /etc/resolv.conf
 * (the pod's DNS config, as containerd writes it).
 *
 * Not modelled: file modes (`defaultMode`/`items[].mode`), the `..data` symlink layout, and
 * updates of a mounted ConfigMap after the pod started.
 */
import type { KubeObject } from "../api/types";
import type { KubeClient } from "../client";
import { podResolvConf, renderResolvConf } from "../dns";
import { MemFs, type Sandbox } from "../runtime";
import { podSpec, type ContainerSpec } from "./pod-spec";
import { configMapsRef, secretsRef } from "./types";

/** a volume that cannot be set up yet (FailedMount); the message is upstream's */
export class MountError extends Error {}

interface KeyToPath {
  key: string;
  path: string;
}

interface VolumeSpec {
  name: string;
  emptyDir?: unknown;
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string } }[] };
  projected?: { sources?: { configMap?: VolumeSpec["configMap"]; secret?: { name: string; items?: KeyToPath[]; optional?: boolean }; downwardAPI?: VolumeSpec["downwardAPI"]; serviceAccountToken?: { path: string } }[] };
}

const volumesOf = (pod: KubeObject) => (podSpec(pod).volumes ?? []) as VolumeSpec[];

/** the [mountPath, volume, readOnly] mounts of a container (volumes the runtime can serve) */
export function containerMounts(pod: KubeObject, c: ContainerSpec): [string, string, boolean][] {
  const served = new Set(volumesOf(pod).filter((v) => v.emptyDir !== undefined || v.configMap || v.secret || v.downwardAPI || v.projected).map((v) => v.name));
  return (c.volumeMounts ?? []).filter((m) => served.has(m.name)).map((m) => [m.mountPath, m.name, !!m.readOnly || !volumesOf(pod).find((v) => v.name === m.name)?.emptyDir]);
}

function pick(kind: "configmap" | "secret", name: string, data: Record<string, string>, items: KeyToPath[] | undefined, optional: boolean | undefined): Record<string, string> {
  if (!items) return data;
  const out: Record<string, string> = {};
  for (const it of items) {
    if (!(it.key in data)) {
      if (optional) continue;
      throw new MountError(`${kind === "configmap" ? "configmap" : "secret"} references non-existent ${kind === "configmap" ? "config" : "secret"} key: ${it.key}`);
    }
    out[it.path] = data[it.key]!;
  }
  void name;
  return out;
}

async function fetchData(client: KubeClient, ns: string, kind: "configmap" | "secret", name: string, optional: boolean | undefined): Promise<Record<string, string> | undefined> {
  let o: KubeObject;
  try {
    o = await client.get(kind === "configmap" ? configMapsRef : secretsRef, ns, name);
  } catch {
    if (optional) return undefined;
    throw new MountError(`${kind} "${name}" not found`);
  }
  const out: Record<string, string> = {};
  const b64 = (v: string) => Buffer.from(v, "base64").toString("utf8");
  if (kind === "configmap") {
    Object.assign(out, (o as { data?: Record<string, string> }).data ?? {});
    for (const [k, v] of Object.entries((o as { binaryData?: Record<string, string> }).binaryData ?? {})) out[k] = b64(v);
  } else for (const [k, v] of Object.entries((o as { data?: Record<string, string> }).data ?? {})) out[k] = b64(v);
  return out;
}

function downward(pod: KubeObject, items: { path: string; fieldRef?: { fieldPath: string } }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const it of items ?? []) {
    const f = it.fieldRef?.fieldPath ?? "";
    const m = /^metadata\.(labels|annotations)$/.exec(f);
    if (m) {
      const map = (pod.metadata[m[1] as "labels" | "annotations"] ?? {}) as Record<string, string>;
      out[it.path] = Object.keys(map).sort().map((k) => `${k}="${map[k]}"`).join("\n");
    } else out[it.path] = f === "metadata.name" ? (pod.metadata.name ?? "") : f === "metadata.namespace" ? (pod.metadata.namespace ?? "") : f === "metadata.uid" ? (pod.metadata.uid ?? "") : "";
  }
  return out;
}

/** a projected service account token: a JWT-shaped placeholder (no API server accepts it) */
function saToken(pod: KubeObject): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const sa = (pod.spec as { serviceAccountName?: string }).serviceAccountName ?? "default";
  return `${enc({ alg: "RS256", kid: "kubelab" })}.${enc({ aud: ["https://kubernetes.default.svc.cluster.local"], iss: "https://kubernetes.default.svc.cluster.local", sub: `system:serviceaccount:${pod.metadata.namespace}:${sa}` })}.c2lnbmF0dXJl`;
}

/**
 * Fills the sandbox's ConfigMap/Secret/downward/projected volumes (once per pod sandbox);
 * throws MountError when a referenced object or key is missing.
 */
export async function setUpVolumes(client: KubeClient, pod: KubeObject, sb: Sandbox): Promise<void> {
  const ns = pod.metadata.namespace ?? "default";
  for (const v of volumesOf(pod)) {
    if (sb.volumes.has(v.name) || v.emptyDir !== undefined) continue;
    let files: Record<string, string> | undefined;
    const setUp = (e: unknown) => {
      throw e instanceof MountError ? new MountError(`MountVolume.SetUp failed for volume "${v.name}" : ${e.message}`) : e;
    };
    try {
      if (v.configMap) files = pick("configmap", v.configMap.name, (await fetchData(client, ns, "configmap", v.configMap.name, v.configMap.optional)) ?? {}, v.configMap.items, v.configMap.optional);
      else if (v.secret) files = pick("secret", v.secret.secretName, (await fetchData(client, ns, "secret", v.secret.secretName, v.secret.optional)) ?? {}, v.secret.items, v.secret.optional);
      else if (v.downwardAPI) files = downward(pod, v.downwardAPI.items);
      else if (v.projected) {
        files = {};
        for (const s of v.projected.sources ?? []) {
          if (s.configMap) Object.assign(files, pick("configmap", s.configMap.name, (await fetchData(client, ns, "configmap", s.configMap.name, s.configMap.optional)) ?? {}, s.configMap.items, s.configMap.optional));
          else if (s.secret) Object.assign(files, pick("secret", s.secret.name, (await fetchData(client, ns, "secret", s.secret.name, s.secret.optional)) ?? {}, s.secret.items, s.secret.optional));
          else if (s.downwardAPI) Object.assign(files, downward(pod, s.downwardAPI.items));
          else if (s.serviceAccountToken) files[s.serviceAccountToken.path] = saToken(pod);
        }
      }
    } catch (e) {
      setUp(e);
    }
    if (files) sb.volumes.set(v.name, new MemFs(Object.fromEntries(Object.entries(files).map(([p, c]) => [`/${p}`, c]))));
  }
}

/** /etc/hosts as the kubelet writes it for a pod on the pod network */
export function managedHosts(pod: KubeObject, ip: string): string {
  const spec = pod.spec as { hostname?: string; subdomain?: string; hostAliases?: { ip: string; hostnames?: string[] }[] };
  const host = spec.hostname ?? pod.metadata.name ?? "";
  let out = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n";
  out += spec.subdomain ? `${ip}\t${host}.${spec.subdomain}.${pod.metadata.namespace}.svc.cluster.local\t${host}\n` : `${ip}\t${host}\n`;
  if (spec.hostAliases?.length) {
    out += "\n# Entries added by HostAliases.\n";
    for (const a of spec.hostAliases) out += `${a.ip}\t${(a.hostnames ?? []).join("\t")}\n`;
  }
  return out;
}

/** the files the kubelet manages in every container of the pod */
export function managedFiles(pod: KubeObject, ip: string): Record<string, string> {
  const files: Record<string, string> = { "/etc/resolv.conf": renderResolvConf(podResolvConf(pod)) };
  if (!podSpec(pod).hostNetwork) files["/etc/hosts"] = managedHosts(pod, ip);
  return files;
}
