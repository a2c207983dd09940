/**
 * Reading pod specs the way the kubelet does: container lists, the command line a container
 * runs (command/args over the image's entrypoint/cmd, with `$(VAR)` expansion), resource
 * requests and limits, QoS class, restart decisions, and `format.Pod`.
 */
import type { KubeObject } from "../api/types";
import { tryParseQuantity } from "../api/quantity";
import type { ResolvedImage } from "../runtime";

export interface Probe {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface Handler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string };
  sleep?: { seconds: number };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    resourceFieldRef?: { resource: string; containerName?: string };
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  ports?: { name?: string; containerPort: number }[];
  imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: Handler; postStart?: Handler };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  restartPolicy?: string;
  stdin?: boolean;
  tty?: boolean;
}

export interface PodSpec {
  nodeName?: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: "Always" | "OnFailure" | "Never";
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; emptyDir?: unknown }[];
  readinessGates?: { conditionType: string }[];
  hostname?: string;
  hostNetwork?: boolean;
  overhead?: Record<string, string>;
}

export const podSpec = (pod: KubeObject) => (pod.spec ?? { containers: [] }) as unknown as PodSpec;

/** format.Pod: name_namespace(uid) */
export function formatPod(pod: KubeObject): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

export function fieldPath(init: boolean, name: string): string {
  return `${init ? "spec.initContainers" : "spec.containers"}{${name}}`;
}

/** the default the API server applies: Always for :latest or untagged images */
export function pullPolicy(c: ContainerSpec): "Always" | "IfNotPresent" | "Never" {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const last = c.image.slice(c.image.lastIndexOf("/") + 1);
  return !last.includes(":") || last.endsWith(":latest") ? (c.image.includes("@") ? "IfNotPresent" : "Always") : "IfNotPresent";
}

/** kubelet's $(VAR) expansion (expansion.MappingFuncFor): unknown references stay as written */
export function expandVars(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === "$$" ? "$" : (env.get(name!) ?? m)));
}

/** the argv the runtime executes */
export function commandLine(c: ContainerSpec, img: ResolvedImage, env: Map<string, string>): string[] {
  const ep = img.data.entrypoint ?? [];
  const cmd = img.data.cmd ?? [];
  const argv = c.command?.length ? [...c.command, ...(c.args ?? [])] : c.args?.length ? [...ep, ...c.args] : [...ep, ...cmd];
  return argv.map((a) => expandVars(a, env));
}

const MILLI = (q: string | undefined) => (q ? (tryParseQuantity(q)?.milliValue() ?? 0) : 0);
const VALUE = (q: string | undefined) => (q ? (tryParseQuantity(q)?.value() ?? 0) : 0);

/** a container's requests (requests default to limits, as the API server does) */
export function containerRequests(c: ContainerSpec): { cpuMilli: number; memory: number; storage: number } {
  const r = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
  return { cpuMilli: MILLI(r.cpu), memory: VALUE(r.memory), storage: VALUE(r["ephemeral-storage"]) };
}

/** resourcehelper.PodRequests: max(sum of containers + sidecars, each init container) + overhead */
export function podRequests(spec: PodSpec): { cpuMilli: number; memory: number; storage: number } {
  const sum = { cpuMilli: 0, memory: 0, storage: 0 };
  for (const c of spec.containers) {
    const r = containerRequests(c);
    sum.cpuMilli += r.cpuMilli;
    sum.memory += r.memory;
    sum.storage += r.storage;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    if (c.restartPolicy === "Always") {
      sum.cpuMilli += r.cpuMilli;
      sum.memory += r.memory;
      continue;
    }
    sum.cpuMilli = Math.max(sum.cpuMilli, r.cpuMilli);
    sum.memory = Math.max(sum.memory, r.memory);
    sum.storage = Math.max(sum.storage, r.storage);
  }
  sum.cpuMilli += MILLI(spec.overhead?.cpu);
  sum.memory += VALUE(spec.overhead?.memory);
  return sum;
}

export function memoryLimit(c: ContainerSpec): number | undefined {
  const l = c.resources?.limits?.memory;
  return l ? VALUE(l) : undefined;
}

/** v1qos.GetPodQOS */
export function qosClass(spec: PodSpec): "Guaranteed" | "Burstable" | "BestEffort" {
  const all = [...spec.containers, ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const res of ["cpu", "memory"]) {
      const r = req[res] ?? lim[res];
      const l = lim[res];
      if ((r && !tryParseQuantity(r)?.isZero()) || (l && !tryParseQuantity(l)?.isZero())) any = true;
      if (!l || !r || MILLI(r) !== MILLI(l)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** restart decision for an exited container under the pod's (or sidecar's) restart policy */
export function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  if (policy === "Never") return false;
  if (policy === "OnFailure") return exitCode !== 0;
  return true;
}

/** ms of the pod's termination grace period */
export function graceMs(pod: KubeObject): number {
  const s = pod.metadata.deletionGracePeriodSeconds ?? podSpec(pod).terminationGracePeriodSeconds ?? 30;
  return Math.max(0, s) * 1000;
}

/** Go's time.Duration.String for whole milliseconds: "1.2s", "452ms", "5m0s" */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  return h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
}

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
